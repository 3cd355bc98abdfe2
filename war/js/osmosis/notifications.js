// @ts-check
// session.notifications (PROTOCOL §9 "Topic notifications").

import { OsmosisError } from './errors.js';
import { parseOne, TopicSelector } from './selectors.js';
import { TopicSpecification } from './topics.js';
import { safeCall } from './util.js';

const TopicNotificationType = Object.freeze({ ADDED: 'ADDED', SELECTED: 'SELECTED', REMOVED: 'REMOVED', DESELECTED: 'DESELECTED' });

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK64 = (1n << 64n) - 1n;

/** 64-bit FNV-1a over the path's UTF-16 code units (the server's dev.osmosis.wire.NotifiedDigest). */
function pathHash(path) {
  let h = FNV_OFFSET;
  for (let i = 0; i < path.length; i++) h = ((h ^ BigInt(path.charCodeAt(i))) * FNV_PRIME) & MASK64;
  return h;
}

export class TopicNotifications {
  constructor(session) {
    this._session = session;
    /** Diffusion's session.notifications.TopicNotificationType: ADDED, SELECTED, REMOVED, DESELECTED. */
    this.TopicNotificationType = TopicNotificationType;
    this._listeners = new Set();
    /** @type {Map<string, TopicSpecification>} the topics the server told this session of (PROTOCOL §12) */
    this._known = new Map();
    this._hash = 0n;
    /** @type {Set<string> | null} the paths of a resync under way */
    this._resyncing = null;
    /** @type {Set<string>} the immediate descendants the server told this session of, compared as _known */
    this._knownDescendants = new Set();
    this._descendantHash = 0n;
    /** @type {Set<string> | null} the descendant paths of a resync under way */
    this._resyncingDescendants = null;
  }

  /**
   * The `notified` of a reconnect: how many topics it was told of and the XOR of their path hashes, and the same
   * for the immediate descendants (`descendants`).
   */
  _digest() {
    return {
      count: this._known.size, hash: this._hash.toString(16).padStart(16, '0'),
      descendants: { count: this._knownDescendants.size, hash: this._descendantHash.toString(16).padStart(16, '0') },
    };
  }

  /**
   * Adds a listener {onTopicNotification(path, specification, type), onDescendantNotification(path, type) (optional),
   * onClose(), onError(error)}: resolves with a
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
    if (m.descendant) { this._onDescendant(m.path, m.event); return; }
    if (m.event === 'RESYNCED') { this._resynced(); return; }
    const spec = new TopicSpecification(m.type, m.properties || {});
    if (m.event === 'RESYNC') { this._resync(m.path, spec); return; }
    const type = TopicNotificationType[m.event] || m.event;
    if (type === 'SELECTED' || type === 'ADDED') {
      const before = this._known.get(m.path);
      if (before && sameSpecification(before, spec)) return; // told already (by a resync): once each
      if (!before) this._hash ^= pathHash(m.path);
      this._known.set(m.path, spec);
    } else if (type === 'REMOVED' || type === 'DESELECTED') {
      if (!this._known.delete(m.path)) return; // not known (a resync removed it already)
      this._hash ^= pathHash(m.path);
    }
    this._deliver(m.path, spec, type);
  }

  /** One topic of a resync after a fail-over: ADDED if new to it (REMOVED first if its specification changed). */
  _resync(path, spec) {
    (this._resyncing ??= new Set()).add(path);
    const before = this._known.get(path);
    this._known.set(path, spec);
    if (!before) {
      this._hash ^= pathHash(path);
      this._deliver(path, spec, 'ADDED');
    } else if (!sameSpecification(before, spec)) {
      this._deliver(path, before, 'REMOVED');
      this._deliver(path, spec, 'ADDED');
    }
  }

  /** The end of a resync: the known topics it left out are gone. */
  _resynced() {
    const listed = this._resyncing || new Set();
    this._resyncing = null;
    for (const [path, spec] of [...this._known]) {
      if (listed.has(path)) continue;
      this._known.delete(path);
      this._hash ^= pathHash(path);
      this._deliver(path, spec, 'REMOVED');
    }
  }

  _deliver(path, spec, type) {
    for (const l of [...this._listeners]) safeCall(l.onTopicNotification.bind(l), path, spec, type);
  }

  /**
   * An immediate descendant notification, remembered for a resync after a fail-over (PROTOCOL §12): each change told
   * once; RESYNC is ADDED if new to it, RESYNCED removes the known ones the resync left out.
   */
  _onDescendant(path, event) {
    if (event === 'RESYNCED') {
      const listed = this._resyncingDescendants || new Set();
      this._resyncingDescendants = null;
      for (const known of [...this._knownDescendants]) {
        if (listed.has(known)) continue;
        this._knownDescendants.delete(known);
        this._descendantHash ^= pathHash(known);
        this._deliverDescendant(known, 'REMOVED');
      }
      return;
    }
    if (event === 'RESYNC') (this._resyncingDescendants ??= new Set()).add(path);
    const type = event === 'RESYNC' ? 'ADDED' : (TopicNotificationType[event] || event);
    if (type === 'SELECTED' || type === 'ADDED') {
      if (this._knownDescendants.has(path)) return; // told already (by a resync): once each
      this._knownDescendants.add(path);
    } else if (type === 'REMOVED' || type === 'DESELECTED') {
      if (!this._knownDescendants.delete(path)) return; // not known (a resync removed it already)
    } else {
      this._deliverDescendant(path, type); // a later server's event: as it came, not remembered
      return;
    }
    this._descendantHash ^= pathHash(path);
    this._deliverDescendant(path, type);
  }

  /** An immediate descendant of a selected path (PROTOCOL §9): its path alone, to each listener that takes it. */
  _deliverDescendant(path, type) {
    for (const l of [...this._listeners]) {
      if (typeof l.onDescendantNotification === 'function') safeCall(l.onDescendantNotification.bind(l), path, type);
    }
  }

  _close() {
    for (const l of this._listeners) safeCall(l.onClose);
    this._listeners.clear();
  }
}

function sameSpecification(a, b) {
  const pa = a.properties || {}, pb = b.properties || {};
  const ka = Object.keys(pa), kb = Object.keys(pb);
  return a.type === b.type && ka.length === kb.length && ka.every((k) => pa[k] === pb[k]);
}

export const topicNotifications = Object.freeze({ TopicNotificationType });

export { TopicNotificationType };
