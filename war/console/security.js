// The console's Security page over /api/v1/security (docs/SECURITY.md, "The admin API"). Every change goes through
// the admin API: the principal and role forms through its convenience endpoints, the rest as scripts.
import { api } from './console.js';

const $ = (id) => document.getElementById(id);

// The permission names of the server (dev.osmosis.security.GlobalPermission / PathPermission; a unit test keeps
// these lists equal to them)
export const GLOBAL_PERMISSIONS = ['AUTHENTICATE', 'CONTROL_SERVER', 'MODIFY_SECURITY', 'MODIFY_SESSION',
  'REGISTER_HANDLER', 'VIEW_SECURITY', 'VIEW_SERVER', 'VIEW_SESSION', 'READ_TOPIC_VIEWS', 'MODIFY_TOPIC_VIEWS'];
export const PATH_PERMISSIONS = ['SELECT_TOPIC', 'READ_TOPIC', 'UPDATE_TOPIC', 'MODIFY_TOPIC',
  'SEND_TO_MESSAGE_HANDLER', 'SEND_TO_SESSION', 'ACQUIRE_LOCK', 'EXPOSE_BRANCH', 'QUERY_OBSOLETE_TIME_SERIES_EVENTS',
  'EDIT_TIME_SERIES_EVENTS', 'EDIT_OWN_TIME_SERIES_EVENTS'];
const AUDIT_SHOWN = 100;

let security = null; // the last GET /api/v1/security
let authentication = null; // the last GET /api/v1/security/authentication

// ---- the page tabs ------------------------------------------------------------------------------------------------

// the Metrics page (metrics.js) follows the 'osmosis-console-page' event
function showPage(name) {
  $('overview').hidden = name !== 'overview';
  $('securityPage').hidden = name !== 'security';
  $('metricsPage').hidden = name !== 'metrics';
  $('tabOverview').classList.toggle('current', name === 'overview');
  $('tabSecurity').classList.toggle('current', name === 'security');
  $('tabMetrics').classList.toggle('current', name === 'metrics');
  if (name === 'security') refresh();
  document.dispatchEvent(new CustomEvent('osmosis-console-page', { detail: name }));
}

$('tabOverview').addEventListener('click', (e) => { e.preventDefault(); showPage('overview'); });
$('tabSecurity').addEventListener('click', (e) => { e.preventDefault(); showPage('security'); });
$('tabMetrics').addEventListener('click', (e) => { e.preventDefault(); showPage('metrics'); });
$('signout').addEventListener('click', () => {
  security = null;
  authentication = null;
  for (const id of ['principals', 'roles', 'audit']) $(id).replaceChildren();
  showPage('overview');
});
$('secReload').addEventListener('click', () => refresh());

// permission checkboxes of the role editor
for (const [fieldset, names] of [['roleGlobal', GLOBAL_PERMISSIONS], ['roleDefault', PATH_PERMISSIONS]]) {
  for (const name of names) {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = name;
    label.append(box, document.createTextNode(' ' + name));
    $(fieldset).append(label);
  }
}

// ---- reading --------------------------------------------------------------------------------------------------

const list = (text) => text.split(',').map((s) => s.trim()).filter((s) => s);
const joined = (values) => (values && values.length ? values.join(', ') : '—');

function cell(tr, text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  tr.append(td);
  return td;
}

function button(text, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.addEventListener('click', (e) => { e.stopPropagation(); onClick(); });
  return b;
}

async function refresh() {
  $('secError').textContent = '';
  try {
    [security, authentication] = await Promise.all([api('GET', 'security'), api('GET', 'security/authentication')]);
  } catch (err) {
    $('secError').textContent = `Reading the security stores failed: ${err.status || ''} ${err.message}`;
    return;
  }
  showPrincipals();
  showRoles();
  showPolicies();
  await refreshAudit();
}

function showPrincipals() {
  $('principals').replaceChildren(...authentication.principals.map((p) => {
    const tr = document.createElement('tr');
    tr.dataset.principal = p.name;
    cell(tr, p.name);
    cell(tr, joined(p.roles), 'roles');
    cell(tr, p.lockingPrincipal || '');
    cell(tr, '').append(button('Remove', () => removePrincipal(p.name)));
    tr.addEventListener('click', () => {
      $('principalName').value = p.name;
      $('principalPassword').value = '';
      $('principalRoles').value = p.roles.join(', ');
      $('principalResult').textContent = '';
      $('principalError').textContent = '';
    });
    return tr;
  }));
}

function pathText(topic) {
  return Object.entries(topic || {}).map(([path, permissions]) => `${path}: ${permissions.join(', ')}`);
}

function showRoles() {
  $('roles').replaceChildren(...security.roles.map((r) => {
    const tr = document.createElement('tr');
    tr.dataset.role = r.name;
    cell(tr, r.name);
    cell(tr, joined(r.global), 'permissions');
    cell(tr, joined(r.default), 'permissions');
    cell(tr, pathText(r.topic).join('\n') || '—', 'paths');
    cell(tr, joined(r.roles));
    cell(tr, '').append(button('Remove', () => removeRole(r.name)));
    tr.addEventListener('click', () => editRole(r));
    return tr;
  }));
}

function editRole(r) {
  $('roleName').value = r.name;
  document.querySelectorAll('#roleGlobal input').forEach((box) => { box.checked = r.global.includes(box.value); });
  document.querySelectorAll('#roleDefault input').forEach((box) => { box.checked = r.default.includes(box.value); });
  $('rolePaths').value = pathText(r.topic).join('\n');
  $('roleIncludes').value = r.roles.join(', ');
  $('roleResult').textContent = '';
  $('roleError').textContent = '';
}

function showPolicies() {
  $('anonymousAction').value = authentication.anonymous.action;
  $('anonymousRoles').value = authentication.anonymous.roles.join(', ');
  $('namedDefaults').value = security.named.join(', ');
  $('anonymousDefaults').value = security.anonymous.join(', ');
  $('isolatedPaths').textContent = joined(security.isolatedPaths);
  const trusted = Object.entries(authentication.trustedClientProposedProperties)
    .map(([name, v]) => (v.type === 'matches' ? `${name} matches ${v.regex}` : `${name} in [${v.values.join(', ')}]`));
  $('trustedProperties').textContent = trusted.length ? trusted.join('; ') : 'none listed (every proposed property is kept)';
}

/** The latest entries: the audit API pages oldest first, so this reads every page and keeps the last ones. */
async function refreshAudit() {
  const latest = [];
  let after = 0;
  for (let page = 0; page < 50; page++) {
    let entries;
    try {
      entries = await api('GET', `security/audit?after=${after}&limit=1000`);
    } catch (err) {
      $('secError').textContent = `Reading the audit trail failed: ${err.status || ''} ${err.message}`;
      return;
    }
    latest.push(...entries);
    latest.splice(0, Math.max(0, latest.length - AUDIT_SHOWN));
    if (entries.length < 1000) break;
    after = entries[entries.length - 1].id;
  }
  $('audit').replaceChildren(...latest.reverse().map((a) => {
    const tr = document.createElement('tr');
    tr.dataset.id = a.id;
    cell(tr, a.id);
    cell(tr, new Date(a.at).toLocaleString());
    cell(tr, a.principal);
    cell(tr, a.session || '(admin API)', 'id');
    cell(tr, a.store);
    cell(tr, a.script, 'script');
    cell(tr, a.node);
    return tr;
  }));
}

// ---- changing -------------------------------------------------------------------------------------------------

function failed(id, err) {
  $(id).textContent = `${err.status || ''}: ${err.message}`;
}

$('principalForm').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('principalError').textContent = '';
  $('principalResult').textContent = '';
  const name = $('principalName').value.trim();
  const body = { roles: list($('principalRoles').value) };
  if ($('principalPassword').value) body.password = $('principalPassword').value;
  try {
    const result = await api('PUT', 'security/principals/' + encodeURIComponent(name), body);
    $('principalPassword').value = '';
    $('principalResult').textContent = `${result.result === 'ADDED' ? 'added' : 'updated'} ${name}`;
  } catch (err) {
    failed('principalError', err);
    return;
  }
  await refresh();
});

async function removePrincipal(name) {
  if (!window.confirm(`Remove principal ${name}? Its open sessions are closed.`)) return;
  try {
    await api('DELETE', 'security/principals/' + encodeURIComponent(name));
    $('principalResult').textContent = `removed ${name}`;
  } catch (err) {
    failed('principalError', err);
  }
  await refresh();
}

/** The path permissions box as {path: [permissions]}; throws naming a line that is not "path: PERM, ...". */
function parsePaths(text) {
  const topic = {};
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const colon = line.lastIndexOf(':');
    if (colon <= 0) throw new Error(`path permissions, line ${i + 1}: write "path: PERMISSION, ..."`);
    topic[line.slice(0, colon).trim()] = list(line.slice(colon + 1));
  });
  return topic;
}

$('roleForm').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('roleError').textContent = '';
  $('roleResult').textContent = '';
  const name = $('roleName').value.trim();
  const checked = (id) => [...document.querySelectorAll(`#${id} input:checked`)].map((box) => box.value);
  let body;
  try {
    body = { global: checked('roleGlobal'), default: checked('roleDefault'), topic: parsePaths($('rolePaths').value),
      roles: list($('roleIncludes').value) };
  } catch (err) {
    $('roleError').textContent = err.message;
    return;
  }
  try {
    const result = await api('PUT', 'security/roles/' + encodeURIComponent(name), body);
    $('roleResult').textContent = `${result.result === 'ADDED' ? 'added' : 'updated'} ${name}`;
  } catch (err) {
    failed('roleError', err);
    return;
  }
  await refresh();
});

async function removeRole(name) {
  if (!window.confirm(`Remove role ${name}?`)) return;
  try {
    await api('DELETE', 'security/roles/' + encodeURIComponent(name));
    $('roleResult').textContent = `removed ${name}`;
  } catch (err) {
    failed('roleError', err);
  }
  await refresh();
}

/** A string of the script language (docs/SECURITY.md): quoted, " and \ escaped. */
const quote = (s) => `"${s.replace(/[\\"]/g, (c) => '\\' + c)}"`;
const strings = (values) => `[${values.map(quote).join(', ')}]`;

/** Runs a script on one store; answers the error, or null when it was applied. */
async function runScript(store, script, resultId, errorId) {
  $(errorId).textContent = '';
  $(resultId).textContent = '';
  let error = null;
  try {
    await api('POST', store === 'security' ? 'security/script' : 'security/authentication/script', { script });
    $(resultId).textContent = 'saved';
  } catch (err) {
    failed(errorId, err);
    error = err;
  }
  await refresh();
  return error;
}

$('anonymousForm').addEventListener('submit', (e) => {
  e.preventDefault();
  const action = $('anonymousAction').value;
  const script = action === 'allow' ? `allow anonymous connections ${strings(list($('anonymousRoles').value))}`
    : `${action} anonymous connections`;
  runScript('authentication', script, 'anonymousResult', 'anonymousError');
});

$('defaultRolesForm').addEventListener('submit', (e) => {
  e.preventDefault();
  const script = `set roles for named sessions ${strings(list($('namedDefaults').value))}\n`
    + `set roles for anonymous sessions ${strings(list($('anonymousDefaults').value))}`;
  runScript('security', script, 'defaultsResult', 'anonymousError');
});

$('scriptForm').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('scriptCaret').hidden = true;
  const store = document.querySelector('input[name=scriptStore]:checked').value;
  const script = $('scriptText').value;
  const err = await runScript(store, script, 'scriptResult', 'scriptError');
  // an INVALID_SCRIPT answer names the line and column: show that line with a caret under the column
  if (err && typeof err.body.line === 'number') {
    const { line, column } = err.body;
    const text = script.split('\n')[line - 1] ?? '';
    $('scriptCaret').textContent = `${text}\n${' '.repeat(Math.max(0, column - 1))}^ line ${line}, column ${column}`;
    $('scriptCaret').hidden = false;
  }
});
