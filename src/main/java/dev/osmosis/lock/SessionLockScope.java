package dev.osmosis.lock;

/** When a held lock is released without an unlock (seed 000 SessionLockScope). */
public enum SessionLockScope {
  /** Released when the session ends: the default, and the weaker of the two (held longer). */
  UNLOCK_ON_SESSION_LOSS,
  /** Released as soon as the session loses its connection, even if it may reconnect. */
  UNLOCK_ON_CONNECTION_LOSS;

  /**
   * The scope of a lock asked for with both scopes: the weakest, UNLOCK_ON_SESSION_LOSS if either
   * is.
   */
  public SessionLockScope weakest(SessionLockScope other) {
    return this == UNLOCK_ON_SESSION_LOSS || other == UNLOCK_ON_SESSION_LOSS
        ? UNLOCK_ON_SESSION_LOSS
        : this;
  }
}
