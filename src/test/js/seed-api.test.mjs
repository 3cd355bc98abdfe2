// Diffusion 6.12 / seed 001 members of the browser client that need no server to check (issue 20): diffusion.log
// and the client's own log, the SessionId object, session.unsubscribe / getSessionProperties / fetch (FetchStream),
// session.clients.subscribe / unsubscribe / setSessionPropertiesByFilter / addSessionEventListener,
// session.messages.send, FetchRequest.withSizes / getAllTypes / withUnpublishedDelayedTopics and
// notifications.TopicNotificationType: what each sends and what it makes of the answers, in Node with a fake
// WebSocket. BrowserIT runs them against the server. Run: node --test src/test/js/
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { sockets } from './fake-websocket.mjs';

const diffusion = await import('../../../war/js/osmosis.js');

const ID = '6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b';
const OTHER = '0000000000000001-0000000000000002';
const CONNECTED = { t: 'connected', v: 1, seq: true, ack: 0, sessionId: ID, token: 'secret', server: 'node-a',
  principal: 'admin', roles: ['ADMINISTRATOR'], properties: {},
  limits: { maxMessageSize: 65536, reconnectTimeout: 60000, maxOutboundQueue: 10000 } };

async function open() {
  sockets.length = 0;
  const opening = diffusion.connect({ host: 'a', port: 8080, livenessTimeout: 0 });
  for (let i = 0; i < 500 && !(sockets.length > 0 && sockets[0].sent.length > 0); i++) {
    await new Promise((r) => setTimeout(r, 2));
  }
  const socket = sockets[0];
  socket.answer(CONNECTED);
  return { session: await opening, socket };
}

const last = (socket, t) => socket.sent.filter((m) => m.t === t).at(-1);
const tick = () => new Promise((r) => setTimeout(r, 0));

/** Runs f with console.info/warn/error/debug captured: returns the lines logged. */
async function logged(f) {
  const lines = [];
  const saved = {};
  for (const level of ['debug', 'info', 'warn', 'error']) {
    saved[level] = console[level];
    console[level] = (...args) => lines.push([level, args.join(' ')]);
  }
  try { await f(); } finally { Object.assign(console, saved); }
  return lines;
}

test('diffusion.log sets the level of the client\'s own log: connecting, connected, lost, closed', async () => {
  assert.deepEqual(Object.keys(diffusion.LogLevel), ['trace', 'debug', 'info', 'warn', 'error', 'silent']);
  assert.throws(() => diffusion.log('loud'), TypeError);
  diffusion.log('info');
  const info = await logged(async () => {
    const { session, socket } = await open();
    socket.onclose({ code: 1006, reason: '' }); // the connection is lost: the session recovers
    await tick();
    session.close();
  });
  const text = info.map(([level, line]) => `${level} ${line}`).join('\n');
  assert.match(text, /^info osmosis: connecting to ws:\/\/a:8080\/osmosis \(WEBSOCKET\)/m);
  assert.match(text, new RegExp(`^info osmosis: session ${ID} connected to ws://a:8080/osmosis \\(WEBSOCKET\\)`, 'm'));
  assert.match(text, new RegExp(`^warn osmosis: session ${ID} lost its connection \\(CONNECTION_ERROR`, 'm'));
  assert.match(text, new RegExp(`^info osmosis: session ${ID} closed \\(CLOSED_BY_CLIENT`, 'm'));
  diffusion.log(diffusion.LogLevel.warn);
  const warn = await logged(async () => { const { session } = await open(); session.close(); });
  assert.deepEqual(warn, [], 'nothing below warn');
  diffusion.log('silent');
  const silent = await logged(async () => {
    const { session } = await open();
    session._emit('error', new Error('boom'));
    session.close();
  });
  assert.deepEqual(silent, []);
  diffusion.log('error');
  const errors = await logged(async () => {
    const { session } = await open();
    session._emit('error', new Error('boom'));
    session.close();
  });
  assert.deepEqual(errors, [['error', `osmosis: session ${ID}: boom`]]);
  diffusion.log('warn');
});

test('sessionId is a SessionId: its text by toString, String, JSON and ==; sessionID is the text', async () => {
  const { session, socket } = await open();
  assert.ok(session.sessionId instanceof diffusion.SessionId);
  assert.equal(session.sessionId.toString(), ID);
  assert.equal(String(session.sessionId), ID);
  assert.equal(`${session.sessionId}`, ID);
  assert.equal(JSON.stringify({ id: session.sessionId }), `{"id":"${ID}"}`);
  assert.ok(session.sessionId == ID); // eslint-disable-line eqeqeq
  assert.ok(session.sessionId.equals(ID) && !session.sessionId.equals(OTHER));
  assert.equal(session.sessionID, ID);
  session.clients.getSessionProperties(session.sessionId, ['$Principal']).catch(() => {}); // closed below
  assert.equal(last(socket, 'getSessionProperties').session, ID, 'a SessionId goes on the wire as its text');
  session.close();
});

test('unsubscribe is unselect; getSessionProperties asks for its own fixed properties and drops $Roles', async () => {
  const { session, socket } = await open();
  const unsubscribing = session.unsubscribe('a/b', '?c//');
  const sent = socket.sent.filter((m) => m.t === 'unselect');
  assert.deepEqual(sent.map((m) => m.selector), ['>a/b', '?c//']);
  socket.answer({ t: 'ok', id: sent[0].id, count: 1 });
  socket.answer({ t: 'ok', id: sent[1].id, count: 2 });
  assert.equal(await unsubscribing, 3);
  const getting = session.getSessionProperties();
  const request = last(socket, 'getSessionProperties');
  assert.deepEqual({ session: request.session, keys: request.keys }, { session: ID, keys: ['*F'] });
  socket.answer({ t: 'ok', id: request.id, properties: { $SessionId: ID, $Principal: 'admin', $Roles: '"ADMINISTRATOR"' } });
  assert.deepEqual(await getting, { $SessionId: ID, $Principal: 'admin' });
  session.close();
});

test('clients: subscribe, unsubscribe and setSessionPropertiesByFilter address a session or a filter', async () => {
  const { session, socket } = await open();
  const one = session.clients.subscribe(new diffusion.SessionId(OTHER), 'a/b');
  const subscribe = last(socket, 'subscribeSession');
  assert.deepEqual({ session: subscribe.session, selector: subscribe.selector }, { session: OTHER, selector: '>a/b' });
  socket.answer({ t: 'ok', id: subscribe.id, count: 1 });
  assert.equal(await one, 1);
  const many = session.clients.unsubscribe("Team is 'red'", ['a/b', '?c//']);
  const unsubscribe = last(socket, 'unsubscribeSession');
  assert.equal(unsubscribe.filter, "Team is 'red'");
  assert.equal(unsubscribe.selector, diffusion.selectors.parse(['a/b', '?c//']).expression);
  socket.answer({ t: 'ok', id: unsubscribe.id, count: 4 });
  assert.equal(await many, 4);
  assert.equal((await session.clients.subscribe(OTHER, '?[').catch((e) => e)).reason, 'INVALID_ARGUMENT');
  const setting = session.clients.setSessionPropertiesByFilter('all', new Map([['Team', 'blue'], ['Old', null]]));
  const set = last(socket, 'setSessionProperties');
  assert.deepEqual({ filter: set.filter, properties: set.properties }, { filter: 'all', properties: { Team: 'blue', Old: null } });
  socket.answer({ t: 'ok', id: set.id, count: 7 });
  assert.equal(await setting, 7);
  session.close();
});

test('addSessionEventListener: Diffusion 6.12 events from the session listener\'s messages', async () => {
  const { session, socket } = await open();
  const events = [];
  const listener = { onSessionEvent: (e) => events.push(e), onClose: () => events.push('closed') };
  const parameters = diffusion.newSessionEventParametersBuilder().properties('Team', '$Principal').after(1000).build();
  const registering = session.clients.addSessionEventListener(listener, parameters);
  const add = last(socket, 'addSessionListener');
  assert.deepEqual(new Set(add.keys), new Set(['Team', '$Principal', '$StartTime']));
  socket.answer({ t: 'ok', id: add.id });
  const registration = await registering;
  const ev = (type, extra) => socket.answer({ t: 'sessionEvent', listener: add.id, type, session: OTHER, ...extra });
  ev('OPEN', { properties: { Team: 'red', $Principal: 'p', $StartTime: '2000' } });
  ev('OPEN', { properties: { Team: 'red', $Principal: 'p', $StartTime: '2000' } }); // twice: heard once
  ev('OPEN', { session: ID, properties: { $StartTime: '999' } }); // started before `after`: left out
  ev('UPDATED', { properties: { $Principal: 'p', $StartTime: '2000' }, previous: { Team: 'red' } });
  ev('DISCONNECTED', { properties: { $StartTime: '2000' } });
  ev('RECONNECTED', { properties: { $StartTime: '2000' } });
  ev('CLOSED', { properties: { Team: 'x', $StartTime: '2000' }, reason: 'CLOSED_BY_CLIENT' });
  const { STATE, PROPERTIES } = diffusion.clients.SessionEventStreamEventType;
  const { ACTIVE, DISCONNECTED, RECONNECTED, CLOSED } = diffusion.clients.SessionState;
  assert.deepEqual(events.map((e) => [String(e.sessionId), e.type, e.state, e.properties, e.changedProperties, e.isOpenEvent()]), [
    [OTHER, STATE, ACTIVE, { Team: 'red', $Principal: 'p' }, {}, true],
    [OTHER, PROPERTIES, ACTIVE, { $Principal: 'p' }, { Team: 'red' }, false],
    [OTHER, STATE, DISCONNECTED, {}, {}, false],
    [OTHER, STATE, RECONNECTED, {}, {}, false],
    [OTHER, STATE, CLOSED, {}, {}, false],
  ]);
  assert.equal(events[4].closeReason.name, 'CLOSED_BY_CLIENT');
  await Promise.all([registration.close(), Promise.resolve().then(() => socket.answer({ t: 'ok', id: last(socket, 'removeSessionListener').id }))]);
  assert.equal(events.at(-1), 'closed');
  const filtered = await session.clients.addSessionEventListener(listener, diffusion.newSessionEventParametersBuilder().filter('all').build()).catch((e) => e);
  assert.equal(filtered.reason, 'NOT_SUPPORTED_YET');
  session.close();
});

test('clients.getSessionLock(s): SessionLockDetails by name; security: own permissions, revokeAuthentication', async () => {
  const { session, socket } = await open();
  const held = { 'orders/7': { sessionId: OTHER, sequence: 12, serverName: 'node-a' } };
  const all = session.clients.getSessionLocks();
  socket.answer({ t: 'ok', id: last(socket, 'getSessionLocks').id, locks: held });
  const locks = await all;
  assert.deepEqual(Object.keys(locks), ['orders/7']);
  assert.equal(String(locks['orders/7'].sessionId), OTHER);
  assert.equal(locks['orders/7'].sequence, 12);
  assert.equal(locks['orders/7'].serverName, 'node-a');
  const one = session.clients.getSessionLock('orders/7');
  const asked = last(socket, 'getSessionLock');
  assert.equal(asked.name, 'orders/7');
  socket.answer({ t: 'ok', id: asked.id, locks: held });
  assert.equal((await one).sequence, 12);
  const none = session.clients.getSessionLock('free');
  socket.answer({ t: 'ok', id: last(socket, 'getSessionLock').id, locks: {} });
  assert.equal(await none, null);
  const refused = session.clients.getSessionLocks().catch((e) => e);
  socket.answer({ t: 'error', id: last(socket, 'getSessionLocks').id, code: 3001, message: 'VIEW_SERVER' });
  assert.equal((await refused).reason, 'PERMISSION_DENIED');

  const global = session.security.getGlobalPermissions();
  socket.answer({ t: 'ok', id: last(socket, 'getGlobalPermissions').id, permissions: ['VIEW_SERVER'] });
  assert.deepEqual(await global, ['VIEW_SERVER']);
  const path = session.security.getPathPermissions('a/b');
  const pathAsked = last(socket, 'getPathPermissions');
  assert.equal(pathAsked.path, 'a/b');
  socket.answer({ t: 'ok', id: pathAsked.id, permissions: ['READ_TOPIC', 'SELECT_TOPIC'] });
  assert.deepEqual(await path, ['READ_TOPIC', 'SELECT_TOPIC']);
  const revoking = session.security.revokeAuthentication(OTHER);
  const revoke = last(socket, 'revokeAuthentication');
  assert.equal(revoke.session, OTHER);
  socket.answer({ t: 'ok', id: revoke.id });
  assert.equal(await revoking, undefined);
  session.close();
});

test('messages.send: a request to the path or the session whose answer is dropped; undeliverable rejects', async () => {
  const { session, socket } = await open();
  const toPath = session.messages.send('chat/room', { text: 'hi' });
  const a = last(socket, 'sendRequest');
  assert.deepEqual({ path: a.path, type: a.type, v: a.v, session: a.session }, { path: 'chat/room', type: 'JSON', v: { text: 'hi' }, session: undefined });
  socket.answer({ t: 'ok', id: a.id, type: 'STRING', v: 'ignored' });
  assert.equal(await toPath, undefined);
  const toSession = session.messages.send('chat/room', 'hello', new diffusion.SessionId(OTHER));
  const b = last(socket, 'sendRequest');
  assert.deepEqual({ session: b.session, type: b.type, v: b.v }, { session: OTHER, type: 'STRING', v: 'hello' });
  socket.answer({ t: 'error', id: b.id, code: 4010, message: 'rejected by the recipient' });
  assert.equal(await toSession, undefined, 'taken and rejected: the sender wants no answer');
  const nobody = session.messages.send('nowhere', 1, OTHER);
  socket.answer({ t: 'error', id: last(socket, 'sendRequest').id, code: 4004, message: 'no such session' });
  assert.equal((await nobody.catch((e) => e)).code, 4004);
  session.close();
});

test('fetch(selector) is a FetchStream of values then close; fetch options withSizes, getAllTypes', async () => {
  const { session, socket } = await open();
  const seen = [];
  const done = new Promise((resolve) => {
    session.fetch('?prices//').on('value', (value, path) => seen.push([path, value instanceof diffusion.JSONValue ? value.get() : value]))
      .on('close', resolve);
  });
  await tick();
  const f = last(socket, 'fetch');
  assert.deepEqual({ selector: f.selector, values: f.values }, { selector: '?prices//', values: true });
  socket.answer({ t: 'ok', id: f.id, hasMore: false, results: [{ path: 'prices/a', type: 'JSON', v: { bid: 1 } },
    { path: 'prices/b', type: 'JSON' }, { path: 'prices/c', type: 'STRING', v: 'x' }] });
  await done;
  assert.deepEqual(seen, [['prices/a', { bid: 1 }], ['prices/c', 'x']]);
  const failed = new Promise((resolve) => session.fetch('?secret//').on('error', resolve));
  await tick();
  socket.answer({ t: 'error', id: last(socket, 'fetch').id, code: 3001, message: 'SELECT_TOPIC permission required' });
  assert.equal((await failed).code, 3001);

  const sized = session.fetchRequest().withSizes().withUnpublishedDelayedTopics().fetch('?prices//');
  const s = last(socket, 'fetch');
  assert.equal(s.values, true, 'sizes are measured on the values');
  assert.equal(s.sizes, undefined, 'the server knows no sizes option');
  socket.answer({ t: 'ok', id: s.id, hasMore: false, results: [{ path: 'prices/a', type: 'JSON', v: { bid: 'é' } },
    { path: 'prices/b', type: 'JSON' }] });
  const result = await sized;
  assert.deepEqual(result.results().map((r) => [r.path(), r.valueSize(), r.valueCount(), r.valueTotalSize(), r.value()]),
    [['prices/a', 12, 1, 12, undefined], ['prices/b', 0, 0, 0, undefined]]);
  const plain = session.fetchRequest().withValues().fetch('?prices//');
  socket.answer({ t: 'ok', id: last(socket, 'fetch').id, hasMore: false, results: [{ path: 'prices/a', type: 'STRING', v: 'x' }] });
  assert.deepEqual((await plain).results().map((r) => [r.valueSize(), r.valueCount(), r.value()]), [[0, 0, 'x']]);
  assert.deepEqual([...diffusion.FetchRequest.getAllTypes()].sort(), ['BINARY', 'DOUBLE', 'INT64', 'JSON', 'STRING', 'TIME_SERIES']);
  assert.equal(session.notifications.TopicNotificationType.ADDED, 'ADDED');
  assert.equal(diffusion.TopicNotificationType.DESELECTED, 'DESELECTED');
  session.close();
});

test('security.reauthenticate is changePrincipal; proposed properties reject NOT_SUPPORTED_YET', async () => {
  const { session, socket } = await open();
  const changing = session.security.reauthenticate('alice', 'pw', {});
  const change = last(socket, 'changePrincipal');
  assert.deepEqual({ principal: change.principal, credentials: change.credentials }, { principal: 'alice', credentials: 'pw' });
  socket.answer({ t: 'ok', id: change.id, principal: 'alice', roles: ['CLIENT'] });
  assert.equal(await changing, true);
  assert.equal(session.getPrincipal(), 'alice');
  assert.equal((await session.security.reauthenticate('bob', 'pw', { Team: 'red' }).catch((e) => e)).reason, 'NOT_SUPPORTED_YET');
  session.close();
});
