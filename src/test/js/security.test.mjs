// session.security in the browser client (PROTOCOL §14): the script builders' text (docs/SECURITY.md
// "Administration": one command per line, quoted strings with \" and \\, immutable builders), and the four requests
// with their answers, in Node with a fake WebSocket. Run: node --test src/test/js/
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { sockets } from './fake-websocket.mjs';

const { connect } = await import('../../../war/js/osmosis.js');

const CONNECTED = { t: 'connected', v: 1, seq: true, ack: 0, sessionId: '6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b',
  token: 'secret', server: 'node-a', principal: 'admin', roles: ['ADMINISTRATOR'], properties: {},
  limits: { maxMessageSize: 65536, reconnectTimeout: 60000, maxOutboundQueue: 10000 } };

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

const last = (socket, t) => socket.sent.filter((m) => m.t === t).at(-1);

test('the security builder writes every command, one per line, in order', async () => {
  const { session } = await open();
  const script = session.security.securityScriptBuilder()
    .setRolesForAnonymousSessions(['CLIENT'])
    .setRolesForNamedSessions()
    .setGlobalPermissions('OPERATOR', [session.security.GlobalPermission.VIEW_SESSION, 'VIEW_SERVER'])
    .setDefaultPathPermissions('CLIENT', ['SELECT_TOPIC', 'READ_TOPIC'])
    .setPathPermissions('CLIENT', 'secret', [])
    .removePathPermissions('CLIENT', 'secret')
    .setRoleIncludes('OPERATOR', ['CLIENT'])
    .isolatePath('private')
    .deisolatePath('private')
    .removeRole('OLD')
    .build();
  assert.equal(script, [
    'set roles for anonymous sessions ["CLIENT"]',
    'set roles for named sessions []',
    'set global permissions "OPERATOR" [VIEW_SESSION, VIEW_SERVER]',
    'set default path permissions "CLIENT" [SELECT_TOPIC, READ_TOPIC]',
    'set path permissions "CLIENT" "secret" []',
    'remove path permissions "CLIENT" "secret"',
    'set role includes "OPERATOR" ["CLIENT"]',
    'isolate path "private"',
    'deisolate path "private"',
    'remove role "OLD"',
  ].join('\n'));
  session.close();
});

test('the authentication builder writes every command, one per line, in order', async () => {
  const { session } = await open();
  const script = session.security.authenticationScriptBuilder()
    .addPrincipal('alice', 's3cret', ['CLIENT', 'TRADER'])
    .addPrincipal('bob', 'pw', ['CLIENT'], 'admin')
    .removePrincipal('alice')
    .assignRoles('bob', ['CLIENT'])
    .setPassword('bob', 'newpw')
    .verifyPassword('bob', 'newpw')
    .allowAnonymousConnections(['CLIENT'])
    .allowAnonymousConnections()
    .denyAnonymousConnections()
    .abstainAnonymousConnections()
    .trustClientProposedPropertyMatches('Department', 'Sales|Support')
    .trustClientProposedPropertyIn('Tier', ['gold', 'silver'])
    .ignoreClientProposedProperty('Tier')
    .build();
  assert.equal(script, [
    'add principal "alice" "s3cret" ["CLIENT", "TRADER"]',
    'add principal "bob" "pw" ["CLIENT"] locked by "admin"',
    'remove principal "alice"',
    'assign roles "bob" ["CLIENT"]',
    'set password "bob" "newpw"',
    'verify password "bob" "newpw"',
    'allow anonymous connections ["CLIENT"]',
    'allow anonymous connections []',
    'deny anonymous connections',
    'abstain anonymous connections',
    'trust client proposed property "Department" matches "Sales|Support"',
    'trust client proposed property "Tier" allows ["gold", "silver"]',
    'ignore client proposed property "Tier"',
  ].join('\n'));
  assert.ok(!String(session.security.authenticationScriptBuilder().addPrincipal('a', 'hunter2')).includes('hunter2'));
  session.close();
});

test('builders are immutable, escape quotes and backslashes, and refuse what cannot be written', async () => {
  const { session } = await open();
  const empty = session.security.authenticationScriptBuilder();
  const one = empty.removePrincipal('a');
  const b = one.removePrincipal('b');
  const c = one.removePrincipal('c');
  assert.equal(empty.build(), '');
  assert.equal(one.build(), 'remove principal "a"');
  assert.equal(b.build(), 'remove principal "a"\nremove principal "b"');
  assert.equal(c.build(), 'remove principal "a"\nremove principal "c"');
  assert.equal(empty.addPrincipal('a"b', 'p\\w"', ['R"1']).build(), 'add principal "a\\"b" "p\\\\w\\"" ["R\\"1"]');
  const security = session.security.securityScriptBuilder();
  assert.throws(() => security.isolatePath('a\nremove role "ADMIN"'), (e) => e.reason === 'INVALID_ARGUMENT');
  assert.throws(() => security.setGlobalPermissions('R', ['VIEW_SERVER] x']), (e) => e.reason === 'INVALID_ARGUMENT');
  assert.throws(() => security.setRoleIncludes(null, []), (e) => e.reason === 'INVALID_ARGUMENT');
  assert.throws(() => security.setRoleIncludes('R', undefined), (e) => e.reason === 'INVALID_ARGUMENT');
  session.close();
});

test('the four requests carry the script and resolve with Diffusion\'s shapes', async () => {
  const { session, socket } = await open();
  const securityConfiguration = { named: ['CLIENT'], anonymous: [], isolatedPaths: [],
    roles: [{ name: 'CLIENT', global: [], default: ['READ_TOPIC'], topic: { secret: [] }, roles: [] }] };
  const reading = session.security.getSecurityConfiguration();
  socket.answer({ t: 'ok', id: last(socket, 'getSecurityConfiguration').id, configuration: securityConfiguration });
  const configuration = await reading;
  assert.deepEqual(configuration, securityConfiguration);
  assert.ok(Object.isFrozen(configuration.roles[0].topic));

  const auth = { principals: [{ name: 'alice', roles: ['CLIENT'] }], anonymous: { action: 'allow', roles: ['CLIENT'] },
    trustedClientProposedProperties: { Tier: { type: 'values', values: ['gold'] } } };
  const readingAuth = session.security.getSystemAuthenticationConfiguration();
  socket.answer({ t: 'ok', id: last(socket, 'getSystemAuthenticationConfiguration').id, configuration: auth });
  assert.deepEqual(await readingAuth, auth);

  const update = session.security.updateSecurityStore('isolate path "a"');
  assert.equal(last(socket, 'updateSecurityStore').script, 'isolate path "a"');
  socket.answer({ t: 'ok', id: last(socket, 'updateSecurityStore').id });
  assert.equal(await update, undefined);

  const refused = session.security.updateAuthenticationStore('remove principal');
  socket.answer({ t: 'error', id: last(socket, 'updateAuthenticationStore').id, code: 4001,
    message: 'line 1, column 17: a principal name is missing' });
  await assert.rejects(refused, (e) => e.reason === 'INVALID_ARGUMENT' && e.code === 4001 && /line 1/.test(e.message));
  await assert.rejects(session.security.updateSecurityStore(undefined), (e) => e.reason === 'INVALID_ARGUMENT');
  session.close();
});
