// Sequence numbers and resuming topics by them in the browser client (PROTOCOL §9 `n`, §12 "Resuming topics by
// their sequence numbers"), in Node with a fake WebSocket: lastSequence follows the values and deltas, a reconnect
// sends the numbers as `topics`, a lostUpdates notice reaches the value stream; a reconnect sends the digest of the
// topics notified as `notified`, and a resync after a fail-over tells only what came and went. Run: node --test src/test/js/
import assert from 'node:assert/strict';
import { test } from 'node:test';

const sockets = [];

class FakeWebSocket {
  static OPEN = 1;
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    sockets.push(this);
    queueMicrotask(() => { this.readyState = 1; this.onopen(); });
  }
  send(text) { this.sent.push(JSON.parse(text)); }
  close() { this.readyState = 3; }
  answer(message) { this.onmessage({ data: JSON.stringify(message) }); }
  drop(code = 1006) { this.readyState = 3; this.onclose({ code, reason: '' }); }
}
globalThis.WebSocket = FakeWebSocket;

const { connect, datatypes } = await import('../../../war/js/osmosis.js');

const connected = (reconnected) => ({ t: 'connected', v: 1, seq: true, ack: 0, sessionId: '6f1c-9a7d', token: 't',
  server: 'osmosis', principal: '', roles: [], properties: {},
  limits: { maxMessageSize: 65536, reconnectTimeout: 60000, maxOutboundQueue: 10000 },
  ...(reconnected ? { reconnected: true } : {}) });

async function socket(count) {
  for (let i = 0; i < 500 && !(sockets.length >= count && sockets[count - 1].sent.length > 0); i++) {
    await new Promise((r) => setTimeout(r, 2));
  }
  assert.ok(sockets.length >= count && sockets[count - 1].sent.length > 0, `socket ${count} opened and sent`);
  return sockets[count - 1];
}

test('lastSequence follows n, a reconnect sends the numbers, lostUpdates reaches the stream', async () => {
  const opening = connect({ host: 'a', port: 8080, livenessTimeout: 0,
    reconnect: { strategy: (start) => setTimeout(start, 5) } });
  const first = await socket(1);
  assert.deepEqual(first.sent[0].topics, {}, 'a first connect says it can resume topics by their numbers');
  first.answer(connected(false));
  const session = await opening;
  const events = [];
  session.addStream('fx/EURUSD', datatypes.json()).on({
    value: (topic, spec, v) => events.push(`value ${session.lastSequence(topic)} ${JSON.stringify(v.get())}`),
    lostUpdates: (topic, spec, after, n) => events.push(`lost ${after + 1}..${n}`),
  });
  await new Promise((r) => setTimeout(r, 0));
  first.answer({ s: 1, ack: 0, m: [
    { t: 'subscribe', a: 7, path: 'fx/EURUSD', type: 'JSON', properties: {} },
    { t: 'value', a: 7, n: 40, v: { bid: 1 } },
    { t: 'delta', a: 7, n: 41, p: [{ op: 'replace', path: '/bid', value: 2 }] }] });
  assert.equal(session.lastSequence('fx/EURUSD'), 41);
  assert.equal(session.lastSequence('fx/GBPUSD'), 0);

  first.drop();
  const second = await socket(2);
  assert.equal(second.sent[0].sessionId, '6f1c-9a7d');
  assert.deepEqual(second.sent[0].topics, { 'fx/EURUSD': 41 }, 'the last number per subscribed topic');
  second.answer(connected(true));
  second.answer({ s: 4, ack: 0, m: [
    { t: 'lostUpdates', a: 7, after: 41, n: 57 },
    { t: 'value', a: 7, n: 57, v: { bid: 3 } }] });
  assert.deepEqual(events, ['value 40 {"bid":1}', 'value 41 {"bid":2}', 'lost 42..57', 'value 57 {"bid":3}']);
  session.close();
});

const note = (event, path) => ({ t: 'topicNotification', event, path, type: 'STRING', properties: {} });

test('a reconnect sends what was notified; a resync tells only the topics that came and went', async () => {
  const before = sockets.length;
  const opening = connect({ host: 'a', port: 8080, livenessTimeout: 0,
    reconnect: { strategy: (start) => setTimeout(start, 5) } });
  const first = await socket(before + 1);
  first.answer(connected(false));
  const session = await opening;
  const heard = [];
  await session.notifications.addListener({ onTopicNotification: (path, spec, type) => heard.push(`${type} ${path}`) });
  first.answer({ s: 1, ack: 0, m: [note('SELECTED', 'a'), note('SELECTED', 'b'), note('ADDED', 'gone'),
    note('REMOVED', 'gone')] });

  first.drop();
  const second = await socket(before + 2);
  // the digest the Java side computes (NotifiedDigestTest): a and b
  assert.deepEqual(second.sent[0].notified, { count: 2, hash: '0000030000001d29',
    descendants: { count: 0, hash: '0000000000000000' } });
  second.answer(connected(true));
  second.answer({ s: 5, ack: 0, m: [note('RESYNC', 'b'), note('RESYNC', 'c'),
    { t: 'topicNotification', event: 'RESYNCED', count: 2 }] });
  assert.deepEqual(heard, ['SELECTED a', 'SELECTED b', 'ADDED gone', 'REMOVED gone', 'ADDED c', 'REMOVED a']);
  // a notification the resync already told (one the dead node sent, replayed later) is not told again
  second.answer({ s: 8, ack: 0, m: [note('ADDED', 'c'), note('REMOVED', 'a')] });
  assert.equal(heard.length, 6);
  assert.deepEqual(session.notifications._digest().count, 2);
  session.close();
});

test('descendant notifications reach onDescendantNotification only, and are not counted as notified', async () => {
  const before = sockets.length;
  const opening = connect({ host: 'a', port: 8080, livenessTimeout: 0 });
  const first = await socket(before + 1);
  first.answer(connected(false));
  const session = await opening;
  const heard = [];
  await session.notifications.addListener({
    onTopicNotification: (path, spec, type) => heard.push(`topic ${type} ${path}`),
    onDescendantNotification: (path, type) => heard.push(`descendant ${type} ${path}`),
  });
  await session.notifications.addListener({ onTopicNotification: () => {} }); // without the method: fine
  first.answer({ s: 1, ack: 0, m: [
    { t: 'topicNotification', event: 'SELECTED', path: 'a/b', descendant: true },
    { t: 'topicNotification', event: 'REMOVED', path: 'a/b', descendant: true }] });
  assert.deepEqual(heard, ['descendant SELECTED a/b', 'descendant REMOVED a/b']);
  assert.equal(session.notifications._digest().count, 0);
  session.close();
});

const descendant = (event, path) => ({ t: 'topicNotification', event, path, descendant: true });

test('a reconnect sends the descendants told of; their resync tells only those that came and went', async () => {
  const before = sockets.length;
  const opening = connect({ host: 'a', port: 8080, livenessTimeout: 0,
    reconnect: { strategy: (start) => setTimeout(start, 5) } });
  const first = await socket(before + 1);
  first.answer(connected(false));
  const session = await opening;
  const heard = [];
  await session.notifications.addListener({
    onTopicNotification: (path, spec, type) => heard.push(`topic ${type} ${path}`),
    onDescendantNotification: (path, type) => heard.push(`${type} ${path}`),
  });
  first.answer({ s: 1, ack: 0, m: [descendant('SELECTED', 'a'), descendant('SELECTED', 'b'),
    descendant('ADDED', 'gone'), descendant('REMOVED', 'gone')] });

  first.drop();
  const second = await socket(before + 2);
  // descendants a and b: the same digest as topics a and b (NotifiedDigestTest)
  assert.deepEqual(second.sent[0].notified, { count: 0, hash: '0000000000000000',
    descendants: { count: 2, hash: '0000030000001d29' } });
  second.answer(connected(true));
  second.answer({ s: 5, ack: 0, m: [descendant('RESYNC', 'b'), descendant('RESYNC', 'c'),
    { t: 'topicNotification', event: 'RESYNCED', count: 2, descendant: true }] });
  assert.deepEqual(heard, ['SELECTED a', 'SELECTED b', 'ADDED gone', 'REMOVED gone', 'ADDED c', 'REMOVED a']);
  // one the resync already told (the dead node's, replayed later) is not told again
  second.answer({ s: 8, ack: 0, m: [descendant('ADDED', 'c'), descendant('REMOVED', 'a')] });
  assert.equal(heard.length, 6, heard.join());
  assert.deepEqual(session.notifications._digest().descendants.count, 2);
  session.close();
});
