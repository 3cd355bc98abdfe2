// @ts-check
// session.clients (PROTOCOL §8): session properties, roles, closing sessions, session properties listeners.

import { CloseReason } from './errors.js';
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

export const clients = Object.freeze({ PropertyKeys, SessionEventType, CloseReason });

function target(sessionOrFilter) {
  if (sessionOrFilter && typeof sessionOrFilter === 'object') {
    if (sessionOrFilter.filter !== undefined) return { filter: String(sessionOrFilter.filter) };
    if (sessionOrFilter.session !== undefined) return { session: String(sessionOrFilter.session) };
  }
  const text = String(sessionOrFilter);
  return SESSION_ID.test(text) ? { session: text } : { filter: text };
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
  addSessionPropertiesListener(requiredProperties, handler) {
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
          safeCall(handler.onSessionOpen, m.session, m.properties || {});
        } else if (m.type === 'CLOSED') {
          opened.delete(m.session);
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
}
