// @ts-check
// Osmosis browser client: native ES modules, no dependencies, no bundler, served at /js/osmosis.js.
// Its exports mirror the `diffusion` namespace of Diffusion's JavaScript client, so that
//   import * as diffusion from '/js/osmosis.js';
// runs the seeds' examples. It speaks docs/PROTOCOL.md (v1) over a WebSocket to /osmosis or by HTTP long polling
// (/osmosis/poll), and reconnects lost sessions without loss (PROTOCOL §12, docs/RECONNECTION.md).
// What the server does not have yet (time series, topic views, ...) is not faked: those calls throw or reject
// with an OsmosisError whose reason is NOT_SUPPORTED_YET. See docs/JAVASCRIPT.md.
//
// This file only re-exports the public API; the code is in ./osmosis/ (one module per concern). The types are
// osmosis.d.ts beside it.

export const version = '0.1.0';

export { OsmosisError, errors } from './osmosis/errors.js';
export { escape, rolesToString, stringToRoles } from './osmosis/filters.js';
export { datatypes, JSONValue } from './osmosis/datatypes.js';
export { topics, TopicSpecification } from './osmosis/topics.js';
export { selectors, TopicSelector } from './osmosis/selectors.js';
export { applyJsonPatch } from './osmosis/json-patch.js';
export { clients, newSessionEventParametersBuilder } from './osmosis/client-control.js';
export { locks, SessionLock } from './osmosis/locks.js';
export { connect } from './osmosis/connect.js';
export { updateConstraints } from './osmosis/topic-update.js';
export { topicNotifications, TopicNotificationType } from './osmosis/notifications.js';
export { SESSION_STATES as SessionState } from './osmosis/session-core.js';
export { Session } from './osmosis/session.js';
export { ValueStream } from './osmosis/streams.js';
export { FetchRequest, FetchResult, FetchStream, TopicResult } from './osmosis/fetch.js';
export { log, LogLevel } from './osmosis/log.js';
export { SessionId } from './osmosis/session-id.js';
export { newSessionMetricCollectorBuilder, newTopicMetricCollectorBuilder } from './osmosis/metrics.js';
