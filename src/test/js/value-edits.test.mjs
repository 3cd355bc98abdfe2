// STRING and BINARY deltas in the browser client (PROTOCOL §9 "Deltas"), in Node with a fake WebSocket: the
// stream gets the full new value, several triples apply against the previous value, the cached bytes are the
// client's own, a delta that does not fit is an error. Run: node --test src/test/js/
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { sockets } from './fake-websocket.mjs';

const { connect, datatypes } = await import('../../../war/js/osmosis.js');
const { applyEdits } = await import('../../../war/js/osmosis/value-edits.js');

async function open() {
  const opening = connect({ host: 'a', port: 8080, livenessTimeout: 0, reconnect: false });
  for (let i = 0; i < 500 && !(sockets.length > 0 && sockets[0].sent.length > 0); i++) {
    await new Promise((r) => setTimeout(r, 2));
  }
  sockets[0].answer({ t: 'connected', v: 1, sessionId: '6f1c-9a7d', server: 'osmosis', principal: '', roles: [],
    properties: {}, limits: { maxMessageSize: 65536, reconnectTimeout: 60000, maxOutboundQueue: 10000 } });
  return { session: await opening, socket: sockets[0] };
}

test('applyEdits: triples against the previous value, strings and bytes', () => {
  assert.equal(applyEdits('hello world', [6, 5, 'there']), 'hello there');
  assert.equal(applyEdits('hello there', [0, 1, 'J', 11, 0, '!']), 'Jello there!');
  assert.deepEqual(applyEdits(Uint8Array.of(0, 1, 2, 3, 4, 5), [2, 2, '/w==']), Uint8Array.of(0, 1, 255, 4, 5));
  assert.throws(() => applyEdits('abc', [2, 5, 'x']), /offset 5 is outside 0..1/);
  assert.throws(() => applyEdits('abc', [1, 0]), /non-empty array/);
});

test('a STRING and a BINARY delta reach the value stream as full values', async () => {
  const { session, socket } = await open();
  const seen = [];
  session.addStream('s', datatypes.string()).on({ value: (t, spec, v, old) => seen.push(`${old} -> ${v}`) });
  session.addStream('b', datatypes.binary()).on({
    value: (t, spec, v) => { seen.push(Array.from(v).join(',')); v[0] = 42; }, // the stream's bytes are its own
    error: (e) => seen.push(`error ${e.message}`),
  });
  await new Promise((r) => setTimeout(r, 0));
  socket.answer({ t: 'subscribe', a: 1, path: 's', type: 'STRING', properties: {} });
  socket.answer({ t: 'value', a: 1, n: 1, v: 'hello world' });
  socket.answer({ t: 'delta', a: 1, n: 2, d: [6, 5, 'there'] });
  socket.answer({ t: 'subscribe', a: 2, path: 'b', type: 'BINARY', properties: {} });
  socket.answer({ t: 'value', a: 2, n: 1, v: 'AAECAwQF' });
  socket.answer({ t: 'delta', a: 2, n: 2, d: [2, 2, '/w=='] });
  socket.answer({ t: 'delta', a: 2, n: 3, d: [9, 0, 'AA=='] });
  assert.deepEqual(seen, ['undefined -> hello world', 'hello world -> hello there', '0,1,2,3,4,5', '0,1,255,4,5',
    'error a delta for b does not apply: an edit\'s offset 9 is outside 0..5 of the previous value']);
  assert.equal(session.lastSequence('s'), 2);
  session.close();
});
