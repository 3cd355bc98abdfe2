package dev.osmosis.session;

import dev.osmosis.wire.CloseReason;

/** The states of seed 002, as the server and the clients name them. A closed state is final. */
public enum SessionState {
  CONNECTING,
  CONNECTED_ACTIVE,
  RECOVERING_RECONNECT,
  CLOSED_BY_CLIENT,
  CLOSED_BY_SERVER,
  CLOSED_FAILED;

  /** The closed state a session ends in for {@code reason} (docs/PROTOCOL.md §5). */
  public static SessionState closedBy(CloseReason reason) {
    return switch (reason.closedState()) {
      case CLOSED_BY_CLIENT -> CLOSED_BY_CLIENT;
      case CLOSED_BY_SERVER -> CLOSED_BY_SERVER;
      case CLOSED_FAILED -> CLOSED_FAILED;
    };
  }

  public boolean isClosed() {
    return this == CLOSED_BY_CLIENT || this == CLOSED_BY_SERVER || this == CLOSED_FAILED;
  }
}
