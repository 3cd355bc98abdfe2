// session.metrics in the browser client (PROTOCOL §15): the collector builders (Diffusion's defaults, setters that
// return the builder, frozen collectors), and the requests with their answers, in Node with a fake WebSocket.
// Run: node --test src/test/js/
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { sockets } from './fake-websocket.mjs';

const osmosis = await import('../../../war/js/osmosis.js');
const { connect, newSessionMetricCollectorBuilder, newTopicMetricCollectorBuilder, selectors } = osmosis;

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

test('the session collector builder has Diffusion\'s defaults and its setters return the builder', () => {
  const builder = newSessionMetricCollectorBuilder();
  assert.deepEqual({ ...builder.create('all', "$ClientType is 'JAVA'") }, {
    name: 'all', sessionFilter: "$ClientType is 'JAVA'", groupByProperties: [], exportToPrometheus: false,
    maximumGroups: 2147483647, removeMetricsWithNoMatches: false });
  assert.equal(builder.groupByProperty('$ClientType'), builder);
  const collector = builder.groupByProperty('Department').exportToPrometheus(true).maximumGroups(10)
    .removeMetricsWithNoMatches(true).create('by-dept', 'all');
  assert.deepEqual([...collector.groupByProperties], ['$ClientType', 'Department']);
  assert.equal(collector.maximumGroups, 10);
  assert.ok(Object.isFrozen(collector) && Object.isFrozen(collector.groupByProperties));
  assert.deepEqual([...builder.groupByProperties(['Tier']).create('t', 'x').groupByProperties], ['Tier']);
  assert.deepEqual(builder.reset().create('d', 'x'), newSessionMetricCollectorBuilder().create('d', 'x'));
  assert.throws(() => builder.maximumGroups(0), (e) => e.reason === 'INVALID_ARGUMENT');
  assert.throws(() => builder.create('', 'x'), (e) => e.reason === 'INVALID_ARGUMENT');
  assert.throws(() => builder.create('a', undefined), (e) => e.reason === 'INVALID_ARGUMENT');
});

test('the topic collector builder takes a selector\'s text or a TopicSelector', () => {
  const builder = newTopicMetricCollectorBuilder();
  assert.deepEqual({ ...builder.create('t', '?a//') }, {
    name: 't', topicSelector: '?a//', groupByTopicType: false, groupByTopicView: false, groupByPathPrefixParts: 0,
    exportToPrometheus: false, maximumGroups: 2147483647 });
  const c = builder.groupByTopicType(true).groupByTopicView(true).groupByPathPrefixParts(2).exportToPrometheus(true)
    .maximumGroups(5).create('t', selectors.parse('?prices//'));
  assert.deepEqual({ ...c }, { name: 't', topicSelector: '?prices//', groupByTopicType: true, groupByTopicView: true,
    groupByPathPrefixParts: 2, exportToPrometheus: true, maximumGroups: 5 });
  assert.throws(() => builder.groupByPathPrefixParts(-1), (e) => e.reason === 'INVALID_ARGUMENT');
  assert.throws(() => builder.maximumGroups(1.5), (e) => e.reason === 'INVALID_ARGUMENT');
});

test('put, list and remove send Diffusion\'s shapes and resolve with the answers', async () => {
  const { session, socket } = await open();
  const put = session.metrics.putSessionMetricCollector(
    newSessionMetricCollectorBuilder().groupByProperty('$ClientType').create('by-client', 'all'));
  const sent = last(socket, 'putSessionMetricCollector');
  assert.deepEqual(sent.collector, { name: 'by-client', sessionFilter: 'all', groupByProperties: ['$ClientType'],
    exportToPrometheus: false, maximumGroups: 2147483647, removeMetricsWithNoMatches: false });
  socket.answer({ t: 'ok', id: sent.id });
  assert.equal(await put, null);

  const list = session.metrics.listTopicMetricCollectors();
  const collectors = [{ name: 't', topicSelector: '?a//', groupByTopicType: true, groupByTopicView: false,
    groupByPathPrefixParts: 1, exportToPrometheus: true, maximumGroups: 3 }];
  socket.answer({ t: 'ok', id: last(socket, 'listTopicMetricCollectors').id, collectors });
  assert.deepEqual(await list, { collectors });

  const removed = session.metrics.removeSessionMetricCollector('by-client');
  assert.equal(last(socket, 'removeSessionMetricCollector').name, 'by-client');
  socket.answer({ t: 'ok', id: last(socket, 'removeSessionMetricCollector').id });
  assert.equal(await removed, null);

  const refused = session.metrics.putTopicMetricCollector(newTopicMetricCollectorBuilder().create('bad', '?a//('));
  socket.answer({ t: 'error', id: last(socket, 'putTopicMetricCollector').id, code: 4001,
    message: 'topicSelector: selector "?a//(" has an invalid regular expression (at 1)' });
  await assert.rejects(refused, (e) => e.reason === 'INVALID_ARGUMENT' && e.code === 4001 && e.position === 1);
  await assert.rejects(session.metrics.putSessionMetricCollector(null), (e) => e.reason === 'INVALID_ARGUMENT');
  await assert.rejects(session.metrics.setMetricAlert('a', 'b'), (e) => e.reason === 'NOT_SUPPORTED_YET');
});

test('metricsRequest sends the filter and resolves with the groups', async () => {
  const { session, socket } = await open();
  const request = session.metrics.metricsRequest();
  const all = request.fetch();
  assert.equal(last(socket, 'fetchMetrics').filter, undefined);
  socket.answer({ t: 'ok', id: last(socket, 'fetchMetrics').id, groups: [] });
  assert.deepEqual((await all).groups, []);

  const one = request.filter(new Set(['by-client'])).currentServer().fetch();
  assert.deepEqual(last(socket, 'fetchMetrics').filter, ['by-client']);
  const groups = [{ kind: 'session', collector: 'by-client', labels: { $ClientType: 'JAVA' }, values: { sessions: 3 } },
    { kind: 'topic', collector: 'other', labels: {}, values: { topics: 1, subscriptions: 0 } }];
  socket.answer({ t: 'ok', id: last(socket, 'fetchMetrics').id, groups, omitted: 2 });
  const result = await one;
  assert.equal(result.omitted, 2);
  assert.deepEqual(result.groupsOf('by-client'), [groups[0]]);
  assert.ok(Object.isFrozen(result.groups[0].labels));
  assert.throws(() => request.filter('by-.*'), (e) => e.reason === 'NOT_SUPPORTED_YET');
});
