package dev.osmosis.session;

/** The states of seed 002, as the server and the clients name them. A closed state is final. */
public enum SessionState {
  CONNECTING,
  CONNECTED_ACTIVE,
  RECOVERING_RECONNECT,
  CLOSED_BY_CLIENT,
  CLOSED_BY_SERVER,
  CLOSED_FAILED;

  public boolean isClosed() {
    return this == CLOSED_BY_CLIENT || this == CLOSED_BY_SERVER || this == CLOSED_FAILED;
  }
}
