// @ts-check
// Session locks (PROTOCOL §10 "Session locks").

export const SessionLockScope = Object.freeze({ UNLOCK_ON_SESSION_LOSS: 'UNLOCK_ON_SESSION_LOSS',
  UNLOCK_ON_CONNECTION_LOSS: 'UNLOCK_ON_CONNECTION_LOSS' });
export const locks = Object.freeze({ SessionLockScope });

export class SessionLock {
  constructor(session, name, sequence, scope) {
    this._session = session;
    this._name = name;
    this._sequence = sequence;
    this._scope = scope;
  }

  getName() { return this._name; }

  /** The server-wide number of this acquisition: a later acquisition of any lock has a greater one. */
  getSequence() { return this._sequence; }

  getScope() { return this._scope; }

  /** Whether the session still owns the lock with this sequence (false after unlock() or once closed). */
  isOwned() {
    const held = this._session._locks.get(this._name);
    return !this._session.isClosed() && held !== undefined && held.sequence === this._sequence;
  }

  /** Releases the lock: resolves true if it was released, false if this session did not own it (any more). */
  unlock() {
    const session = this._session;
    return session._request('unlock', { name: this._name, sequence: this._sequence }).then((ok) => {
      const held = session._locks.get(this._name);
      if (held && held.sequence === this._sequence) session._locks.delete(this._name);
      return ok.released === true;
    });
  }

  toString() { return `SessionLock(${this._name}, ${this._sequence}, ${this._scope})`; }
}
