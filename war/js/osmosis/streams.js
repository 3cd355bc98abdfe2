// @ts-check
// Value streams: what session.addStream and addFallbackStream return.

import { ANY_TYPE, TOPIC_TYPE_BY_DATATYPE } from './datatypes.js';
import { Emitter } from './emitter.js';

export class ValueStream extends Emitter {
  constructor(session, selector, datatype, fallback) {
    super();
    this._session = session;
    this.selector = selector;
    this.datatype = datatype;
    this.fallback = fallback;
    this._closed = false;
  }

  /** Removes this stream: it emits `close` and receives nothing more. */
  close() {
    if (this._closed) return;
    this._closed = true;
    this._session._streams.delete(this);
    this._emit('close');
  }

  isClosed() { return this._closed; }

  _accepts(entry) {
    if (this._closed) return false;
    if (this.datatype !== ANY_TYPE && TOPIC_TYPE_BY_DATATYPE.get(this.datatype) !== entry.type) return false;
    return this.fallback || this.selector.selects(entry.path);
  }
}
