// Answers to requests in the browser client (PROTOCOL §2 "Requests and responses"): a request id answers once.
// After a fail-over the server can, rarely, send a request's answer twice; the second (ok or error) is dropped,
// as the Java client does, and is not reported as a session error. An `error` that answers no request the
// session sent (no id, an id it never used) still is. In Node with a fake WebSocket. Run: node --test src/test/js/
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { sockets } from './fake-websocket.mjs';

const { connect } = await import('../../../war/js/osmosis.js');
const { Requests } = await import('../../../war/js/osmosis/requests.js');

const CONNECTED = { t: 'connected', v: 1, seq: true, ack: 0, sessionId: '6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b',
  token: 'secret', server: 'node-a', principal: '', roles: [], properties: {},
  limits: { maxMessageSize: 65536, reconnectTimeout: 60000, maxOutboundQueue: 10000 } };

/** Opens a session on a fresh fake socket; returns it, its socket and the session errors it emits. */
async function open() {
  sockets.length = 0;
  const opening = connect({ url: 'ws://a:8080/osmosis', livenessTimeout: 0 });
  for (let i = 0; i < 500 && !(sockets.length > 0 && sockets[0].sent.length > 0); i++) {
    await new Promise((r) => setTimeout(r, 2));
  }
  const socket = sockets[0];
  socket.answer(CONNECTED);
  const session = await opening;
  const errors = [];
  session.on('error', (e) => errors.push(e));
  return { session, socket, errors };
}

/** The id of the last request the client sent of type `t`. */
const lastId = (socket, t) => socket.sent.filter((m) => m.t === t).at(-1).id;

test('a second error for an already-answered request is dropped, not a session error', async () => {
  const { session, socket, errors } = await open();
  const ping = session.pingServer();
  const id = lastId(socket, 'ping');
  socket.answer({ t: 'error', id, code: 5003, message: 'the grid did not answer' });
  await assert.rejects(ping, (e) => e.code === 5003);
  socket.answer({ t: 'error', id, code: 5003, message: 'the grid did not answer' });
  socket.answer({ t: 'ok', id, time: 1 });
  assert.deepEqual(errors, []);
  session.close();
});

test('a second answer after an ok is dropped, the first settles the request', async () => {
  const { session, socket, errors } = await open();
  const ping = session.pingServer();
  const id = lastId(socket, 'ping');
  socket.answer({ t: 'ok', id, time: 42 });
  socket.answer({ t: 'error', id, code: 5003, message: 'the grid did not answer' });
  assert.equal((await ping).timestamp, 42);
  assert.deepEqual(errors, []);
  session.close();
});

test('an error without id or for an id never sent is still a session error', async () => {
  const { session, socket, errors } = await open();
  socket.answer({ t: 'error', code: 1001, message: 'malformed' });
  socket.answer({ t: 'error', id: 1000000, code: 1001, message: 'not ours' });
  assert.deepEqual(errors.map((e) => e.code), [1001, 1001]);
  session.close();
});

test('Requests: an id below nextId that is not pending was answered', () => {
  const requests = new Requests(() => {});
  const first = requests.request('ping');
  first.catch(() => {});
  assert.equal(requests.answer({ t: 'error', id: 1, code: 4001, message: 'x' }), null);
  assert.equal(requests.answer({ t: 'error', id: 1, code: 4001, message: 'x' }), null);
  assert.equal(requests.answer({ t: 'error', id: 2, code: 4001, message: 'x' })?.code, 4001);
  assert.equal(requests.answer({ t: 'error', id: 'x', code: 4001, message: 'x' })?.code, 4001);
});
