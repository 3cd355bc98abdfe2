package dev.osmosis.session;

/**
 * Why a session ended, with its stable code and the WebSocket close code the server uses
 * (docs/PROTOCOL.md §5). WebSocket codes 4000-4099 are final (do not reconnect); 4100-4199 and 1006
 * mean the connection was lost.
 */
public enum CloseReason {
  CLOSED_BY_CLIENT(0, 1000, SessionState.CLOSED_BY_CLIENT),
  CLOSED_BY_CONTROLLER(1, 4001, SessionState.CLOSED_BY_SERVER),
  CLOSED_BY_SERVER(2, 4002, SessionState.CLOSED_BY_SERVER),
  HANDSHAKE_REJECTED(3, 4003, SessionState.CLOSED_FAILED),
  ACCESS_DENIED(4, 4004, SessionState.CLOSED_FAILED),
  MESSAGE_TOO_LARGE(5, 1009, SessionState.CLOSED_FAILED),
  INVALID_INBOUND_MESSAGE(6, 4006, SessionState.CLOSED_FAILED),
  MESSAGE_QUEUE_LIMIT_REACHED(7, 4007, SessionState.CLOSED_BY_SERVER),
  LOST_MESSAGES(8, 4008, SessionState.CLOSED_FAILED),
  UNEXPECTED_ERROR(9, 4009, SessionState.CLOSED_FAILED),
  IDLE_CONNECTION(10, 4110, SessionState.CLOSED_FAILED),
  CLIENT_UNRESPONSIVE(11, 4111, SessionState.CLOSED_FAILED),
  CONNECTION_ERROR(12, 1006, SessionState.CLOSED_FAILED),
  RECONNECT_ABORTED(13, 4013, SessionState.CLOSED_FAILED),
  CONNECTION_TIMEOUT(14, 4014, SessionState.CLOSED_FAILED);

  private final int code;
  private final int webSocketCode;
  private final SessionState state;

  CloseReason(int code, int webSocketCode, SessionState state) {
    this.code = code;
    this.webSocketCode = webSocketCode;
    this.state = state;
  }

  public int code() {
    return code;
  }

  public int webSocketCode() {
    return webSocketCode;
  }

  /** The closed state a session ends in for this reason. */
  public SessionState state() {
    return state;
  }

  /** The reason a WebSocket close code stands for when no {@code close} message preceded it. */
  public static CloseReason fromWebSocketCode(int webSocketCode) {
    for (CloseReason reason : values()) {
      if (reason.webSocketCode == webSocketCode) {
        return reason;
      }
    }
    return webSocketCode == 1011 ? UNEXPECTED_ERROR : CONNECTION_ERROR;
  }
}
