// Selection scopes in the browser client (PROTOCOL §9, TOPICS.md "Selection scopes") and client control's scoped
// subscriptions, selections and conflation (§8): the frames each method sends and what it resolves with. In Node
// with a fake WebSocket. Run: node --test src/test/js/
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { sockets } from './fake-websocket.mjs';

const { connect } = await import('../../../war/js/osmosis.js');

const CONNECTED = { t: 'connected', v: 1, sessionId: '6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b', token: 'secret',
  server: 'node-a', principal: '', roles: [], properties: {},
  limits: { maxMessageSize: 65536, reconnectTimeout: 60000, maxOutboundQueue: 10000 } };
const OTHER = '0123456789abcdef-fedcba9876543210';

async function open() {
  sockets.length = 0;
  const opening = connect({ url: 'ws://a:8080/osmosis', livenessTimeout: 0 });
  for (let i = 0; i < 500 && !(sockets.length > 0 && sockets[0].sent.length > 0); i++) {
    await new Promise((r) => setTimeout(r, 2));
  }
  const socket = sockets[0];
  socket.answer(CONNECTED);
  return { session: await opening, socket };
}

/** The last message the client sent, without its id; answers it with `ok` and `fields`. */
function lastAnswered(socket, fields) {
  const { id, ...message } = socket.sent.at(-1);
  socket.answer({ t: 'ok', id, ...fields });
  return message;
}

test('selectWithScope / unsubscribeWithScope / unsubscribeAllScopes send the scope only outside the default', async () => {
  const { session, socket } = await open();
  assert.equal(session.DEFAULT_SELECTION_SCOPE, '');

  const selected = session.selectWithScope('?prices//', 'ticker');
  assert.deepEqual(lastAnswered(socket, { count: 2 }), { t: 'select', selector: '?prices//', scope: 'ticker' });
  assert.equal(await selected, 2);

  const inDefault = session.unsubscribeWithScope('?prices//');
  assert.deepEqual(lastAnswered(socket, { count: 0 }), { t: 'unselect', selector: '?prices//' });
  assert.equal(await inDefault, 0);

  const inTicker = session.unsubscribeWithScope(['>prices/a'], 'ticker');
  assert.deepEqual(lastAnswered(socket, { count: 1 }), { t: 'unselect', selector: '>prices/a', scope: 'ticker' });
  assert.equal(await inTicker, 1);

  const everywhere = session.unsubscribeAllScopes('?prices//');
  assert.deepEqual(lastAnswered(socket, { count: 1 }), { t: 'unselectAllScopes', selector: '?prices//' });
  assert.equal(await everywhere, 1);

  const refused = session.selectWithScope('>a', '$internal');
  const { id } = socket.sent.at(-1);
  socket.answer({ t: 'error', id, code: 4001, message: "invalid selection scope: it starts with '$', which is reserved" });
  await assert.rejects(refused, (e) => e.code === 4001);
  session.close();
});

test('clients: scoped subscribe/unsubscribe, unsubscribeAllScopes, getTopicSelections, setConflated', async () => {
  const { session, socket } = await open();

  const subscribed = session.clients.subscribe("Desk is 'fx'", '?fx//', 'panel');
  assert.deepEqual(lastAnswered(socket, { count: 2 }),
    { t: 'subscribeSession', filter: "Desk is 'fx'", selector: '?fx//', scope: 'panel' });
  assert.equal(await subscribed, 2);

  const unsubscribed = session.clients.unsubscribe(OTHER, '?fx//');
  assert.deepEqual(lastAnswered(socket, { count: 1 }), { t: 'unsubscribeSession', session: OTHER, selector: '?fx//' });
  assert.equal(await unsubscribed, 1);

  const everywhere = session.clients.unsubscribeAllScopes(OTHER, '?fx//');
  assert.deepEqual(lastAnswered(socket, { count: 1 }),
    { t: 'unsubscribeSessionAllScopes', session: OTHER, selector: '?fx//' });
  assert.equal(await everywhere, 1);

  const selections = session.clients.getTopicSelections(OTHER);
  assert.deepEqual(lastAnswered(socket, { selections: { '': ['>a'], panel: ['?b//', '>c'] } }),
    { t: 'getTopicSelections', session: OTHER });
  const byScope = await selections;
  assert.deepEqual(Object.keys(byScope), ['', 'panel']);
  assert.deepEqual(byScope.panel.map((s) => [s.selector.expression, s.selectionType]),
    [['?b//', 'SELECT'], ['>c', 'SELECT']]);

  const conflated = session.clients.setConflated({ filter: 'all' }, false);
  assert.deepEqual(lastAnswered(socket, { count: 3 }), { t: 'setConflated', filter: 'all', conflated: false });
  assert.equal(await conflated, 3);
  session.close();
});
