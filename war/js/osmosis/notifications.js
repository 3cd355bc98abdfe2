// @ts-check
// session.notifications (PROTOCOL §9 "Topic notifications").

import { OsmosisError } from './errors.js';
import { parseOne, TopicSelector } from './selectors.js';
import { TopicSpecification } from './topics.js';
import { safeCall } from './util.js';

const TopicNotificationType = Object.freeze({ ADDED: 'ADDED', SELECTED: 'SELECTED', REMOVED: 'REMOVED', DESELECTED: 'DESELECTED' });

export class TopicNotifications {
  constructor(session) {
    this._session = session;
    this._listeners = new Set();
  }

  /**
   * Adds a listener {onTopicNotification(path, specification, type), onClose(), onError(error)}: resolves with a
   * registration {select(selector), deselect(selector), close()}. Selections belong to the session: every
   * listener hears every selection's notifications.
   */
  addListener(listener) {
    if (!listener || typeof listener.onTopicNotification !== 'function') {
      return Promise.reject(new OsmosisError('INVALID_ARGUMENT', 'a listener needs onTopicNotification(path, specification, type)'));
    }
    if (this._session.isClosed()) return Promise.reject(new OsmosisError('SESSION_CLOSED', 'the session is closed'));
    this._listeners.add(listener);
    return Promise.resolve({
      select: (selector) => this.select(selector),
      deselect: (selector) => this.deselect(selector),
      close: () => {
        if (this._listeners.delete(listener)) safeCall(listener.onClose);
        return Promise.resolve();
      },
    });
  }

  /** Adds a notification selection: resolves with the number of topics notified as SELECTED. */
  select(selector) { return this._change('selectNotifications', selector); }

  /** Removes a notification selection: resolves with the number of topics notified as DESELECTED. */
  deselect(selector) { return this._change('deselectNotifications', selector); }

  _change(t, selector) {
    let s;
    try { s = selector instanceof TopicSelector ? selector : parseOne(selector); } catch (e) { return Promise.reject(e); }
    return this._session._request(t, { selector: s.expression }).then((ok) => ok.count || 0);
  }

  _onNotification(m) {
    const spec = new TopicSpecification(m.type, m.properties || {});
    const type = TopicNotificationType[m.event] || m.event;
    for (const l of [...this._listeners]) safeCall(l.onTopicNotification.bind(l), m.path, spec, type);
  }

  _close() {
    for (const l of this._listeners) safeCall(l.onClose);
    this._listeners.clear();
  }
}

export const topicNotifications = Object.freeze({ TopicNotificationType });
