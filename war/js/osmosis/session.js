// @ts-check
// The Session: the API of a connected session (state, close, ping, principal), its topic subscriptions and
// value streams (PROTOCOL §9, seed 003), and the features it carries (session.clients, topics, topicUpdate,
// security, metrics, messages, notifications, fetch, locks). Its connection is SessionCore's (session-core.js).

import { ClientControl } from './client-control.js';
import { ANY_TYPE, JSONValue, TOPIC_TYPE_BY_DATATYPE, TYPE_BY_TOPIC_TYPE } from './datatypes.js';
import { CloseReason, notSupported, OsmosisError } from './errors.js';
import { FetchRequest, FetchStream } from './fetch.js';
import { applyJsonPatch } from './json-patch.js';
import { applyEdits } from './value-edits.js';
import { SessionLock, SessionLockScope } from './locks.js';
import { Messaging } from './messaging.js';
import { Metrics } from './metrics.js';
import { TopicNotifications } from './notifications.js';
import { Security } from './security.js';
import { flattenSelectors, parseOne, selectors, TopicSelector } from './selectors.js';
import { SESSION_STATES, SessionCore } from './session-core.js';
import { ValueStream } from './streams.js';
import { TopicControl } from './topic-control.js';
import { TopicSpecification, UnsubscribeReason } from './topics.js';
import { TopicUpdate } from './topic-update.js';
import { safeCall } from './util.js';

export class Session extends SessionCore {
  /** @param {import('./connect.js').ResolvedOptions} resolved what connect() made of its argument */
  constructor(resolved) {
    super(resolved);
    this._listeners2 = new Map(); // session properties listeners by request id
    this._topics = new Map(); // topic id (a) -> {path, type, spec, value, hasValue}
    this._sequences = new Map(); // path -> the number (PROTOCOL §9 n) of the last value or delta received
    this._streams = new Set();
    this._locks = new Map(); // lock name -> {sequence, scope} while owned
    this.clients = new ClientControl(this);
    this.topics = new TopicControl(this);
    this.topicUpdate = new TopicUpdate(this);
    this.security = new Security(this);
    this.metrics = new Metrics(this);
    this.messages = new Messaging(this);
    this.notifications = new TopicNotifications(this);
    this.timeseries = unsupportedFeature('time series (session.timeseries)', 'not on the server');
    this.topicViews = unsupportedFeature('topic views (session.topicViews)', 'not on the server');
  }

  _onMessage(m) {
    switch (m.t) {
      case 'sessionEvent': {
        const listener = this._listeners2.get(m.listener);
        if (listener) listener.event(m);
        break;
      }
      case 'subscribe': this._onSubscribe(m); break;
      case 'value': this._onValue(m, null); break;
      case 'delta': this._onValue(m, m.p); break;
      case 'unsubscribe': this._onUnsubscribe(m); break;
      case 'lostUpdates': this._onLostUpdates(m); break;
      case 'request': this.messages._onRequest(m); break;
      case 'filterResponse':
      case 'filterResponseError': this.messages._onFilterResponse(m); break;
      case 'topicNotification': this.notifications._onNotification(m); break;
      case 'missingTopic': this.topics._onMissingTopic(m); break;
      default:
        // v1 receivers ignore what they do not know (PROTOCOL §2)
        break;
    }
  }

  _closeFeatures() {
    for (const listener of this._listeners2.values()) safeCall(listener.handler.onClose);
    this._listeners2.clear();
    for (const entry of this._topics.values()) this._streamsFor(entry, false).forEach((s) => s._emit('unsubscribe', entry.path, entry.spec, UnsubscribeReason.SESSION_CLOSED));
    this._topics.clear();
    this._sequences.clear();
    for (const stream of [...this._streams]) stream.close();
    this.messages._close();
    this.notifications._close();
    this.topics._close();
    this._locks.clear();
  }

  // ---- the Session API ----------------------------------------------------------------------------------------

  getPrincipal() { return this._principal; }

  /** Beyond Diffusion's API: the session's roles as the server granted them. */
  getRoles() { return [...this._roles]; }

  /**
   * The session's current fixed properties ($SessionId, $Principal, $Transport, ...), all but $Roles, as the server
   * has them now (Diffusion 6.12's Session.getSessionProperties; no permission needed).
   */
  getSessionProperties() {
    return this._request('getSessionProperties', { session: String(this.sessionId), keys: ['*F'] }).then((ok) => {
      const properties = { ...(ok.properties || {}) };
      delete properties.$Roles;
      return properties;
    });
  }

  /** Diffusion's deprecated spelling of sessionId: the id's text. */
  get sessionID() { return this.sessionId ? this.sessionId.toString() : ''; }

  /** Beyond Diffusion's API: the session's properties as the handshake reported them (not kept up to date). */
  getProperties() { return { ...this._properties }; }

  /** One of CONNECTING, CONNECTED_ACTIVE, RECOVERING_RECONNECT, CLOSED_BY_CLIENT, CLOSED_BY_SERVER, CLOSED_FAILED. */
  getState() { return this._state; }

  /** Beyond Diffusion's API: the transport of the current connection, 'WEBSOCKET' or 'HTTP_POLLING' (null if none). */
  getTransport() { return this._transport ? this._transport.name : null; }

  /** Beyond Diffusion's API: the WebSocket URL of the server the session is (or was last) connected to. */
  getServerUrl() { return this._servers[this._home].url; }

  /** Beyond Diffusion's API: the name of that server, as its `connected` answer gave it. */
  getServerName() { return this._serverName; }

  isConnected() { return this._state === SESSION_STATES.CONNECTED_ACTIVE; }

  isClosed() { return this._state.startsWith('CLOSED') || this._closing === true; }

  /** The round trip to the server: resolves with {rtt (ms), timestamp (server time, epoch ms)}. */
  pingServer() {
    const start = performance.now();
    return this._request('ping').then((ok) => ({ rtt: performance.now() - start, timestamp: ok.time }));
  }

  /**
   * Re-authenticates as another principal. Resolves with true; rejects with an OsmosisError
   * AUTHENTICATION_FAILED (2001) if the server refuses, and the session keeps its principal.
   */
  changePrincipal(principal, credentials) {
    return this._request('changePrincipal', { principal: String(principal), credentials: credentials == null ? '' : String(credentials) })
      .then((ok) => {
        this._principal = ok.principal;
        this._roles = ok.roles || [];
        return true;
      });
  }

  /** Closes the session (CLOSED_BY_CLIENT); repeated calls have no effect. Returns this session. */
  close() {
    this.closeSession();
    return this;
  }

  /** Closes the session; resolves with the close reason once it is closed. */
  closeSession() {
    if (this._closeReason) return new Promise(() => {}); // as Diffusion: does not resolve when already closed
    const done = new Promise((resolve) => {
      (this._closeResolvers = this._closeResolvers || []).push(resolve);
    });
    if (!this._closing) {
      if (this._state === SESSION_STATES.CONNECTED_ACTIVE) {
        try {
          this._send({ t: 'close' });
        } catch (e) {
          this._finish(CloseReason.CLOSED_BY_CLIENT, 'closed by the client');
          return done;
        }
        this._closing = true;
        // the server ends the connection; if it does not within 2 s, end it ourselves
        this._closeTimer = setTimeout(() => this._finish(CloseReason.CLOSED_BY_CLIENT, 'closed by the client'), 2000);
      } else {
        // recovering: there is no connection to say it on; the server ends the session at its reconnect timeout
        this._finish(CloseReason.CLOSED_BY_CLIENT, 'closed by the client');
      }
    }
    return done;
  }

  // ---- topics: subscriptions and streams (PROTOCOL §9, seed 003) -------------------------------------------------

  /** Subscribes to topics (strings, selectors, or an array): resolves once the server has answered every one. */
  select(...args) {
    let list;
    try { list = flattenSelectors(args); } catch (e) { return Promise.reject(e); }
    return Promise.all(list.map((s) => this._request('select', { selector: s.expression })))
      .then((oks) => oks.reduce((n, ok) => n + (ok.count || 0), 0));
  }

  /**
   * Unsubscribes from the topics of selectors (strings, selectors, or an array): Diffusion's name; resolves with
   * the number of topics unsubscribed.
   */
  unsubscribe(...args) { return this.unselect(...args); }

  /** Unsubscribes (strings, selectors, or an array): the older name of unsubscribe(). */
  unselect(...args) {
    let list;
    try { list = flattenSelectors(args); } catch (e) { return Promise.reject(e); }
    return Promise.all(list.map((s) => this._request('unselect', { selector: s.expression })))
      .then((oks) => oks.reduce((n, ok) => n + (ok.count || 0), 0));
  }

  /**
   * Beyond Diffusion's API: the sequence number of the last value (or delta) received for a subscribed topic, the
   * topic's own update counter (1, 2, 3 ... in the topic's order, the same on every node of a cluster; PROTOCOL §9
   * `n`). 0 when not subscribed or no numbered value arrived yet. Inside a stream's `value` listener it is the
   * number of the value being delivered.
   */
  lastSequence(path) {
    return this._sequences.get(String(path)) || 0;
  }

  /**
   * A stream of the values of the topics the selector selects and this session is subscribed to, for one data
   * type (datatypes.any() for all). It first emits `open`, then for every topic already subscribed `subscribe` and
   * its cached value. Events: open, subscribe(topic, specification), value(topic, specification, newValue,
   * oldValue), unsubscribe(topic, specification, reason), close, error.
   */
  addStream(selector, datatype) {
    const parsed = selector instanceof TopicSelector ? selector
      : Array.isArray(selector) ? selectors.parse(selector) : parseOne(selector);
    return this._addStream(new ValueStream(this, parsed, checkType(datatype), false));
  }

  /** A stream for every topic (of the data type) that no other stream of that type receives. */
  addFallbackStream(datatype) {
    return this._addStream(new ValueStream(this, null, checkType(datatype), true));
  }

  _addStream(stream) {
    if (this.isClosed()) throw new OsmosisError('SESSION_CLOSED', 'the session is closed');
    this._streams.add(stream);
    queueMicrotask(() => {
      if (stream._closed) return;
      stream._emit('open');
      for (const entry of this._topics.values()) {
        if (!this._streamsFor(entry, false).includes(stream)) continue;
        stream._emit('subscribe', entry.path, entry.spec);
        if (entry.hasValue) stream._emit('value', entry.path, entry.spec, entry.value, undefined);
      }
    });
    return stream;
  }

  /** The streams that receive a topic's events: those whose selector matches, else the fallback streams. */
  _streamsFor(entry, _unused) {
    const direct = [];
    const fallback = [];
    for (const s of this._streams) {
      if (!s._accepts(entry)) continue;
      (s.fallback ? fallback : direct).push(s);
    }
    return direct.length > 0 ? direct : fallback;
  }

  _onSubscribe(m) {
    const spec = new TopicSpecification(m.type, m.properties || {});
    const entry = { id: m.a, path: m.path, type: m.type, spec, value: undefined, hasValue: false,
      retain: (m.properties || {}).DONT_RETAIN_VALUE !== 'true' };
    this._topics.set(m.a, entry);
    for (const s of this._streamsFor(entry)) s._emit('subscribe', entry.path, spec);
  }

  _onValue(m, patch) {
    const entry = this._topics.get(m.a);
    if (!entry) {
      this._emit('error', new OsmosisError('INVALID_INBOUND_MESSAGE', `a value for topic id ${m.a} before its subscribe`));
      return;
    }
    if (typeof m.n === 'number' && m.n > 0) this._sequences.set(entry.path, m.n);
    const datatype = TYPE_BY_TOPIC_TYPE[entry.type];
    const oldValue = entry.hasValue ? entry.value : undefined;
    let newValue;
    if (m.d) { // a STRING or BINARY topic's edits (PROTOCOL §9 "Deltas")
      try {
        if (!entry.hasValue || (entry.type !== 'STRING' && entry.type !== 'BINARY')) throw new Error('no previous value');
        newValue = applyEdits(entry.value, m.d);
      } catch (err) {
        const e = new OsmosisError('INVALID_INBOUND_MESSAGE', `a delta for ${entry.path} does not apply: ${err.message}`);
        entry.hasValue = false;
        this._streamsFor(entry).forEach((s) => s._emit('error', e));
        return;
      }
    } else if (patch) {
      if (!entry.hasValue || entry.type !== 'JSON') {
        const e = new OsmosisError('INVALID_INBOUND_MESSAGE', `a delta for ${entry.path} without a previous JSON value`);
        this._streamsFor(entry).forEach((s) => s._emit('error', e));
        return;
      }
      newValue = new JSONValue(applyJsonPatch(entry.value.get(), patch));
    } else {
      newValue = datatype ? datatype._decode(m.v) : m.v;
    }
    if (entry.retain) {
      // a BINARY delta edits the cached bytes: keep a copy the streams cannot change
      entry.value = newValue instanceof Uint8Array ? newValue.slice() : newValue;
      entry.hasValue = true;
    }
    for (const s of this._streamsFor(entry)) s._emit('value', entry.path, entry.spec, newValue, oldValue);
  }

  /** Resumed, but updates after m.after up to m.n could not be replayed: they are lost (PROTOCOL §12). */
  _onLostUpdates(m) {
    const entry = this._topics.get(m.a);
    if (!entry) return;
    if (typeof m.n === 'number' && m.n > 0) this._sequences.set(entry.path, m.n);
    for (const s of this._streamsFor(entry)) s._emit('lostUpdates', entry.path, entry.spec, m.after, m.n);
  }

  _topicSequences() { return Object.fromEntries(this._sequences); }

  _notifiedDigest() { return this.notifications._digest(); }

  _onUnsubscribe(m) {
    const entry = this._topics.get(m.a);
    if (!entry) return;
    this._topics.delete(m.a);
    this._sequences.delete(entry.path);
    for (const s of this._streamsFor(entry)) s._emit('unsubscribe', entry.path, entry.spec, m.reason);
  }

  // ---- fetch and locks ---------------------------------------------------------------------------------------------

  /** An unconfigured fetch request (immutable; each option returns a new one); run it with fetch(selector). */
  fetchRequest() { return new FetchRequest(this); }

  /**
   * Seed 001's fetch: fetches the values of the topics the selector matches (no subscription) and returns a
   * FetchStream that emits `value(value, path)` for each topic with a value, in path order, then `close`; or
   * `error(e)` if the fetch is refused. Listeners added in the same tick hear everything.
   * @param {string | TopicSelector | Array<string | TopicSelector>} selector
   */
  fetch(selector) { return new FetchStream(this.fetchRequest().withValues(), selector); }

  /**
   * Acquires a session lock, waiting behind its owner and earlier waiters: resolves with a SessionLock once this
   * session owns it. `scope` is locks.SessionLockScope.UNLOCK_ON_SESSION_LOSS (the default) or
   * UNLOCK_ON_CONNECTION_LOSS. Rejects PERMISSION_DENIED (3001) without ACQUIRE_LOCK at the name.
   */
  lock(name, scope = SessionLockScope.UNLOCK_ON_SESSION_LOSS) {
    if (!SessionLockScope[scope]) {
      return Promise.reject(new OsmosisError('INVALID_ARGUMENT', `unknown lock scope '${scope}'`));
    }
    return this._request('lock', { name: String(name), scope }).then((ok) => {
      this._locks.set(ok.name, { sequence: ok.sequence, scope: ok.scope });
      return new SessionLock(this, ok.name, ok.sequence, ok.scope);
    });
  }

  // ---- selection scopes (PROTOCOL §9, TOPICS.md "Selection scopes") ----------------------------------------------

  /** The default selection scope, '': the scope of select and unselect. */
  get DEFAULT_SELECTION_SCOPE() { return ''; }

  /**
   * Subscribes to topics (a selector, a string, or an array of them) in a selection scope (default ''): another
   * scope's unsubscribe does not end them. Resolves with the number of topics newly subscribed; rejects 4001 for
   * a bad scope name (over 128 characters, starting with '$', or holding a control character).
   */
  selectWithScope(selector, scope = '') { return this._scoped('select', selector, scope); }

  /** Unsubscribes in one scope: topics a selection of another scope selects stay subscribed. */
  unsubscribeWithScope(selector, scope = '') { return this._scoped('unselect', selector, scope); }

  /** Removes the selector from every scope and unsubscribes every subscribed topic it matches. */
  unsubscribeAllScopes(selector) { return this._scoped('unselectAllScopes', selector, ''); }

  _scoped(type, selector, scope) {
    let list;
    try { list = flattenSelectors([selector]); } catch (e) { return Promise.reject(e); }
    const extra = scope ? { scope: String(scope) } : {};
    return Promise.all(list.map((s) => this._request(type, { selector: s.expression, ...extra })))
      .then((oks) => oks.reduce((n, ok) => n + (ok.count || 0), 0));
  }
}

function checkType(datatype) {
  if (datatype === ANY_TYPE || TOPIC_TYPE_BY_DATATYPE.has(datatype)) return datatype;
  throw new OsmosisError('INVALID_ARGUMENT', 'a stream needs a data type from diffusion.datatypes (json(), string(), int64(), double(), binary() or any())');
}

function unsupportedFeature(what, issue) {
  return new Proxy({}, {
    get(targetObject, property) {
      if (typeof property === 'symbol' || property === 'then' || property === 'toJSON') return undefined;
      return () => { throw notSupported(`${what}.${String(property)}()`, issue); };
    },
  });
}
