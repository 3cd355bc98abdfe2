// Server lists and the recovery-expiry hook in the browser client (docs/RECONNECTION.md "Server lists",
// "Recovery expiry"), in Node with a fake WebSocket: opening goes through `servers` in order; a lost session
// reconnects to its server first, then to the others; a server that refuses the reconnect (HANDSHAKE_REJECTED)
// hands over to the next; RECOVERY_EXPIRED and the granted timeout emit recoveryExpired. Run: node --test src/test/js/
import assert from 'node:assert/strict';
import { test } from 'node:test';

/** Every WebSocket the client opens, in order; `down` URLs fail at once (1006). */
const sockets = [];
const down = new Set();

class FakeWebSocket {
  static OPEN = 1;
  constructor(url) {
    this.url = url.replace(/[?&]compression=deflate-raw/, ''); // compression.test.mjs checks it
    this.readyState = 0;
    this.sent = [];
    sockets.push(this);
    queueMicrotask(() => {
      if (down.has(this.url)) {
        this.readyState = 3;
        this.onclose({ code: 1006, reason: '' });
        return;
      }
      this.readyState = 1;
      this.onopen();
    });
  }
  send(text) { this.sent.push(JSON.parse(text)); }
  close() { this.readyState = 3; }
  /** The server's side. */
  answer(message) { this.onmessage({ data: JSON.stringify(message) }); }
  drop(code = 1006) { this.readyState = 3; this.onclose({ code, reason: '' }); }
}
globalThis.WebSocket = FakeWebSocket;

const { connect } = await import('../../../war/js/osmosis.js');

const A = 'ws://a:8080/osmosis';
const B = 'ws://b:8080/osmosis';
const C = 'ws://c:8080/osmosis';
const ID = '6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b';

function connected(server, reconnected = false) {
  return { t: 'connected', v: 1, seq: true, ack: 0, sessionId: ID, token: 'secret', server, principal: '',
    roles: [], properties: {}, limits: { maxMessageSize: 65536, reconnectTimeout: 60000, maxOutboundQueue: 10000 },
    ...(reconnected ? { reconnected: true } : {}) };
}
const REJECTED = { t: 'close', reason: 'HANDSHAKE_REJECTED', code: 3, message: 'session unknown or expired' };

/** Waits until the client opened `count` sockets in all and the last has sent its handshake. */
async function socket(count) {
  for (let i = 0; i < 500 && !(sockets.length >= count && sockets[count - 1].sent.length > 0); i++) {
    await new Promise((r) => setTimeout(r, 2));
  }
  assert.ok(sockets.length >= count && sockets[count - 1].sent.length > 0, `socket ${count} opened and sent`);
  return sockets[count - 1];
}

const options = (servers) => ({
  servers, livenessTimeout: 0, reconnect: { strategy: (start) => setTimeout(start, 5) },
});

function reset() { sockets.length = 0; down.clear(); }

test('opening tries the servers in order and connects to the first that answers', async () => {
  reset();
  down.add(A);
  const opening = connect(options(['a:8080', 'ws://b:8080', { host: 'c', port: 8080 }]));
  const b = await socket(2);
  assert.equal(b.url, B);
  b.answer(connected('node-b'));
  const session = await opening;
  assert.deepEqual(sockets.map((s) => s.url), [A, B]);
  assert.equal(session.getServerUrl(), B);
  assert.equal(session.getServerName(), 'node-b');
  session.close();
});

test('opening fails with the last error when no server answers', async () => {
  reset();
  down.add(A);
  down.add(B);
  await assert.rejects(connect(options([A, B])), (e) => e.reason === 'CONNECTION_ERROR');
  assert.deepEqual(sockets.map((s) => s.url), [A, B]);
});

test('a lost session reconnects to its server first, then to the next in list order', async () => {
  reset();
  down.add(A);
  const opening = connect(options([A, B, C]));
  (await socket(2)).answer(connected('node-b'));
  const session = await opening;
  const events = [];
  session.on('disconnect', () => events.push('disconnect'));
  session.on('reconnect', () => events.push('reconnect'));
  down.clear();
  down.add(B);
  sockets[1].drop();
  const c = await socket(4);
  assert.deepEqual(sockets.map((s) => s.url), [A, B, B, C], 'B (its server), then C, before A');
  assert.equal(c.sent[0].sessionId, ID);
  c.answer(connected('node-c', true));
  assert.deepEqual(events, ['disconnect', 'reconnect']);
  assert.equal(session.getServerUrl(), C);
  assert.equal(session.getServerName(), 'node-c');
  session.close();
});

test('a server that does not know the session hands over to the next, which resumes it', async () => {
  reset();
  const opening = connect(options([A, B]));
  (await socket(1)).answer(connected('node-a'));
  const session = await opening;
  const closes = [];
  session.on('close', (r) => closes.push(r.name));
  sockets[0].drop();
  const again = await socket(2);
  assert.equal(again.url, A);
  again.answer(REJECTED);
  again.drop(4003);
  const b = await socket(3);
  assert.equal(b.url, B);
  b.answer(connected('node-b', true));
  assert.equal(session.getState(), 'CONNECTED_ACTIVE');
  assert.deepEqual(closes, []);
  session.close();
});

test('every server refusing closes the session with HANDSHAKE_REJECTED, each tried once', async () => {
  reset();
  const opening = connect(options([A, B, C]));
  (await socket(1)).answer(connected('node-a'));
  const session = await opening;
  const closed = new Promise((resolve) => session.on('close', resolve));
  sockets[0].drop();
  for (let i = 2; i <= 4; i++) (await socket(i)).answer(REJECTED);
  assert.equal((await closed).name, 'HANDSHAKE_REJECTED');
  assert.deepEqual(sockets.map((s) => s.url), [A, A, B, C]);
});

test('one server: a refusal closes at once, as before', async () => {
  reset();
  const opening = connect(options([A]));
  (await socket(1)).answer(connected('node-a'));
  const session = await opening;
  const closed = new Promise((resolve) => session.on('close', resolve));
  sockets[0].drop();
  (await socket(2)).answer(REJECTED);
  assert.equal((await closed).name, 'HANDSHAKE_REJECTED');
  assert.equal(sockets.length, 2);
});

test('servers must be a non-empty list', async () => {
  await assert.rejects(connect({ servers: [] }), (e) => e.reason === 'INVALID_ARGUMENT');
  await assert.rejects(connect({ servers: [42] }), (e) => e.reason === 'INVALID_ARGUMENT');
});

test('RECOVERY_EXPIRED from the server closes at once (no next server) and emits recoveryExpired after close', async () => {
  reset();
  const opening = connect(options([A, B]));
  (await socket(1)).answer(connected('node-a'));
  const session = await opening;
  const events = [];
  session.on('close', (r) => events.push(`close ${r.name} ${session.getState()}`));
  session.on('recoveryExpired', (r) => events.push(`recoveryExpired ${r.name}`));
  sockets[0].drop();
  (await socket(2)).answer({ t: 'close', reason: 'RECOVERY_EXPIRED', code: 15, message: 'window passed' });
  assert.deepEqual(events, ['close RECOVERY_EXPIRED CLOSED_BY_SERVER', 'recoveryExpired RECOVERY_EXPIRED']);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(sockets.length, 2, 'no other server is tried');
});

test('the granted timeout passing emits recoveryExpired with RECONNECT_ABORTED; abort() does not', async () => {
  reset();
  const short = (strategy) => ({ servers: [A, B], livenessTimeout: 0, reconnect: { strategy } });
  const opening = connect(short((start) => setTimeout(start, 5)));
  (await socket(1)).answer({ ...connected('node-a'), limits: { reconnectTimeout: 100 } });
  const session = await opening;
  const expired = new Promise((resolve) => session.on('recoveryExpired', (r) => resolve(r.name)));
  down.add(A);
  down.add(B);
  sockets[0].drop();
  assert.equal(await expired, 'RECONNECT_ABORTED');

  reset();
  const aborting = connect(short((start, abort) => abort()));
  (await socket(1)).answer(connected('node-a'));
  const gaveUp = await aborting;
  const events = [];
  gaveUp.on('recoveryExpired', () => events.push('recoveryExpired'));
  const closed = new Promise((resolve) => gaveUp.on('close', resolve));
  sockets[0].drop();
  assert.equal((await closed).name, 'RECONNECT_ABORTED');
  assert.deepEqual(events, []);
});
