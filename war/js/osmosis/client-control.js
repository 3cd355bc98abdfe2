// @ts-check
// session.clients (PROTOCOL §8): session properties, roles, closing sessions, subscribing other sessions, session
// properties listeners and session event listeners.

import { CloseReason, notSupported, OsmosisError } from './errors.js';
import { selectors, TopicSelector } from './selectors.js';
import { SessionId } from './session-id.js';
import { SESSION_ID, safeCall } from './util.js';

const PropertyKeys = Object.freeze({
  ALL_FIXED_PROPERTIES: '*F', ALL_USER_PROPERTIES: '*U',
  SESSION_ID: '$SessionId', PRINCIPAL: '$Principal', CONNECTOR: '$Connector', TRANSPORT: '$Transport',
  CLIENT_TYPE: '$ClientType', COUNTRY: '$Country', LANGUAGE: '$Language', SERVER_NAME: '$ServerName',
  CLIENT_IP: '$ClientIP', LATITUDE: '$Latitude', LONGITUDE: '$Longitude', START_TIME: '$StartTime',
  ROLES: '$Roles', GATEWAY_TYPE: '$GatewayType', GATEWAY_ID: '$GatewayId', MQTT_CLIENT_ID: '$MQTTClientId',
});

const SessionEventType = Object.freeze({ UPDATED: 'UPDATED', RECONNECTED: 'RECONNECTED', FAILED_OVER: 'FAILED_OVER',
  DISCONNECTED: 'DISCONNECTED' });

/** Diffusion 6.12's SessionEvent.type: a change of state, or of properties. */
const SessionEventStreamEventType = Object.freeze({ STATE: 0, PROPERTIES: 1 });

/** Diffusion 6.12's SessionEvent.state. */
const SessionState = Object.freeze({ ACTIVE: 0, DISCONNECTED: 1, RECONNECTED: 2, FAILED_OVER: 3, CLOSED: 4 });

export const clients = Object.freeze({ PropertyKeys, SessionEventType, CloseReason, SessionEventStreamEventType, SessionState });

/** @typedef {{ readonly filter?: string, readonly properties?: Set<string>, readonly after?: number }} SessionEventParameters */

class SessionEventParametersBuilder {
  constructor() {
    /** @type {{ filter?: string, properties?: Set<string>, after?: number }} */
    this._p = {};
  }

  /** @param {string} filter */
  filter(filter) { this._p.filter = String(filter); return this; }

  /** @param {...(string | string[])} properties */
  properties(...properties) {
    const list = properties.length === 1 && Array.isArray(properties[0]) ? properties[0] : properties;
    this._p.properties = new Set(list.map(String));
    return this;
  }

  /** Only sessions that started after this time (epoch ms or a Date). @param {number | Date} time */
  after(time) { this._p.after = time instanceof Date ? time.getTime() : Number(time); return this; }

  /** @returns {SessionEventParameters} */
  build() {
    return Object.freeze({ ...this._p, properties: this._p.properties ? new Set(this._p.properties) : undefined });
  }
}

/** Diffusion 6.12's diffusion.newSessionEventParametersBuilder(). */
export function newSessionEventParametersBuilder() { return new SessionEventParametersBuilder(); }

/** The SessionEvent of a session listener's `sessionEvent` message, or null for one the parameters leave out. */
function sessionEvent(m, keys, after) {
  const state = m.type === 'OPEN' || m.type === 'UPDATED' ? SessionState.ACTIVE : SessionState[m.type];
  if (state === undefined) return null;
  const all = m.properties || {};
  if (after !== undefined && !(Number(all.$StartTime) > after)) return null;
  /** @type {Record<string, string>} */
  const properties = {};
  if (state !== SessionState.CLOSED) for (const k of Object.keys(all)) if (keys.has(k) || (k.startsWith('$') ? keys.has('*F') : keys.has('*U'))) properties[k] = all[k];
  const type = m.type === 'UPDATED' ? SessionEventStreamEventType.PROPERTIES : SessionEventStreamEventType.STATE;
  const event = {
    sessionId: new SessionId(m.session),
    type,
    state,
    properties,
    changedProperties: m.type === 'UPDATED' ? { ...(m.previous || {}) } : {},
    isOpenEvent() { return type === SessionEventStreamEventType.STATE && state === SessionState.ACTIVE; },
  };
  if (m.type === 'CLOSED') event.closeReason = CloseReason[m.reason] || m.reason;
  return Object.freeze(event);
}

function target(sessionOrFilter) {
  if (sessionOrFilter && typeof sessionOrFilter === 'object') {
    if (sessionOrFilter.filter !== undefined) return { filter: String(sessionOrFilter.filter) };
    if (sessionOrFilter.session !== undefined) return { session: String(sessionOrFilter.session) };
  }
  const text = String(sessionOrFilter);
  return SESSION_ID.test(text) ? { session: text } : { filter: text };
}

/** The `locks` of a getSessionLock(s) answer as Diffusion's SessionLockDetails by name, frozen. */
function lockDetails(locks) {
  /** @type {{ [name: string]: { serverName: string, sessionId: SessionId, sequence: number } }} */
  const details = {};
  for (const [name, l] of Object.entries(locks || {})) {
    details[name] = Object.freeze({ serverName: l.serverName, sessionId: new SessionId(l.sessionId), sequence: l.sequence });
  }
  return Object.freeze(details);
}

export class ClientControl {
  constructor(session) { this._session = session; }

  /** The requested properties (keys, PropertyKeys.ALL_FIXED_PROPERTIES / ALL_USER_PROPERTIES) of one session. */
  getSessionProperties(sessionId, keys = [PropertyKeys.ALL_FIXED_PROPERTIES, PropertyKeys.ALL_USER_PROPERTIES]) {
    return this._session._request('getSessionProperties', { session: String(sessionId), keys: [...keys] })
      .then((ok) => ok.properties || {});
  }

  /**
   * Sets user properties (a null value removes one) of one session (a session id) or every session a filter
   * matches (any other string, or {filter}). For a session id resolves with the previous values of the changed
   * keys (null where absent); for a filter with the number of sessions.
   */
  setSessionProperties(sessionOrFilter, properties) {
    const t = target(sessionOrFilter);
    return this._session._request('setSessionProperties', { ...t, properties })
      .then((ok) => (t.session ? (ok.previous || {}) : ok.count));
  }

  /**
   * Sets user properties of every session a filter matches (a null value removes one): resolves with the number of
   * sessions.
   */
  setSessionPropertiesByFilter(filter, properties) {
    const map = properties instanceof Map ? Object.fromEntries(properties) : properties;
    return this._session._request('setSessionProperties', { filter: String(filter), properties: map }).then((ok) => ok.count);
  }

  /**
   * Subscribes one session (its id) or every session a filter matches to topics, as if each had selected them (with
   * its own READ_TOPIC): resolves with the number of sessions. Needs VIEW_SESSION and MODIFY_SESSION.
   */
  subscribe(sessionOrFilter, selector, scope = '') {
    return this._subscription('subscribeSession', sessionOrFilter, selector, scope);
  }

  /**
   * Unsubscribes one session or every session a filter matches (reason CONTROL), in a selection scope (default ''):
   * topics another scope of the session selects stay. Resolves with the count.
   */
  unsubscribe(sessionOrFilter, selector, scope = '') {
    return this._subscription('unsubscribeSession', sessionOrFilter, selector, scope);
  }

  _subscription(t, sessionOrFilter, selector, scope = '') {
    let expression;
    try {
      expression = (selector instanceof TopicSelector ? selector : selectors.parse(selector)).expression;
    } catch (e) {
      return Promise.reject(e);
    }
    const scoped = scope ? { scope: String(scope) } : {};
    return this._session._request(t, { ...target(sessionOrFilter), selector: expression, ...scoped })
      .then((ok) => ok.count);
  }

  /**
   * Diffusion 6.12's session event listener: listener {onSessionEvent(event), onClose(), onError(error)} hears an
   * ACTIVE state event (isOpenEvent()) for every session that exists now, then the state (DISCONNECTED,
   * RECONNECTED, FAILED_OVER, CLOSED with its closeReason) and property (PROPERTIES, with changedProperties: the old
   * values) events of every session. parameters {properties, after} (newSessionEventParametersBuilder()): the
   * property keys the events carry, and only sessions that started after a time. A `filter` rejects
   * NOT_SUPPORTED_YET (the server's session listeners hear every session). Needs VIEW_SESSION and REGISTER_HANDLER.
   * Resolves with a registration {close()}.
   */
  addSessionEventListener(listener, parameters = {}) {
    if (!listener || typeof listener.onSessionEvent !== 'function') {
      return Promise.reject(new OsmosisError('INVALID_ARGUMENT', 'a session event listener needs onSessionEvent(event)'));
    }
    if (parameters.filter !== undefined) {
      return Promise.reject(notSupported('a session event listener with a filter', 'the server\'s session listeners hear every session'));
    }
    const keys = new Set(parameters.properties || []);
    const after = parameters.after;
    const wire = new Set(keys);
    if (after !== undefined) wire.add('$StartTime');
    return this._listen(wire, { onClose: listener.onClose, onError: listener.onError }, (m) => {
      const event = sessionEvent(m, keys, after);
      if (event) safeCall(listener.onSessionEvent.bind(listener), event);
    });
  }

  /**
   * Details of the session that holds a lock ({serverName, sessionId, sequence}), or null when no session holds it.
   * Needs VIEW_SERVER (else PERMISSION_DENIED, 3001); a bad lock name rejects INVALID_ARGUMENT (4001).
   * @param {string} lockName
   */
  getSessionLock(lockName) {
    return this._session._request('getSessionLock', { name: String(lockName) })
      .then((ok) => Object.values(lockDetails(ok.locks))[0] || null);
  }

  /** Details of every held lock by lock name (`{}` for none); needs VIEW_SERVER. */
  getSessionLocks() {
    return this._session._request('getSessionLocks').then((ok) => lockDetails(ok.locks));
  }

  /** Changes the roles of one session or every session a filter matches; resolves with the number of sessions. */
  changeRoles(sessionOrFilter, rolesToRemove = [], rolesToAdd = []) {
    return this._session._request('changeRoles', { ...target(sessionOrFilter), remove: [...rolesToRemove], add: [...rolesToAdd] })
      .then((ok) => ok.count);
  }

  /** Closes one session or every session a filter matches (CLOSED_BY_CONTROLLER); resolves with the count. */
  close(sessionOrFilter) {
    return this._session._request('closeSession', target(sessionOrFilter)).then((ok) => ok.count);
  }

  /**
   * Registers a session properties listener: handler {onActive(close), onClose(), onError(e),
   * onSessionOpen(sessionId, properties), onSessionEvent(sessionId, type, properties, previous),
   * onSessionClose(sessionId, properties, reason)}. Resolves with a registration {close()}.
   */
  addSessionPropertiesListener(requiredProperties, handler) { return this._listen(requiredProperties, handler); }

  /**
   * Registers a session listener (PROTOCOL §8) for a handler {onActive, onClose, onError, ...}: its events go to
   * the properties listener's callbacks, or each to `raw` when given (OPEN de-duplicated either way).
   * @param {Iterable<string>} requiredProperties
   * @param {Record<string, any>} handler
   * @param {(m: Record<string, any>) => void} [raw]
   */
  _listen(requiredProperties, handler, raw) {
    const session = this._session;
    const opened = new Set();
    let id = null;
    const registration = {
      close() {
        if (id === null || !session._listeners2.has(id)) return Promise.resolve();
        session._listeners2.delete(id);
        safeCall(handler.onClose);
        return session._request('removeSessionListener', { listener: id }).then(() => undefined, () => undefined);
      },
    };
    const listener = {
      handler,
      event(m) {
        if (m.type === 'OPEN') {
          if (opened.has(m.session)) return; // PROTOCOL §8: an OPEN may come twice
          opened.add(m.session);
        } else if (m.type === 'CLOSED') {
          opened.delete(m.session);
        }
        if (raw) {
          raw(m);
        } else if (m.type === 'OPEN') {
          safeCall(handler.onSessionOpen, m.session, m.properties || {});
        } else if (m.type === 'CLOSED') {
          safeCall(handler.onSessionClose, m.session, m.properties || {}, CloseReason[m.reason] || m.reason);
        } else {
          safeCall(handler.onSessionEvent, m.session, m.type, m.properties || {}, m.previous || {});
        }
      },
    };
    const promise = new Promise((resolve, reject) => {
      const requestId = session._requests.nextId; // the listener's events carry this request's id
      id = requestId;
      session._listeners2.set(requestId, listener); // events may arrive right after the ok
      session._request('addSessionListener', { keys: [...requiredProperties] }).then(() => {
        safeCall(handler.onActive, () => registration.close());
        resolve(registration);
      }, (e) => {
        session._listeners2.delete(requestId);
        safeCall(handler.onError, e);
        reject(e);
      });
    });
    return promise;
  }

  // ---- selection scopes and conflation of other sessions (PROTOCOL §8, TOPICS.md "Selection scopes") -------------

  /** Removes a selector from every selection scope of one session or every session a filter matches. */
  unsubscribeAllScopes(sessionOrFilter, selector) {
    return this._subscription('unsubscribeSessionAllScopes', sessionOrFilter, selector);
  }

  /**
   * One session's topic selections by scope (VIEW_SESSION): {scope: [{selector, selectionType: 'SELECT'}]}, in the
   * order made, the default scope under ''. The server keeps selections only (no deselections), so every entry is
   * a SELECT; a scope with none is absent.
   */
  getTopicSelections(sessionId) {
    return this._session._request('getTopicSelections', { session: String(sessionId) }).then((ok) => {
      /** @type {{ [scope: string]: Array<{ selector: TopicSelector, selectionType: 'SELECT' | 'DESELECT' }> }} */
      const byScope = {};
      for (const [scope, list] of Object.entries(ok.selections || {})) {
        byScope[scope] = list.map((e) => Object.freeze({ selector: selectors.parse(e), selectionType: 'SELECT' }));
      }
      return byScope;
    });
  }

  /**
   * Turns the topics' CONFLATION policies off (false) or on again (true, each session's start) for one session or
   * every session a filter matches (VIEW_SESSION + MODIFY_SESSION); resolves with the number of sessions.
   */
  setConflated(sessionOrFilter, conflated) {
    return this._session._request('setConflated', { ...target(sessionOrFilter), conflated: Boolean(conflated) })
      .then((ok) => ok.count);
  }
}
