package dev.osmosis.wire;

import java.util.Optional;

/**
 * Why a session closed (docs/PROTOCOL.md §5): a stable numeric {@link #code()}, the WebSocket close
 * code the server uses for it, and the closed session state it leads to. The server closes sessions
 * with these reasons and the Java client reads them back; {@link #RECONNECT_ABORTED} and {@link
 * #CONNECTION_TIMEOUT} are conclusions only a client draws (no WebSocket code, never sent).
 */
public enum CloseReason {
  CLOSED_BY_CLIENT(0, 1000, ClosedState.CLOSED_BY_CLIENT),
  CLOSED_BY_CONTROLLER(1, 4001, ClosedState.CLOSED_BY_SERVER),
  CLOSED_BY_SERVER(2, 4002, ClosedState.CLOSED_BY_SERVER),
  HANDSHAKE_REJECTED(3, 4003, ClosedState.CLOSED_FAILED),
  ACCESS_DENIED(4, 4004, ClosedState.CLOSED_FAILED),
  MESSAGE_TOO_LARGE(5, 1009, ClosedState.CLOSED_FAILED),
  INVALID_INBOUND_MESSAGE(6, 4006, ClosedState.CLOSED_FAILED),
  MESSAGE_QUEUE_LIMIT_REACHED(7, 4007, ClosedState.CLOSED_BY_SERVER),
  LOST_MESSAGES(8, 4008, ClosedState.CLOSED_FAILED),
  UNEXPECTED_ERROR(9, 4009, ClosedState.CLOSED_FAILED),
  IDLE_CONNECTION(10, 4110, ClosedState.CLOSED_FAILED),
  CLIENT_UNRESPONSIVE(11, 4111, ClosedState.CLOSED_FAILED),
  CONNECTION_ERROR(12, 1006, ClosedState.CLOSED_FAILED),
  RECONNECT_ABORTED(13, -1, ClosedState.CLOSED_FAILED),
  CONNECTION_TIMEOUT(14, -1, ClosedState.CLOSED_FAILED),
  /**
   * The session's recovery window (its granted reconnect timeout) passed before its client came
   * back: the server closed it, and answers a reconnect that comes too late with this reason.
   */
  RECOVERY_EXPIRED(15, 4015, ClosedState.CLOSED_BY_SERVER);

  /**
   * The three final session states (docs/PROTOCOL.md §6), named as the server's and the client's
   * session states name them; each side maps these onto its own state type.
   */
  public enum ClosedState {
    CLOSED_BY_CLIENT,
    CLOSED_BY_SERVER,
    CLOSED_FAILED
  }

  private final int code;
  private final int webSocketCode;
  private final ClosedState closedState;

  CloseReason(int code, int webSocketCode, ClosedState closedState) {
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
   * recoverable reason that could not be recovered ends in {@link ClosedState#CLOSED_FAILED}.
   */
  public ClosedState closedState() {
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
