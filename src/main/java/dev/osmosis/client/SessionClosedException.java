package dev.osmosis.client;

import dev.osmosis.wire.CloseReason;

/** A request could not complete because its session is closed (or closed while it was pending). */
public class SessionClosedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final CloseReason closeReason;

  public SessionClosedException(CloseReason closeReason) {
    super("The session is closed: " + closeReason);
    this.closeReason = closeReason;
  }

  /** Why the session closed. */
  public CloseReason getCloseReason() {
    return closeReason;
  }
}
