package dev.osmosis.client;

/** When a session lock is released without {@link SessionLock#unlock()} (seed 000). */
public enum SessionLockScope {
  /** Released when the session closes. The default. */
  UNLOCK_ON_SESSION_LOSS,
  /**
   * Released as soon as the session loses its connection (today: when it closes; reconnection comes
   * later).
   */
  UNLOCK_ON_CONNECTION_LOSS
}
