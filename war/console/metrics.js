// The console's Metrics page (docs/OPERATIONS.md "The console"): the metric collectors' series as live charts
// (GET /api/v1/metrics/collectors/samples), the slowest sessions (GET /api/v1/sessions?sort=queue&limit=10) and the
// authentication rates (the counters of GET /api/v1/server's "metrics"). Polled every 2 s while the page is shown.
import { api, plot } from './console.js';

const $ = (id) => document.getElementById(id);
const HISTORY = 300; // samples kept per chart (10 minutes at one every 2 s; the chart shows the last 300 s)
const PERIOD = 2000;
const SLOWEST = 10;
const MAX_LINES = 8; // series per collector chart; the rest are listed as left out
const PALETTE = ['#1f6fd1', '#d1741f', '#2a9d4b', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d', '#b7950b'];

let timer = null;
let shown = false;
const rates = []; // {t, failureRate, successRate, slowCloseRate}
let last = null; // the previous server counters {t, failures, successes, slowCloses}
const charts = new Map(); // "kind/collector" -> {block, canvas, legend, samples, keys: [], colors: {}}

document.addEventListener('osmosis-console-page', (e) => {
  shown = e.detail === 'metrics';
  clearTimeout(timer);
  if (shown) tick();
});

$('signout').addEventListener('click', () => {
  shown = false;
  clearTimeout(timer);
  rates.length = 0;
  last = null;
  charts.clear();
  $('collectorCharts').replaceChildren();
  $('slowSessions').replaceChildren();
});

async function tick() {
  await Promise.all([collectors(), slowest(), authentication()]);
  if (shown) timer = setTimeout(tick, PERIOD);
}

/** What a refusal of an optional part says instead of its content. */
function unavailable(err, what) {
  if (err.status === 403) return `${what}: ${err.message}`;
  if (err.status === 404) return `${what} are not available on this server.`;
  return `${what}: ${err.message}`;
}

// ---- metric collectors -----------------------------------------------------------------------------------------

/** A group's series name: its labels in order ("$ClientType=JAVA"), or the collector's name when it has none. */
function groupName(group) {
  const labels = Object.entries(group.labels || {}).map(([k, v]) => `${k}=${v === '' ? '""' : v}`);
  return labels.length ? labels.join(' ') : '(all)';
}

async function collectors() {
  let samples;
  try {
    samples = await api('GET', 'metrics/collectors/samples');
  } catch (err) {
    $('collectorsNote').textContent = unavailable(err, 'Metric collectors');
    return;
  }
  const t = Date.now();
  const groups = samples.groups || [];
  $('collectorsNote').textContent = groups.length === 0
    ? 'No metric collector has a group yet: add one (docs/OPERATIONS.md "Metric collectors").'
    : samples.omitted ? `${samples.omitted} group(s) left out (maximumGroups or osmosis.metrics.maxGroups).` : '';
  const seen = new Set();
  const byCollector = new Map();
  for (const g of groups) {
    const id = `${g.kind}/${g.collector}`;
    if (!byCollector.has(id)) byCollector.set(id, []);
    byCollector.get(id).push(g);
  }
  for (const [id, list] of byCollector) {
    seen.add(id);
    const chart = charts.get(id) || newChart(id, list[0]);
    const sample = { t };
    for (const g of list) {
      for (const [value, n] of Object.entries(g.values || {})) {
        const key = `${groupName(g)} ${value}`;
        if (!(key in chart.colors)) {
          if (chart.keys.length >= MAX_LINES) { chart.leftOut.add(key); continue; }
          chart.colors[key] = PALETTE[chart.keys.length % PALETTE.length];
          chart.keys.push(key);
        }
        sample[key] = n;
      }
    }
    chart.samples.push(sample);
    while (chart.samples.length > HISTORY) chart.samples.shift();
    plot(chart.canvas, chart.keys, chart.colors, chart.samples);
    legend(chart, sample);
  }
  for (const [id, chart] of charts) {
    if (!seen.has(id)) { chart.block.remove(); charts.delete(id); }
  }
}

function newChart(id, group) {
  const block = document.createElement('div');
  block.className = 'collector';
  block.dataset.collector = id;
  const title = document.createElement('h3');
  title.textContent = `${group.kind} collector ${group.collector}`;
  const canvas = document.createElement('canvas');
  canvas.width = 720;
  canvas.height = 160;
  const legendBox = document.createElement('div');
  legendBox.className = 'legend';
  block.append(title, canvas, legendBox);
  $('collectorCharts').append(block);
  const chart = { block, canvas, legend: legendBox, samples: [], keys: [], colors: {}, leftOut: new Set() };
  charts.set(id, chart);
  return chart;
}

function legend(chart, sample) {
  const items = chart.keys.map((key) => {
    const item = document.createElement('span');
    item.className = 'series';
    item.dataset.series = key;
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = chart.colors[key];
    const value = document.createElement('b');
    value.textContent = sample[key] === undefined ? '–' : String(sample[key]);
    item.append(swatch, document.createTextNode(`${key} `), value);
    return item;
  });
  if (chart.leftOut.size) {
    const more = document.createElement('span');
    more.className = 'muted';
    more.textContent = ` and ${chart.leftOut.size} more series not drawn`;
    items.push(more);
  }
  chart.legend.replaceChildren(...items);
}

// ---- the slowest sessions --------------------------------------------------------------------------------------

async function slowest() {
  let list;
  try {
    list = await api('GET', `sessions?sort=queue&limit=${SLOWEST}`);
  } catch (err) {
    $('slowNote').textContent = unavailable(err, 'Sessions');
    return;
  }
  $('slowNote').textContent = list.length ? '' : 'No open session.';
  $('slowSessions').replaceChildren(...list.map((s) => {
    const tr = document.createElement('tr');
    tr.dataset.id = s.id;
    const cells = [s.id, s.principal || '(anonymous)', (s.properties && s.properties.$ClientType) || '',
      s.queued === null || s.queued === undefined ? '(other node)' : String(s.queued), s.node || ''];
    cells.forEach((text, i) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (i === 0) td.className = 'id';
      if (i === 3) td.className = 'queued';
      tr.append(td);
    });
    return tr;
  }));
}

// ---- authentication --------------------------------------------------------------------------------------------

async function authentication() {
  let server;
  try {
    server = await api('GET', 'server');
  } catch (err) {
    $('authNote').textContent = unavailable(err, 'The server view');
    return;
  }
  const m = server.metrics;
  if (!m) {
    $('authNote').textContent = 'This server does not report authentication counters.';
    return;
  }
  $('authNote').textContent = '';
  const now = { t: Date.now(), failures: m.authenticationFailures, successes: m.authenticationSuccesses,
    slowCloses: m.slowConsumerCloses };
  const rate = (key) => (last && now.t > last.t
    ? Math.max(0, Math.round(((now[key] - last[key]) * 10000) / (now.t - last.t)) / 10) : null);
  rates.push({ t: now.t, failureRate: rate('failures'), successRate: rate('successes'), slowCloseRate: rate('slowCloses') });
  last = now;
  while (rates.length > HISTORY) rates.shift();
  plot($('authRates'), ['failureRate', 'successRate', 'slowCloseRate'],
    { failureRate: '#c0392b', successRate: '#2a9d4b', slowCloseRate: '#8e44ad' }, rates);
  const latest = rates[rates.length - 1];
  const show = (id, v) => { $(id).textContent = v === null || v === undefined ? '–' : String(v); };
  show('lastAuthFailures', latest.failureRate);
  show('lastAuthSuccesses', latest.successRate);
  show('lastSlowCloses', latest.slowCloseRate);
  show('totalAuthFailures', m.authenticationFailures);
  show('totalSlowCloses', m.slowConsumerCloses);
}
