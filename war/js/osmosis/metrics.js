// @ts-check
// session.metrics (PROTOCOL §15): put, list and remove metric collectors, and fetch the groups the server computes
// for them; newSessionMetricCollectorBuilder() / newTopicMetricCollectorBuilder(). Diffusion's names and shapes;
// its builders return themselves (`this`), as Diffusion's do. Metric alerts are not on the server.

import { notSupported, OsmosisError } from './errors.js';

/** maximumGroups when not limited (Diffusion's default). */
const UNLIMITED = 2147483647;

/**
 * @typedef {{ readonly name: string, readonly sessionFilter: string, readonly groupByProperties: string[],
 *   readonly exportToPrometheus: boolean, readonly maximumGroups: number,
 *   readonly removeMetricsWithNoMatches: boolean }} SessionMetricCollector
 * @typedef {{ readonly name: string, readonly topicSelector: string, readonly groupByTopicType: boolean,
 *   readonly groupByTopicView: boolean, readonly groupByPathPrefixParts: number,
 *   readonly exportToPrometheus: boolean, readonly maximumGroups: number }} TopicMetricCollector
 * @typedef {{ readonly kind: 'session' | 'topic', readonly collector: string,
 *   readonly labels: { readonly [label: string]: string }, readonly values: { readonly [value: string]: number } }}
 *   MetricGroup
 */

/**
 * @param {unknown} value
 * @param {string} what
 * @returns {string}
 */
function text(value, what) {
  if (typeof value !== 'string') throw new OsmosisError('INVALID_ARGUMENT', `${what} must be a string, not ${value}`);
  return value;
}

/**
 * @param {unknown} value
 * @param {string} what
 * @param {number} min
 * @returns {number}
 */
function integer(value, what, min) {
  if (!Number.isInteger(value) || /** @type {number} */ (value) < min || /** @type {number} */ (value) > UNLIMITED) {
    throw new OsmosisError('INVALID_ARGUMENT', `${what} must be an integer from ${min} to ${UNLIMITED}, not ${value}`);
  }
  return /** @type {number} */ (value);
}

/**
 * @param {string} name
 * @returns {string}
 */
function collectorName(name) {
  if (text(name, 'a metric collector\'s name') === '') {
    throw new OsmosisError('INVALID_ARGUMENT', 'a metric collector\'s name must not be empty');
  }
  return name;
}

/** Builds session metric collectors (Diffusion's SessionMetricCollectorBuilder): each setter returns this builder. */
export class SessionMetricCollectorBuilder {
  constructor() {
    /** @private @type {boolean} */ this._export = false;
    /** @private @type {number} */ this._maximumGroups = UNLIMITED;
    /** @private @type {string[]} */ this._properties = [];
    /** @private @type {boolean} */ this._remove = false;
  }

  /**
   * Whether the collector's groups are exported to Prometheus (/metrics); default false.
   * @param {boolean} exportMetrics
   * @returns {SessionMetricCollectorBuilder}
   */
  exportToPrometheus(exportMetrics) { this._export = !!exportMetrics; return this; }

  /**
   * The most groups the collector reports; default unlimited.
   * @param {number} limit a positive integer
   * @returns {SessionMetricCollectorBuilder}
   */
  maximumGroups(limit) { this._maximumGroups = integer(limit, 'maximumGroups', 1); return this; }

  /**
   * Adds a session property to group by, after those already set.
   * @param {string} propertyName
   * @returns {SessionMetricCollectorBuilder}
   */
  groupByProperty(propertyName) { this._properties.push(text(propertyName, 'propertyName')); return this; }

  /**
   * The session properties to group by, in order, replacing those set before.
   * @param {string[]} propertyNames
   * @returns {SessionMetricCollectorBuilder}
   */
  groupByProperties(propertyNames) {
    if (!Array.isArray(propertyNames)) throw new OsmosisError('INVALID_ARGUMENT', 'propertyNames must be an array');
    this._properties = propertyNames.map((p) => text(p, 'a property name'));
    return this;
  }

  /**
   * Whether a group that no longer has a matching session disappears; default false (reported with 0).
   * @param {boolean} remove
   * @returns {SessionMetricCollectorBuilder}
   */
  removeMetricsWithNoMatches(remove) { this._remove = !!remove; return this; }

  /** Back to the defaults. @returns {SessionMetricCollectorBuilder} */
  reset() {
    this._export = false;
    this._maximumGroups = UNLIMITED;
    this._properties = [];
    this._remove = false;
    return this;
  }

  /**
   * A frozen collector with this builder's settings; the server checks the filter when it is put.
   * @param {string} name
   * @param {string} sessionFilter
   * @returns {SessionMetricCollector}
   */
  create(name, sessionFilter) {
    return Object.freeze({
      name: collectorName(name),
      sessionFilter: text(sessionFilter, 'sessionFilter'),
      groupByProperties: /** @type {string[]} */ (Object.freeze([...this._properties])),
      exportToPrometheus: this._export,
      maximumGroups: this._maximumGroups,
      removeMetricsWithNoMatches: this._remove,
    });
  }
}

/** Builds topic metric collectors (Diffusion's TopicMetricCollectorBuilder): each setter returns this builder. */
export class TopicMetricCollectorBuilder {
  constructor() {
    /** @private @type {boolean} */ this._export = false;
    /** @private @type {number} */ this._maximumGroups = UNLIMITED;
    /** @private @type {boolean} */ this._byType = false;
    /** @private @type {boolean} */ this._byView = false;
    /** @private @type {number} */ this._parts = 0;
  }

  /**
   * @param {boolean} exportMetrics
   * @returns {TopicMetricCollectorBuilder}
   */
  exportToPrometheus(exportMetrics) { this._export = !!exportMetrics; return this; }

  /**
   * @param {number} limit a positive integer
   * @returns {TopicMetricCollectorBuilder}
   */
  maximumGroups(limit) { this._maximumGroups = integer(limit, 'maximumGroups', 1); return this; }

  /**
   * @param {boolean} groupByTopicType
   * @returns {TopicMetricCollectorBuilder}
   */
  groupByTopicType(groupByTopicType) { this._byType = !!groupByTopicType; return this; }

  /**
   * Osmosis has no topic views: every topic is in the group of the empty view.
   * @param {boolean} groupByTopicView
   * @returns {TopicMetricCollectorBuilder}
   */
  groupByTopicView(groupByTopicView) { this._byView = !!groupByTopicView; return this; }

  /**
   * @param {number} parts the leading path parts to group by; 0 for none
   * @returns {TopicMetricCollectorBuilder}
   */
  groupByPathPrefixParts(parts) { this._parts = integer(parts, 'groupByPathPrefixParts', 0); return this; }

  /** Back to the defaults. @returns {TopicMetricCollectorBuilder} */
  reset() {
    this._export = false;
    this._maximumGroups = UNLIMITED;
    this._byType = false;
    this._byView = false;
    this._parts = 0;
    return this;
  }

  /**
   * A frozen collector with this builder's settings; the server checks the selector when it is put.
   * @param {string} name
   * @param {string | { toString(): string }} topicSelector a selector's text or a TopicSelector
   * @returns {TopicMetricCollector}
   */
  create(name, topicSelector) {
    const selector = topicSelector !== null && typeof topicSelector === 'object' ? String(topicSelector) : topicSelector;
    return Object.freeze({
      name: collectorName(name),
      topicSelector: text(selector, 'topicSelector'),
      groupByTopicType: this._byType,
      groupByTopicView: this._byView,
      groupByPathPrefixParts: this._parts,
      exportToPrometheus: this._export,
      maximumGroups: this._maximumGroups,
    });
  }
}

/** @returns {SessionMetricCollectorBuilder} */
export function newSessionMetricCollectorBuilder() { return new SessionMetricCollectorBuilder(); }

/** @returns {TopicMetricCollectorBuilder} */
export function newTopicMetricCollectorBuilder() { return new TopicMetricCollectorBuilder(); }

/** What a MetricsRequest fetched: every group of the collectors asked for, and how many were left out. */
export class MetricsResult {
  /**
   * @param {MetricGroup[]} groups
   * @param {number} omitted
   */
  constructor(groups, omitted) {
    this.groups = Object.freeze(groups.map((g) => deepFreeze(g)));
    this.omitted = omitted;
    Object.freeze(this);
  }

  /**
   * The groups of the collector of that name, in order.
   * @param {string} collector
   * @returns {MetricGroup[]}
   */
  groupsOf(collector) { return this.groups.filter((g) => g.collector === collector); }
}

/** A request for collectors' groups (Diffusion's MetricsRequest for this server's collectors); immutable. */
export class MetricsRequest {
  /**
   * @param {import('./session.js').Session} session
   * @param {ReadonlyArray<string>} names
   */
  constructor(session, names) {
    /** @private */
    this._session = session;
    /** @private */
    this._names = Object.freeze([...names]);
    Object.freeze(this);
  }

  /**
   * A request narrowed to the collectors of these names (session or topic); empty: every collector. Diffusion's
   * regular-expression filter (a string or RegExp) is not supported (NOT_SUPPORTED_YET).
   * @param {string[] | Set<string>} filters
   * @returns {MetricsRequest}
   */
  filter(filters) {
    if (!Array.isArray(filters) && !(filters instanceof Set)) {
      throw notSupported('a metrics filter that is not an array or Set of collector names');
    }
    return new MetricsRequest(this._session, [...new Set([...filters].map((f) => text(f, 'a filter')))]);
  }

  /**
   * The server the session is connected to is the only one a request reads.
   * @returns {MetricsRequest}
   */
  currentServer() { return this; }

  /**
   * The groups, computed by the server now; needs VIEW_SERVER.
   * @returns {Promise<MetricsResult>}
   */
  fetch() {
    const fields = this._names.length > 0 ? { filter: [...this._names] } : {};
    return this._session._request('fetchMetrics', fields)
      .then((ok) => new MetricsResult(Array.isArray(ok.groups) ? ok.groups : [], Number(ok.omitted) || 0));
  }
}

/** session.metrics (Diffusion's Metrics feature; metric alerts are not on the server). */
export class Metrics {
  /** @param {import('./session.js').Session} session */
  constructor(session) {
    /** @private */
    this._session = session;
    Object.freeze(this);
  }

  /**
   * Adds a session metric collector, replacing any of the same name; needs CONTROL_SERVER. A bad session filter
   * rejects with INVALID_ARGUMENT (4001) naming the position.
   * @param {SessionMetricCollector} collector
   * @returns {Promise<any>}
   */
  putSessionMetricCollector(collector) {
    return this._put('putSessionMetricCollector', collector, (c) => ({
      name: c.name, sessionFilter: c.sessionFilter, groupByProperties: c.groupByProperties ?? [],
      exportToPrometheus: !!c.exportToPrometheus, maximumGroups: c.maximumGroups ?? UNLIMITED,
      removeMetricsWithNoMatches: !!c.removeMetricsWithNoMatches,
    }));
  }

  /**
   * The session metric collectors, in the order they were first put; needs VIEW_SERVER.
   * @returns {Promise<{ readonly collectors: SessionMetricCollector[] }>}
   */
  listSessionMetricCollectors() { return this._list('listSessionMetricCollectors'); }

  /**
   * Removes the session metric collector of that name, if any; needs CONTROL_SERVER.
   * @param {string} name
   * @returns {Promise<any>}
   */
  removeSessionMetricCollector(name) { return this._remove('removeSessionMetricCollector', name); }

  /**
   * Adds a topic metric collector, replacing any of the same name; needs CONTROL_SERVER.
   * @param {TopicMetricCollector} collector
   * @returns {Promise<any>}
   */
  putTopicMetricCollector(collector) {
    return this._put('putTopicMetricCollector', collector, (c) => ({
      name: c.name, topicSelector: c.topicSelector, groupByTopicType: !!c.groupByTopicType,
      groupByTopicView: !!c.groupByTopicView, groupByPathPrefixParts: c.groupByPathPrefixParts ?? 0,
      exportToPrometheus: !!c.exportToPrometheus, maximumGroups: c.maximumGroups ?? UNLIMITED,
    }));
  }

  /**
   * The topic metric collectors, in the order they were first put; needs VIEW_SERVER.
   * @returns {Promise<{ readonly collectors: TopicMetricCollector[] }>}
   */
  listTopicMetricCollectors() { return this._list('listTopicMetricCollectors'); }

  /**
   * Removes the topic metric collector of that name, if any; needs CONTROL_SERVER.
   * @param {string} name
   * @returns {Promise<any>}
   */
  removeTopicMetricCollector(name) { return this._remove('removeTopicMetricCollector', name); }

  /** A request for every collector's groups: see MetricsRequest. @returns {MetricsRequest} */
  metricsRequest() { return new MetricsRequest(this._session, []); }

  /**
   * Not on the server: rejects with NOT_SUPPORTED_YET.
   * @param {string} name
   * @param {string} specification
   * @returns {Promise<void>}
   */
  setMetricAlert(name, specification) { void name; void specification; return Promise.reject(notSupported('metric alerts')); }

  /** Not on the server: rejects with NOT_SUPPORTED_YET. @returns {Promise<any[]>} */
  listMetricAlerts() { return Promise.reject(notSupported('metric alerts')); }

  /**
   * Not on the server: rejects with NOT_SUPPORTED_YET.
   * @param {string} name
   * @returns {Promise<void>}
   */
  removeMetricAlert(name) { void name; return Promise.reject(notSupported('metric alerts')); }

  /**
   * @private
   * @template C
   * @param {string} t
   * @param {C} collector
   * @param {(c: C) => Record<string, unknown>} fields
   * @returns {Promise<any>}
   */
  _put(t, collector, fields) {
    if (collector === null || typeof collector !== 'object') {
      return Promise.reject(new OsmosisError('INVALID_ARGUMENT', `a metric collector is an object, not ${collector}`));
    }
    return this._session._request(t, { collector: fields(collector) }).then(() => null);
  }

  /**
   * @private
   * @param {string} t
   * @param {string} name
   * @returns {Promise<any>}
   */
  _remove(t, name) {
    if (typeof name !== 'string') {
      return Promise.reject(new OsmosisError('INVALID_ARGUMENT', `a metric collector's name is a string, not ${name}`));
    }
    return this._session._request(t, { name }).then(() => null);
  }

  /**
   * @private
   * @param {string} t
   * @returns {Promise<{ readonly collectors: any[] }>}
   */
  _list(t) {
    return this._session._request(t)
      .then((ok) => deepFreeze({ collectors: Array.isArray(ok.collectors) ? ok.collectors : [] }));
  }
}

/**
 * @template T
 * @param {T} value
 * @returns {T}
 */
function deepFreeze(value) {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
