package dev.osmosis.session;

import dev.osmosis.wire.CloseReason;

/** A session could not be opened; the transport sends {@link #reason()} and closes. */
public final class HandshakeRefusedException extends RuntimeException {
  private final CloseReason reason;

  public HandshakeRefusedException(CloseReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public CloseReason reason() {
    return reason;
  }
}
