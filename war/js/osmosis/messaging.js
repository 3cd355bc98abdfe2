// @ts-check
// session.messages (PROTOCOL §10, docs/MESSAGING.md): request handlers, request streams, requests to a path,
// a session or a filter.

import { ANY_TYPE, isDataType, optionalType, receivedAs, wireValue } from './datatypes.js';
import { errorOf, OsmosisError } from './errors.js';
import { canonicalPath } from './selectors.js';
import { SESSION_ID, safeCall } from './util.js';

/** @typedef {import('./datatypes.js').DataType} DataType */
/** @typedef {import('./datatypes.js').AnyType} AnyType */
/** @typedef {import('./session-core.js').Wire} Wire */
/** @typedef {import('../osmosis.js').RequestHandler} RequestHandler */
/** @typedef {import('../osmosis.js').RequestStream} RequestStream */
/** @typedef {import('../osmosis.js').FilterResponseHandler} FilterResponseHandler */
/** @typedef {{ handler: RequestHandler, requestType: DataType | null, responseType: DataType | null, path: string }} HandlerEntry */
/** @typedef {{ stream: RequestStream, requestType: DataType | null, responseType: DataType | null }} StreamEntry */
/**
 * A request to a filter: its answers are counted until the `ok` said how many sessions it reached.
 * @typedef {{ handler: FilterResponseHandler, responseType: DataType | null, count: number | null, received: number }} FilterEntry
 */

export class Messaging {
  /** @param {import('./session.js').Session} session */
  constructor(session) {
    this._session = session;
    /** By canonical branch. @type {Map<string, HandlerEntry>} */
    this._handlers = new Map();
    /** By canonical path. @type {Map<string, StreamEntry>} */
    this._streams = new Map();
    /** By request id. @type {Map<number, FilterEntry>} */
    this._filterRequests = new Map();
  }

  /**
   * Registers a handler for the requests sent to a path branch: handler {onRequest(request, context, responder),
   * onError(error), onClose()}; `context` is {sessionId, path, sessionProperties}; `responder` {respond(value),
   * reject(message)}. `sessionProperties` are the sender's property keys to receive. Resolves with a
   * registration {close()}; rejects HANDLER_CONFLICT (4009) if the path already has a handler.
   * @param {string} path
   * @param {RequestHandler} handler
   * @param {Iterable<string> | DataType | AnyType | string} [sessionProperties] (or, without them, the request type)
   * @param {DataType | AnyType | string} [requestType]
   * @param {DataType | AnyType | string} [responseType]
   */
  addRequestHandler(path, handler, sessionProperties = [], requestType, responseType) {
    const session = this._session;
    /** @type {HandlerEntry} */
    let reg;
    try {
      if (!handler || typeof handler.onRequest !== 'function') throw new OsmosisError('INVALID_ARGUMENT', 'a request handler needs onRequest(request, context, responder)');
      if (isDataType(sessionProperties) || sessionProperties === ANY_TYPE || typeof sessionProperties === 'string') {
        [sessionProperties, requestType, responseType] = [[], /** @type {DataType | AnyType | string} */ (sessionProperties), requestType];
      }
      reg = { handler, requestType: optionalType(requestType, 'the request type'), responseType: optionalType(responseType, 'the response type'), path: canonicalPath(path) };
    } catch (e) {
      return Promise.reject(e);
    }
    /** @type {Wire} */
    const fields = { path: String(path) };
    const keys = [.../** @type {Iterable<string>} */ (sessionProperties || [])];
    if (keys.length > 0) fields.properties = keys;
    if (this._handlers.has(reg.path)) {
      return Promise.reject(new OsmosisError('HANDLER_CONFLICT', `this session already has a request handler at ${reg.path}`, 4009));
    }
    this._handlers.set(reg.path, reg); // in place before the request: a request may arrive before the answer
    return session._request('addRequestHandler', fields).then((ok) => {
      if (ok.path && ok.path !== reg.path) {
        this._handlers.delete(reg.path);
        reg.path = ok.path;
        this._handlers.set(reg.path, reg);
      }
      return {
        path: reg.path,
        close: () => {
          if (this._handlers.get(reg.path) !== reg) return Promise.resolve(false);
          this._handlers.delete(reg.path);
          safeCall(handler.onClose);
          return session._request('removeRequestHandler', { path: reg.path }).then((r) => r.removed === true, () => false);
        },
      };
    }, (e) => {
      if (this._handlers.get(reg.path) === reg) this._handlers.delete(reg.path);
      safeCall(handler.onError, e);
      throw e;
    });
  }

  /**
   * Sends a request and resolves with the response. `sendRequest(path, request[, requestType[, responseType]])`
   * reaches the handler of the path; `sendRequest(path, request, sessionId[, requestType[, responseType]])` the
   * request stream of that session for the path. Without a request type, it follows the value: string, int64
   * (integers and BigInt), double, binary (Uint8Array), json (anything else).
   * @param {string} path
   * @param {any} request
   * @param {...any} rest [sessionId,] [requestType[, responseType]]
   * @returns {Promise<any>}
   */
  sendRequest(path, request, ...rest) {
    /** @type {Wire} */
    let fields;
    let responseType;
    try {
      let target = null;
      if (rest.length > 0 && !isDataType(rest[0]) && rest[0] !== ANY_TYPE && rest[0] !== undefined && rest[0] !== null
          && !(typeof rest[0] === 'string' && !SESSION_ID.test(rest[0]) && /^(json|string|int64|double|binary|any)$/i.test(rest[0]))) {
        target = rest.shift();
        if (target && typeof target === 'object') target = target.session !== undefined ? target.session : String(target);
      } else if (rest.length > 0 && (rest[0] === undefined || rest[0] === null) && rest.length > 1) {
        rest.shift();
      }
      const requestType = optionalType(rest[0], 'the request type');
      responseType = optionalType(rest[1], 'the response type');
      fields = { path: String(path), ...wireValue(request, requestType) };
      if (target !== null) fields.session = String(target);
    } catch (e) {
      return Promise.reject(e);
    }
    return this._session._request('sendRequest', fields).then((ok) => receivedAs(ok.type, ok.v, responseType));
  }

  /**
   * Seed 001's "Send a message": sends `message` to the handler of the path, or, with a session id, to that
   * session's request stream for the path; the sender wants no response. The protocol has no one-way message: this
   * is a request whose answer is dropped. Resolves (with nothing) once the recipient has taken the message, whether
   * it responded or rejected it; rejects if it could not be delivered (no handler or stream: NOT_FOUND 4004; no
   * SEND_TO_MESSAGE_HANDLER / SEND_TO_SESSION: 3001; REQUEST_TIMEOUT if the recipient never answers). A recipient
   * should answer each message (responder.respond(anything)).
   * @param {string} path
   * @param {any} message
   * @param {any} [sessionId]
   * @returns {Promise<void>}
   */
  send(path, message, sessionId) {
    const sent = sessionId === undefined || sessionId === null ? this.sendRequest(path, message)
      : this.sendRequest(path, message, String(sessionId));
    return sent.then(() => undefined, (e) => {
      if (e && e.reason === 'REJECTED_REQUEST') return undefined; // taken, and refused: its answer is not wanted
      throw e;
    });
  }

  /**
   * Sends a request to the request stream (for the path) of every session the filter matches. Resolves with the
   * number of sessions addressed; `responseHandler` {onResponse(sessionId, response), onResponseError(sessionId,
   * error)} then hears exactly one answer from each.
   * @param {string} filter
   * @param {string} path
   * @param {any} request
   * @param {FilterResponseHandler} responseHandler
   * @param {DataType | AnyType | string} [requestType]
   * @param {DataType | AnyType | string} [responseType]
   * @returns {Promise<number>}
   */
  sendRequestToFilter(filter, path, request, responseHandler, requestType, responseType) {
    const session = this._session;
    /** @type {Wire} */
    let fields;
    /** @type {FilterEntry} */
    let entry;
    try {
      if (!responseHandler || typeof responseHandler.onResponse !== 'function') {
        throw new OsmosisError('INVALID_ARGUMENT', 'a filter request needs a handler {onResponse(sessionId, response), onResponseError(sessionId, error)}');
      }
      fields = { filter: String(filter), path: String(path), ...wireValue(request, optionalType(requestType, 'the request type')) };
      entry = { handler: responseHandler, responseType: optionalType(responseType, 'the response type'), count: null, received: 0 };
    } catch (e) {
      return Promise.reject(e);
    }
    const id = session._requests.nextId; // the answers carry this request's id and may follow its ok at once
    this._filterRequests.set(id, entry);
    return session._request('sendRequestToFilter', fields).then((ok) => {
      const count = ok.count || 0;
      entry.count = count;
      if (entry.received >= count) this._filterRequests.delete(id);
      return count;
    }, (e) => {
      this._filterRequests.delete(id);
      throw e;
    });
  }

  /**
   * Sets the stream for requests sent to this session at exactly the path: stream {onRequest(path, request,
   * responder), onError(error), onClose()}. Returns the stream it replaces, if any.
   * @param {string} path
   * @param {RequestStream} stream
   * @param {DataType | AnyType | string} [requestType]
   * @param {DataType | AnyType | string} [responseType]
   * @returns {RequestStream | undefined}
   */
  setRequestStream(path, stream, requestType, responseType) {
    if (!stream || typeof stream.onRequest !== 'function') {
      throw new OsmosisError('INVALID_ARGUMENT', 'a request stream needs onRequest(path, request, responder)');
    }
    const key = canonicalPath(path);
    const old = this._streams.get(key);
    this._streams.set(key, { stream, requestType: optionalType(requestType, 'the request type'), responseType: optionalType(responseType, 'the response type') });
    if (old) safeCall(old.stream.onClose);
    return old ? old.stream : undefined;
  }

  /**
   * Removes the request stream of a path: returns it (its onClose is called), or undefined.
   * @param {string} path
   * @returns {RequestStream | undefined}
   */
  removeRequestStream(path) {
    const key = canonicalPath(path);
    const old = this._streams.get(key);
    if (!old) return undefined;
    this._streams.delete(key);
    safeCall(old.stream.onClose);
    return old.stream;
  }

  /**
   * A request for this session, to a handler (`handler` set) or to a request stream.
   * @param {Wire} m
   */
  _onRequest(m) {
    const session = this._session;
    const rid = m.rid;
    let answered = false;
    const send = (message) => {
      if (answered) return false;
      answered = true;
      try { session._send(message); } catch (e) { return false; }
      return true;
    };
    const reject = (message, code) => {
      const out = { t: 'responseError', rid, message: String(message === undefined ? 'rejected' : message) };
      if (code) out.code = code;
      return send(out);
    };
    const viaHandler = m.handler !== undefined && m.handler !== null;
    const reg = viaHandler ? this._handlers.get(m.handler) : this._streams.get(canonicalPath(m.path));
    if (!reg) {
      reject(viaHandler ? `no request handler for ${m.handler} in this session`
        : `session ${session.sessionId} has no request stream for ${m.path}`, 4004);
      return;
    }
    let request;
    try {
      request = receivedAs(m.type, m.v, reg.requestType);
    } catch (e) {
      reject(e.message, 4001);
      return;
    }
    const responder = {
      respond(response) {
        let wire;
        try {
          wire = wireValue(response, reg.responseType);
        } catch (e) {
          reject(e.message, 4001);
          throw e;
        }
        return send({ t: 'response', rid, ...wire });
      },
      reject(message) { return reject(message); },
    };
    try {
      if ('handler' in reg) {
        reg.handler.onRequest(request, { sessionId: m.session, path: m.path, sessionProperties: m.properties || {} }, responder);
      } else {
        reg.stream.onRequest(m.path, request, responder);
      }
    } catch (e) {
      reject(e && e.message ? e.message : String(e));
      safeCall('handler' in reg ? reg.handler.onError : reg.stream.onError, e);
    }
  }

  /**
   * @param {Wire} m
   */
  _onFilterResponse(m) {
    const entry = this._filterRequests.get(m.id);
    if (!entry) return;
    entry.received++;
    if (entry.count !== null && entry.received >= entry.count) this._filterRequests.delete(m.id);
    if (m.t === 'filterResponse') {
      let response;
      try {
        response = receivedAs(m.type, m.v, entry.responseType);
      } catch (e) {
        safeCall(entry.handler.onResponseError, m.session, e);
        return;
      }
      safeCall(entry.handler.onResponse, m.session, response);
    } else {
      safeCall(entry.handler.onResponseError, m.session, errorOf(m));
    }
  }

  _close() {
    for (const reg of this._handlers.values()) safeCall(reg.handler.onClose);
    for (const reg of this._streams.values()) safeCall(reg.stream.onClose);
    this._handlers.clear();
    this._streams.clear();
    this._filterRequests.clear();
  }
}
