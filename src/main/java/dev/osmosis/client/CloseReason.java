package dev.osmosis.client;

import java.util.Optional;

/**
 * Why a session closed (PROTOCOL.md §5): a stable numeric {@link #code()}, the WebSocket close code
 * the server uses for it, and the session state it leads to.
 */
public enum CloseReason {
  CLOSED_BY_CLIENT(0, 1000, Session.State.CLOSED_BY_CLIENT),
  CLOSED_BY_CONTROLLER(1, 4001, Session.State.CLOSED_BY_SERVER),
  CLOSED_BY_SERVER(2, 4002, Session.State.CLOSED_BY_SERVER),
  HANDSHAKE_REJECTED(3, 4003, Session.State.CLOSED_FAILED),
  ACCESS_DENIED(4, 4004, Session.State.CLOSED_FAILED),
  MESSAGE_TOO_LARGE(5, 1009, Session.State.CLOSED_FAILED),
  INVALID_INBOUND_MESSAGE(6, 4006, Session.State.CLOSED_FAILED),
  MESSAGE_QUEUE_LIMIT_REACHED(7, 4007, Session.State.CLOSED_BY_SERVER),
  LOST_MESSAGES(8, 4008, Session.State.CLOSED_FAILED),
  UNEXPECTED_ERROR(9, 4009, Session.State.CLOSED_FAILED),
  IDLE_CONNECTION(10, 4110, Session.State.CLOSED_FAILED),
  CLIENT_UNRESPONSIVE(11, 4111, Session.State.CLOSED_FAILED),
  CONNECTION_ERROR(12, 1006, Session.State.CLOSED_FAILED),
  RECONNECT_ABORTED(13, -1, Session.State.CLOSED_FAILED),
  CONNECTION_TIMEOUT(14, -1, Session.State.CLOSED_FAILED);

  private final int code;
  private final int webSocketCode;
  private final Session.State closedState;

  CloseReason(int code, int webSocketCode, Session.State closedState) {
    this.code = code;
    this.webSocketCode = webSocketCode;
    this.closedState = closedState;
  }

  /** The stable numeric code of PROTOCOL.md §5. */
  public int code() {
    return code;
  }

  /** The WebSocket close code the server closes with, or -1 for a reason only a client detects. */
  public int webSocketCode() {
    return webSocketCode;
  }

  /**
   * The closed state a session ends in for this reason when it does not (or cannot) recover: a
   * recoverable reason that could not be recovered ends in {@link Session.State#CLOSED_FAILED}.
   */
  public Session.State closedState() {
    return closedState;
  }

  /**
   * True if the connection was lost rather than the session ended (WebSocket codes 4100-4199 and
   * 1006): a client with reconnection enabled may try to recover the session.
   */
  public boolean isRecoverable() {
    return this == IDLE_CONNECTION || this == CLIENT_UNRESPONSIVE || this == CONNECTION_ERROR;
  }

  /** The reason with the given numeric code. */
  public static Optional<CloseReason> fromCode(int code) {
    for (CloseReason reason : values()) {
      if (reason.code == code) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }

  /** The reason with the given name, as the server's {@code close} message carries it. */
  public static Optional<CloseReason> fromName(String name) {
    for (CloseReason reason : values()) {
      if (reason.name().equals(name)) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }

  /**
   * Maps a WebSocket close code back to a reason, for a connection that closed without a {@code
   * close} message. Unknown codes in 4000-4099 are final ({@link #CLOSED_BY_SERVER}); unknown codes
   * in 4100-4199 and every other code mean the connection was lost ({@link #CONNECTION_ERROR}).
   */
  public static CloseReason fromWebSocketCode(int webSocketCode) {
    switch (webSocketCode) {
      case 1000:
        return CLOSED_BY_CLIENT;
      case 1001:
        return CLOSED_BY_SERVER;
      case 1011:
        return UNEXPECTED_ERROR;
      default:
        break;
    }
    for (CloseReason reason : values()) {
      if (reason.webSocketCode == webSocketCode) {
        return reason;
      }
    }
    if (webSocketCode >= 4000 && webSocketCode <= 4099) {
      return CLOSED_BY_SERVER;
    }
    return CONNECTION_ERROR;
  }
}
