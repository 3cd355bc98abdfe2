// @ts-check
// session.topics (PROTOCOL §9): adding and removing topics, missing topic handlers.

import { TOPIC_TYPE_BY_DATATYPE } from './datatypes.js';
import { OsmosisError } from './errors.js';
import { canonicalPath, parseOne, TopicSelector } from './selectors.js';
import { TopicSpecification } from './topics.js';
import { safeCall } from './util.js';

/**
 * A topic's specification from a TopicType, a data type, a TopicSpecification or a {type, properties} object.
 * @param {any} typeOrSpec
 * @returns {TopicSpecification}
 */
export function specOf(typeOrSpec) {
  if (typeOrSpec instanceof TopicSpecification) return typeOrSpec;
  if (typeof typeOrSpec === 'string') return new TopicSpecification(/** @type {TopicType} */ (typeOrSpec));
  const wireType = typeOrSpec ? TOPIC_TYPE_BY_DATATYPE.get(typeOrSpec) : undefined;
  if (wireType) return new TopicSpecification(wireType);
  if (typeOrSpec && typeOrSpec.type) return new TopicSpecification(typeOrSpec.type, typeOrSpec.properties || {});
  throw new OsmosisError('INVALID_ARGUMENT', 'a topic needs a TopicType or a TopicSpecification');
}

/** @typedef {import('../osmosis.js').MissingTopicHandler} MissingTopicHandler */
/** @typedef {import('../osmosis.js').TopicType} TopicType */
/** @typedef {{ handler: MissingTopicHandler, branch: string }} MissingEntry */

export class TopicControl {
  /** @param {import('./session.js').Session} session */
  constructor(session) {
    this._session = session;
    /** The missing topic handlers of this session, by branch. @type {Map<string, MissingEntry>} */
    this._missing = new Map();
  }

  /** Adds a topic: resolves with {topic, added} (added false when an equal topic already existed). */
  add(path, typeOrSpec) {
    let spec;
    try { spec = specOf(typeOrSpec); } catch (e) { return Promise.reject(e); }
    const fields = { path: String(path), type: spec.type };
    if (Object.keys(spec.properties).length > 0) fields.properties = spec.properties;
    return this._session._request('addTopic', fields).then((ok) => ({ topic: String(path), added: ok.result === 'ADDED' }));
  }

  /** Removes the topics a selector selects: resolves with {removedCount}. */
  remove(selector) {
    let s;
    try { s = selector instanceof TopicSelector ? selector : parseOne(selector); } catch (e) { return Promise.reject(e); }
    return this._session._request('removeTopics', { selector: s.expression }).then((ok) => ({ removedCount: ok.count }));
  }

  /**
   * Handles selections of missing topics in a path branch: handler {onRegister(path, deregister),
   * onMissingTopic(notification), onClose(path), onError(path, error)}. A notification has `path` (the
   * selector's literal prefix), `selector` (a TopicSelector), `sessionId` (the selecting session),
   * `sessionProperties` (those asked for in `sessionProperties`), `proceed()` and `cancel()`. Resolves with a
   * registration {path, close()}; rejects HANDLER_CONFLICT (4009) if another session handles the branch.
   */
  addMissingTopicHandler(path, handler, sessionProperties = []) {
    const session = this._session;
    if (!handler || typeof handler.onMissingTopic !== 'function') {
      return Promise.reject(new OsmosisError('INVALID_ARGUMENT', 'a missing topic handler needs onMissingTopic(notification)'));
    }
    const fields = { path: String(path) };
    if ([...sessionProperties].length > 0) fields.properties = [...sessionProperties];
    const reg = { handler, branch: canonicalPath(path) };
    const old = this._missing.get(reg.branch);
    this._missing.set(reg.branch, reg); // in place before the request: a notification may arrive before the answer
    return session._request('addMissingTopicHandler', fields).then((ok) => {
      if (ok.path && ok.path !== reg.branch) {
        this._missing.delete(reg.branch);
        reg.branch = ok.path;
        this._missing.set(reg.branch, reg);
      }
      const branch = reg.branch;
      if (old && old !== reg) safeCall(old.handler.onClose, branch);
      const registration = {
        path: branch,
        close: () => {
          if (this._missing.get(branch) !== reg) return Promise.resolve(false);
          this._missing.delete(branch);
          safeCall(handler.onClose, branch);
          return session._request('removeMissingTopicHandler', { path: branch }).then((r) => r.removed === true, () => false);
        },
      };
      safeCall(handler.onRegister, branch, () => registration.close());
      return registration;
    }, (e) => {
      if (this._missing.get(reg.branch) === reg) {
        if (old) this._missing.set(reg.branch, old); else this._missing.delete(reg.branch);
      }
      safeCall(handler.onError, String(path), e);
      throw e;
    });
  }

  _onMissingTopic(m) {
    const reg = this._missing.get(m.handler);
    const session = this._session;
    let answered = false;
    const answer = (action) => {
      if (answered) return;
      answered = true;
      try { session._send({ t: 'missingTopicResponse', rid: m.rid, action }); } catch (e) { /* closed: the server ends the wait */ }
    };
    if (!reg) { answer('CANCEL'); return; }
    let selector;
    try { selector = parseOne(m.selector); } catch (e) { selector = m.selector; }
    const notification = Object.freeze({
      path: m.path, selector, sessionId: m.session, sessionID: m.session, sessionProperties: m.properties || {},
      proceed: () => answer('PROCEED'),
      cancel: () => answer('CANCEL'),
    });
    try {
      reg.handler.onMissingTopic(notification);
    } catch (e) {
      console.error('osmosis: a missing topic handler threw; cancelling', e);
      answer('CANCEL');
      safeCall(reg.handler.onError, reg.branch, e);
    }
  }

  _close() {
    for (const reg of this._missing.values()) safeCall(reg.handler.onClose, reg.branch);
    this._missing.clear();
  }
}
