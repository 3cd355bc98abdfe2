// The admin console over /api/v1 (README "Admin API"). Credentials live in this module's memory only.
const $ = (id) => document.getElementById(id);
const API = '/api/v1/';
const HISTORY = 300; // seconds on the chart

let auth = null; // "Basic ..." while signed in
let pollTimer = null;
let selectedId = null;
let lastCount = -1;
const samples = []; // {t, sessions, rooms, topics}
let pollTick = 0;

class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

export async function api(method, path, body) {
  // credentials 'omit': the browser adds no stored credentials and shows no login dialog on a 401
  const response = await fetch(API + path, {
    method,
    credentials: 'omit',
    // X-Requested-With: the admin API refuses state changes without it or a JSON body (CSRF, docs/SECURITY.md)
    headers: { Authorization: auth, Accept: 'application/json', 'X-Requested-With': 'osmosis-console',
      ...(body === undefined ? {} : { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = { message: text }; }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

function basic(user, password) {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let s = '';
  bytes.forEach((b) => { s += String.fromCharCode(b); });
  return 'Basic ' + btoa(s);
}

// ---- sign in / out --------------------------------------------------------------------------------------------

$('signin').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('signinError').textContent = '';
  auth = basic($('user').value, $('password').value);
  try {
    const server = await api('GET', 'server');
    $('password').value = '';
    $('signin').hidden = true;
    $('app').hidden = false;
    $('signout').hidden = false;
    $('who').textContent = `signed in as ${$('user').value}`;
    showServer(server);
    samples.length = 0;
    lastCount = -1;
    await refreshSessions();
    await refreshTopics();
    poll();
  } catch (err) {
    auth = null;
    $('signinError').textContent = err.status === 401 ? `Sign-in refused: ${err.message}` : `Sign-in failed: ${err.message}`;
  }
});

$('signout').addEventListener('click', () => {
  auth = null;
  clearTimeout(pollTimer);
  $('app').hidden = true;
  $('signout').hidden = true;
  $('signin').hidden = false;
  $('who').textContent = '';
  $('sessions').replaceChildren();
  $('topicTree').replaceChildren();
});

// ---- server and the chart -------------------------------------------------------------------------------------

function showServer(s) {
  const up = Math.round(s.uptimeMillis / 1000);
  $('server').textContent = `${s.name} ${s.version}, up ${Math.floor(up / 3600)}h ${Math.floor(up / 60) % 60}m ${up % 60}s, `
    + `started ${new Date(s.startTime).toLocaleString()}, ${s.sessions} session${s.sessions === 1 ? '' : 's'}`;
}

async function poll() {
  if (!auth) return;
  try {
    const optional = (e) => (e.status === 403 || e.status === 404 ? null : Promise.reject(e));
    const [server, rooms, topicList] = await Promise.all([
      api('GET', 'server'),
      api('GET', 'rooms').catch(optional),
      api('GET', 'topics').catch(optional), // paths and types only: the count of topics the caller may read
    ]);
    $('pollError').textContent = '';
    showServer(server);
    const previous = samples[samples.length - 1];
    const t = Date.now();
    const rate = (key) => (previous && previous[key] !== undefined && t > previous.t
      ? Math.max(0, Math.round(((server[key] - previous[key]) * 1000) / (t - previous.t))) : null);
    samples.push({ t, sessions: server.sessions, rooms: rooms ? rooms.length : null,
      topics: topicList ? topicList.length : server.topics, subscriptions: server.subscriptions,
      updates: server.updates, deliveries: server.deliveries,
      updateRate: rate('updates'), deliveryRate: rate('deliveries') });
    if (++pollTick % 2 === 0 && $('topicAuto').checked) refreshTopics();
    while (samples.length > HISTORY) samples.shift();
    draw();
    if (server.sessions !== lastCount) {
      lastCount = server.sessions;
      refreshSessions();
    }
  } catch (err) {
    $('pollError').textContent = `Polling /api/v1/server failed: ${err.message}`;
    if (err.status === 401) { $('signout').click(); $('signinError').textContent = 'Signed out: ' + err.message; return; }
  }
  if (auth) pollTimer = setTimeout(poll, 1000);
}

function draw() {
  plot($('chart'), ['sessions', 'rooms', 'topics', 'subscriptions'],
    { sessions: '#1f6fd1', rooms: '#d1741f', topics: '#2a9d4b', subscriptions: '#8e44ad' });
  plot($('rates'), ['deliveryRate', 'updateRate'], { deliveryRate: '#c0392b', updateRate: '#16a085' });
  const last = samples[samples.length - 1];
  const show = (id, v) => { $(id).textContent = v === null || v === undefined ? '–' : v; };
  show('lastTopics', last && last.topics);
  show('lastSessions', last && last.sessions);
  show('lastRooms', last && last.rooms);
  show('lastSubscriptions', last && last.subscriptions);
  show('lastDeliveries', last && last.deliveryRate);
  show('lastUpdates', last && last.updateRate);
}

/**
 * One chart: a line per key of the samples ({t, key: value}, oldest first; the overview's by default), on a shared
 * axis from 0 to the largest value shown. The Metrics page (metrics.js) draws its charts with it too.
 */
export function plot(canvas, keys, colors, data = samples) {
  const ctx = canvas.getContext('2d');
  const w = canvas.width;
  const h = canvas.height;
  const left = 40;
  const bottom = h - 20;
  ctx.clearRect(0, 0, w, h);
  const max = Math.max(4, ...data.map((s) => Math.max(...keys.map((k) => s[k] || 0))));
  const top = Math.ceil(max * 1.1);
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = '#666';
  ctx.strokeStyle = '#eee';
  ctx.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const v = Math.round((top * i) / 4);
    const y = bottom - (v / top) * (bottom - 10);
    ctx.beginPath(); ctx.moveTo(left, y + 0.5); ctx.lineTo(w, y + 0.5); ctx.stroke();
    ctx.fillText(String(v), 4, y + 4);
  }
  const now = Date.now();
  // the time axis grows with the samples from 10 s up to HISTORY, so a fresh console shows a line, not a dot
  const span = Math.min(HISTORY, Math.max(10, Math.ceil((now - (data.length ? data[0].t : now)) / 1000)));
  ctx.fillText(`last ${span} s`, left, h - 4);
  const x = (t) => left + (w - left) * (1 - (now - t) / (span * 1000));
  const y = (v) => bottom - (v / top) * (bottom - 10);
  const line = (key, color) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    let started = false;
    for (const s of data) {
      if (s[key] === null || s[key] === undefined) { started = false; continue; }
      if (started) ctx.lineTo(x(s.t), y(s[key])); else ctx.moveTo(x(s.t), y(s[key]));
      started = true;
    }
    ctx.stroke();
  };
  for (const key of keys) line(key, colors[key]);
}

// ---- sessions ---------------------------------------------------------------------------------------------------

function showFilterError(err) {
  $('sessionsError').textContent = err.message;
  if (typeof err.body.position === 'number') {
    const filter = err.body.filter ?? $('filter').value;
    $('filterCaret').textContent = `${filter}\n${' '.repeat(err.body.position)}^ position ${err.body.position}`;
    $('filterCaret').hidden = false;
  }
}

function clearErrors() {
  $('sessionsError').textContent = '';
  $('filterCaret').hidden = true;
}

async function refreshSessions() {
  const filter = $('filter').value.trim();
  let list;
  try {
    list = await api('GET', 'sessions' + (filter ? '?filter=' + encodeURIComponent(filter) : ''));
  } catch (err) {
    showFilterError(err);
    return;
  }
  clearErrors();
  $('sessionCount').textContent = `${list.length} session${list.length === 1 ? '' : 's'}${filter ? ' match' + (list.length === 1 ? 'es' : '') : ''}`;
  $('sessions').replaceChildren(...list.map((s) => {
    const tr = document.createElement('tr');
    tr.dataset.id = s.id;
    if (s.id === selectedId) tr.classList.add('selected');
    const cells = [s.id, s.principal || '(anonymous)', s.roles.join(', '), s.properties.$ClientType || '', s.state];
    cells.forEach((text, i) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (i === 0) td.className = 'id';
      tr.append(td);
    });
    const td = document.createElement('td');
    const close = document.createElement('button');
    close.textContent = 'Close';
    close.className = 'close';
    close.addEventListener('click', (e) => { e.stopPropagation(); closeSession(s.id); });
    td.append(close);
    tr.append(td);
    tr.addEventListener('click', () => showDetails(s.id));
    return tr;
  }));
  if (selectedId && !list.some((s) => s.id === selectedId) && !filter) hideDetails();
}

async function showDetails(id) {
  selectedId = id;
  document.querySelectorAll('#sessions tr').forEach((tr) => tr.classList.toggle('selected', tr.dataset.id === id));
  try {
    const s = await api('GET', 'sessions/' + encodeURIComponent(id));
    $('detailsId').textContent = s.id;
    $('detailsBody').textContent = JSON.stringify(s, null, 2);
    $('details').hidden = false;
  } catch (err) {
    $('sessionsError').textContent = err.status === 404 ? `Session ${id} no longer exists` : err.message;
    hideDetails();
  }
}

function hideDetails() {
  selectedId = null;
  $('details').hidden = true;
}

async function closeSession(id) {
  try {
    await api('DELETE', 'sessions/' + encodeURIComponent(id));
    if (id === selectedId) hideDetails();
  } catch (err) {
    $('sessionsError').textContent = `Closing ${id} failed: ${err.message}`;
  }
  await refreshSessions();
}

$('filterForm').addEventListener('submit', (e) => {
  e.preventDefault();
  refreshSessions();
});

$('closeOne').addEventListener('click', () => { if (selectedId) closeSession(selectedId); });

$('closeMatching').addEventListener('click', async () => {
  const filter = $('filter').value.trim();
  if (!filter) {
    $('sessionsError').textContent = 'Type a session filter first (use "all" to close every session).';
    return;
  }
  if (!window.confirm(`Close every session matching ${filter}?`)) return;
  try {
    const result = await api('POST', 'sessions/close?filter=' + encodeURIComponent(filter));
    clearErrors();
    $('sessionCount').textContent = `closed ${result.count} session${result.count === 1 ? '' : 's'}`;
  } catch (err) {
    showFilterError(err);
    return;
  }
  setTimeout(refreshSessions, 200);
});

// ---- topics: a tree over GET /api/v1/topics?selector=..&values=true, PUT and DELETE ---------------------------

let topicList = [];
const collapsed = new Set(); // branch paths the user folded

async function refreshTopics() {
  const selector = $('topicSelector').value.trim();
  let list;
  try {
    list = await api('GET', 'topics?values=true' + (selector ? '&selector=' + encodeURIComponent(selector) : ''));
  } catch (err) {
    $('topicsError').textContent = `Listing topics failed: ${err.message}`;
    return;
  }
  $('topicsError').textContent = '';
  topicList = list;
  $('topicCount').textContent = `${list.length} topic${list.length === 1 ? '' : 's'}${selector ? ' match' + (list.length === 1 ? 'es' : '') : ''}`;
  renderTree();
}

function compareSegments(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

function renderTree() {
  // every topic and every branch above one becomes a node; branches without a topic are shown greyed
  const nodes = new Map([['', { path: '', children: new Map(), topic: null }]]);
  for (const t of topicList) {
    const segments = t.path.split('/');
    let parent = nodes.get('');
    for (let i = 1; i <= segments.length; i++) {
      const path = segments.slice(0, i).join('/');
      let node = nodes.get(path);
      if (!node) {
        node = { path, name: segments[i - 1], depth: i - 1, children: new Map(), topic: null };
        nodes.set(path, node);
        parent.children.set(node.name, node);
      }
      parent = node;
    }
    parent.topic = t;
  }
  const rows = [];
  const walk = (node) => {
    for (const name of [...node.children.keys()].sort(compareSegments)) {
      const child = node.children.get(name);
      rows.push(row(child));
      if (!collapsed.has(child.path)) walk(child);
    }
  };
  walk(nodes.get(''));
  $('topicTree').replaceChildren(...rows);
}

function valueText(topic) {
  return topic.value === undefined ? '' : JSON.stringify(topic.value);
}

function row(node) {
  const tr = document.createElement('tr');
  tr.dataset.path = node.path;
  const name = document.createElement('td');
  name.style.paddingLeft = `${0.5 + node.depth * 1.2}rem`;
  const toggle = document.createElement('span');
  toggle.className = 'toggle';
  if (node.children.size > 0) {
    toggle.textContent = collapsed.has(node.path) ? '▸' : '▾';
    toggle.title = collapsed.has(node.path) ? 'expand' : 'collapse';
    toggle.addEventListener('click', (e) => {
      e.stopPropagation();
      if (collapsed.has(node.path)) collapsed.delete(node.path); else collapsed.add(node.path);
      renderTree();
    });
  }
  name.append(toggle, document.createTextNode(node.name));
  name.title = node.path;
  tr.append(name);
  if (!node.topic) {
    tr.className = 'branch';
    const td = document.createElement('td');
    td.colSpan = 3;
    td.textContent = `${node.children.size} below`;
    tr.append(td);
    return tr;
  }
  const t = node.topic;
  tr.dataset.topic = t.path;
  const props = Object.entries(t.properties || {}).map(([k, v]) => `${k}=${v}`).join(' ');
  for (const [text, cls] of [[t.type, 'type'], [valueText(t), 'value'], [props, 'props']]) {
    const td = document.createElement('td');
    td.className = cls;
    td.textContent = text;
    tr.append(td);
  }
  tr.addEventListener('click', () => editTopic(t.path));
  return tr;
}

async function editTopic(path) {
  try {
    const t = await api('GET', 'topics/' + path.split('/').map(encodeURIComponent).join('/'));
    $('topicPath').value = t.path;
    $('topicType').value = t.type;
    $('topicValue').value = t.value === null || t.value === undefined ? '' : JSON.stringify(t.value, null, 2);
    $('topicProps').value = Object.keys(t.properties || {}).length ? JSON.stringify(t.properties) : '';
    $('topicFormError').textContent = '';
    $('topicResult').textContent = '';
  } catch (err) {
    $('topicsError').textContent = err.status === 404 ? `Topic ${path} no longer exists` : err.message;
  }
}

/** The value box as the wire value of the type: JSON text, or plain text for STRING and BINARY. */
function parseValue(type, text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (type === 'STRING' || type === 'BINARY') return text;
    throw new Error(`the value is not JSON: ${e.message}`);
  }
}

$('topicListForm').addEventListener('submit', (e) => {
  e.preventDefault();
  refreshTopics();
});

$('topicForm').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('topicFormError').textContent = '';
  $('topicResult').textContent = '';
  const path = $('topicPath').value.trim();
  const type = $('topicType').value;
  let body;
  try {
    body = { type, value: parseValue(type, $('topicValue').value) };
    const props = $('topicProps').value.trim();
    if (props) {
      body.properties = JSON.parse(props);
      if (typeof body.properties !== 'object' || Array.isArray(body.properties) || body.properties === null) {
        throw new Error('the properties must be a JSON object');
      }
    }
  } catch (err) {
    $('topicFormError').textContent = err.message;
    return;
  }
  try {
    const result = await api('PUT', 'topics/' + path.split('/').map(encodeURIComponent).join('/'), body);
    $('topicResult').textContent = result.result === 'ADDED' ? `added ${path}` : `updated ${path}`;
  } catch (err) {
    $('topicFormError').textContent = `${err.status}: ${err.message}`;
  }
  await refreshTopics();
});

$('topicRemoveForm').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('removeError').textContent = '';
  $('removeResult').textContent = '';
  const selector = $('removeSelector').value.trim();
  if (!window.confirm(`Remove every topic matching ${selector}?`)) return;
  try {
    const result = await api('DELETE', 'topics?selector=' + encodeURIComponent(selector));
    $('removeResult').textContent = `removed ${result.removed} topic${result.removed === 1 ? '' : 's'}`;
  } catch (err) {
    $('removeError').textContent = `${err.status}: ${err.message}`;
  }
  await refreshTopics();
});
