// Deflated frames in the browser client (PROTOCOL "Deflated frames"), in Node (which has DecompressionStream) with
// a fake WebSocket: the client asks for them in its URL, a binary frame inflates to the text frame it stands for,
// frames after one still being inflated wait behind it (order kept), a malformed one ends the connection.
// Run: node --test src/test/js/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateRawSync } from 'node:zlib';

import { sockets } from './fake-websocket.mjs';

const { connect, datatypes } = await import('../../../war/js/osmosis.js');
const { withCompression } = await import('../../../war/js/osmosis/transports.js');

/** What the server sends for a text frame: kind byte 1, then its UTF-8 raw-deflated. */
function deflated(message) {
  const body = deflateRawSync(Buffer.from(JSON.stringify(message), 'utf8'), { level: 1 });
  const frame = new Uint8Array(body.length + 1);
  frame[0] = 1;
  frame.set(body, 1);
  return frame.buffer;
}

async function open() {
  const before = sockets.length;
  const opening = connect({ host: 'a', port: 8080, livenessTimeout: 0, reconnect: false });
  for (let i = 0; i < 500 && !(sockets.length > before && sockets[before].sent.length > 0); i++) {
    await new Promise((r) => setTimeout(r, 2));
  }
  const socket = sockets[before];
  socket.answer({ t: 'connected', v: 1, sessionId: '6f1c-9a7d', server: 'osmosis', principal: '', roles: [],
    properties: {}, limits: { maxMessageSize: 1 << 20, reconnectTimeout: 60000, maxOutboundQueue: 10000 } });
  return { session: await opening, socket };
}

test('the client asks for deflated frames where it can inflate them', async () => {
  assert.equal(withCompression('ws://a:8080/osmosis'), 'ws://a:8080/osmosis?compression=deflate-raw');
  assert.equal(withCompression('ws://a/osmosis?x=1#f'), 'ws://a/osmosis?x=1&compression=deflate-raw#f');
  const { session, socket } = await open();
  assert.match(socket.requested, /\/osmosis\?compression=deflate-raw$/);
  assert.equal(socket.binaryType, 'arraybuffer');
  session.close();
});

test('a deflated value arrives whole, and text frames after it keep their order', async () => {
  const { session, socket } = await open();
  const seen = [];
  session.addStream('big/doc', datatypes.json()).on({ value: (t, spec, v) => seen.push(v.get()) });
  await new Promise((r) => setTimeout(r, 0));
  const large = { rows: Array.from({ length: 500 }, (_, i) => ({ i, name: `row ${i}`, price: i * 1.5 })) };
  socket.answer({ t: 'subscribe', a: 3, path: 'big/doc', type: 'JSON', properties: { COMPRESSION: 'low' } });
  socket.answer({ t: 'value', a: 3, n: 1, v: { small: 1 } });
  socket.onmessage({ data: deflated({ t: 'value', a: 3, n: 2, v: large }) });
  socket.answer({ t: 'value', a: 3, n: 3, v: { small: 3 } }); // must not overtake the frame being inflated
  socket.onmessage({ data: deflated([{ t: 'value', a: 3, n: 4, v: large }, { t: 'value', a: 3, n: 5, v: { b: 5 } }]) });
  socket.answer({ t: 'value', a: 3, n: 6, v: { small: 6 } });
  assert.deepEqual(seen, [{ small: 1 }], 'the rest waits for the inflate');
  for (let i = 0; i < 200 && seen.length < 6; i++) await new Promise((r) => setTimeout(r, 2));
  assert.deepEqual(seen, [{ small: 1 }, large, { small: 3 }, large, { b: 5 }, { small: 6 }]);
  assert.equal(session.lastSequence('big/doc'), 6);
  socket.answer({ t: 'value', a: 3, n: 7, v: { small: 7 } });
  assert.deepEqual(seen.at(-1), { small: 7 }, 'nothing pending: text goes through at once again');
  session.close();
});

test('a malformed deflated frame ends the connection', async () => {
  const { session, socket } = await open();
  const closed = new Promise((resolve) => session.on({ close: (reason) => resolve(reason) }));
  socket.onmessage({ data: Uint8Array.of(1, 0xff, 0x07, 0x07).buffer });
  const reason = await Promise.race([closed, new Promise((r) => setTimeout(() => r('no close'), 2000))]);
  assert.notEqual(reason, 'no close');
  assert.equal(socket.readyState, 3, 'the client closed the WebSocket');
});
