// The implementation against its declarations: every value osmosis.js exports, read from the module that defines
// it (osmosis.js itself resolves to osmosis.d.ts here), must be assignable to what osmosis.d.ts declares for it.
// Checked with tsconfig.json (typecheck.mjs step 2); typecheck.mjs step 4 checks that the export names are the same.
import type * as Declared from '../../war/js/osmosis.js';
import { clients, newSessionEventParametersBuilder } from '../../war/js/osmosis/client-control.js';
import { connect } from '../../war/js/osmosis/connect.js';
import { datatypes, JSONValue } from '../../war/js/osmosis/datatypes.js';
import { errors, OsmosisError } from '../../war/js/osmosis/errors.js';
import { FetchRequest, FetchResult, FetchStream, TopicResult } from '../../war/js/osmosis/fetch.js';
import { log, LogLevel } from '../../war/js/osmosis/log.js';
import { SessionId } from '../../war/js/osmosis/session-id.js';
import { escape, rolesToString, stringToRoles } from '../../war/js/osmosis/filters.js';
import { applyJsonPatch } from '../../war/js/osmosis/json-patch.js';
import { locks, SessionLock } from '../../war/js/osmosis/locks.js';
import { MetricsRequest, MetricsResult, newSessionMetricCollectorBuilder, newTopicMetricCollectorBuilder }
  from '../../war/js/osmosis/metrics.js';
import { topicNotifications, TopicNotificationType } from '../../war/js/osmosis/notifications.js';
import { selectors, TopicSelector } from '../../war/js/osmosis/selectors.js';
import { SESSION_STATES } from '../../war/js/osmosis/session-core.js';
import { Session } from '../../war/js/osmosis/session.js';
import { ValueStream } from '../../war/js/osmosis/streams.js';
import { topics, TopicSpecification } from '../../war/js/osmosis/topics.js';
import { updateConstraints } from '../../war/js/osmosis/topic-update.js';

/** Compiles only if an implementation is assignable to its declaration. */
function conforms<D>(implementation: D): void { void implementation; }

conforms<typeof Declared.connect>(connect);
conforms<typeof Declared.datatypes>(datatypes);
conforms<typeof Declared.topics>(topics);
conforms<typeof Declared.selectors>(selectors);
conforms<typeof Declared.errors>(errors);
conforms<typeof Declared.clients>(clients);
conforms<typeof Declared.locks>(locks);
conforms<typeof Declared.topicNotifications>(topicNotifications);
conforms<typeof Declared.TopicNotificationType>(TopicNotificationType);
conforms<typeof Declared.log>(log);
conforms<typeof Declared.LogLevel>(LogLevel);
conforms<typeof Declared.newSessionEventParametersBuilder>(newSessionEventParametersBuilder);
conforms<typeof Declared.FetchRequest.getAllTypes>(FetchRequest.getAllTypes);
conforms<typeof Declared.SessionState>(SESSION_STATES);
conforms<typeof Declared.escape>(escape);
conforms<typeof Declared.rolesToString>(rolesToString);
conforms<typeof Declared.stringToRoles>(stringToRoles);
conforms<typeof Declared.applyJsonPatch>(applyJsonPatch);
conforms<typeof Declared.updateConstraints>(updateConstraints);
conforms<typeof Declared.newSessionMetricCollectorBuilder>(newSessionMetricCollectorBuilder);
conforms<typeof Declared.newTopicMetricCollectorBuilder>(newTopicMetricCollectorBuilder);
// the classes: their instances
declare const instances: [Session, ValueStream, TopicSelector, TopicSpecification, JSONValue, SessionLock, FetchRequest,
  FetchResult, TopicResult, OsmosisError, MetricsRequest, MetricsResult, FetchStream, SessionId];
conforms<[Declared.Session, Declared.ValueStream<any>, Declared.TopicSelector, Declared.TopicSpecification,
  Declared.JSONValue, Declared.SessionLock, Declared.FetchRequest, Declared.FetchResult, Declared.TopicResult,
  Declared.OsmosisError, Declared.MetricsRequest, Declared.MetricsResult, Declared.FetchStream, Declared.SessionId]>(instances);
