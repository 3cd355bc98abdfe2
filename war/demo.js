// The index page's live demo: only the browser client /js/osmosis.js.
import * as diffusion from '/js/osmosis.js';

const $ = (id) => document.getElementById(id);
const rows = new Map(); // topic path -> {tr, count}
let session = null;
let stream = null;
let selected = null;
let publisher = null;

function status(text, error = false) {
  $('status').textContent = text;
  $('status').className = error ? 'status error' : 'status';
}

function show(value) {
  if (value === undefined) return '';
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (value && typeof value.get === 'function') return JSON.stringify(value.get());
  return String(value);
}

function row(topic, spec) {
  let r = rows.get(topic);
  if (!r) {
    $('empty')?.remove();
    const tr = document.createElement('tr');
    tr.dataset.topic = topic;
    tr.innerHTML = '<td class="path"></td><td class="type"></td><td class="value"></td><td class="count">0</td>';
    tr.querySelector('.path').textContent = topic;
    tr.querySelector('.type').textContent = spec ? spec.type : '';
    const rowsSorted = [...rows.keys(), topic].sort();
    const next = rows.get(rowsSorted[rowsSorted.indexOf(topic) + 1]);
    $('topics').insertBefore(tr, next ? next.tr : null);
    r = { tr, count: 0 };
    rows.set(topic, r);
  }
  return r;
}

function explain(error) {
  if (error && error.code === diffusion.errors.ErrorCode.UNKNOWN_MESSAGE_TYPE.code) {
    return 'This server does not support topics yet (it answered UNKNOWN_MESSAGE_TYPE, error 1002).';
  }
  return error && error.message ? error.message : String(error);
}

async function subscribe(text) {
  if (!session) return;
  if (selected) {
    const old = selected;
    selected = null;
    session.unselect(old).catch(() => {});
  }
  if (stream) stream.close();
  rows.forEach((r) => r.tr.remove());
  rows.clear();
  let s;
  try {
    s = diffusion.selectors.parse(text);
  } catch (e) {
    status(e.message, true);
    return;
  }
  stream = session.addStream(s, diffusion.datatypes.any())
    .on('subscribe', (topic, spec) => row(topic, spec))
    .on('value', (topic, spec, newValue) => {
      const r = row(topic, spec);
      r.count++;
      r.tr.querySelector('.value').textContent = show(newValue);
      r.tr.querySelector('.count').textContent = r.count;
      r.tr.classList.add('flash');
      requestAnimationFrame(() => requestAnimationFrame(() => r.tr.classList.remove('flash')));
    })
    .on('unsubscribe', (topic) => {
      const r = rows.get(topic);
      if (r) { r.tr.remove(); rows.delete(topic); }
    });
  try {
    await session.select(s);
    selected = s;
    status(`selected ${s.expression}`);
  } catch (e) {
    status(explain(e), true);
  }
}

$('subscribe').addEventListener('submit', (e) => {
  e.preventDefault();
  subscribe($('selector').value.trim());
});

$('publish').addEventListener('submit', async (e) => {
  e.preventDefault();
  const out = $('pubStatus');
  out.className = 'status';
  try {
    const value = JSON.parse($('pubValue').value);
    if (!publisher || publisher.isClosed() || publisher.getPrincipal() !== $('pubUser').value) {
      if (publisher) publisher.close();
      publisher = await diffusion.connect({ principal: $('pubUser').value, credentials: $('pubPassword').value });
    }
    const result = await publisher.topicUpdate.addAndSet($('pubPath').value, diffusion.topics.TopicType.JSON,
      diffusion.datatypes.json(), value);
    out.textContent = result.added ? 'added and set' : 'set';
  } catch (err) {
    out.textContent = explain(err);
    out.className = 'status error';
  }
});

try {
  session = await diffusion.connect({ retry: { attempts: 3, interval: 500 } });
  session.on('close', (reason) => status(`session closed: ${reason.name} ${reason.message}`, true));
  status(`connected as session ${session.sessionId}`);
  await subscribe($('selector').value.trim());
} catch (e) {
  status(`cannot connect: ${e.message}`, true);
}
window.osmosisDemo = { get session() { return session; } };
