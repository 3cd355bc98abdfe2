package dev.osmosis.client;

import dev.osmosis.wire.CloseReason;

/**
 * A session could not be opened: the server refused the handshake (e.g. {@link
 * CloseReason#ACCESS_DENIED}, {@link CloseReason#HANDSHAKE_REJECTED}), or the connection failed
 * ({@link CloseReason#CONNECTION_ERROR}) or took too long ({@link CloseReason#CONNECTION_TIMEOUT}).
 */
public class SessionEstablishmentException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final CloseReason closeReason;
  private final String serverMessage;

  public SessionEstablishmentException(
      CloseReason closeReason, String serverMessage, Throwable cause) {
    super(describe(closeReason, serverMessage), cause);
    this.closeReason = closeReason;
    this.serverMessage = serverMessage == null ? "" : serverMessage;
  }

  private static String describe(CloseReason reason, String serverMessage) {
    String text = "Session could not be opened: " + reason;
    return serverMessage == null || serverMessage.isEmpty() ? text : text + ": " + serverMessage;
  }

  /** Why the session could not be opened. */
  public CloseReason getCloseReason() {
    return closeReason;
  }

  /** The server's message from its {@code close} message; empty if there was none. */
  public String getServerMessage() {
    return serverMessage;
  }
}
