package dev.osmosis.session;

/**
 * The transport side of a session, as the core sees it. Implementations are thread-safe and never block the
 * caller: {@link #send} enqueues onto the connection's bounded outbox.
 */
public interface Connection {

  /** Queues one encoded protocol message (a JSON object's text) for this connection. */
  void send(String message);

  /**
   * Tells the peer why the session ends (a {@code close} message, when the connection can still carry one) and
   * closes the transport with the reason's close code. Idempotent; a no-op once the transport is closed.
   */
  void close(CloseReason reason, String message);

  /** The remote address of the peer, as the transport knows it; {@code ""} when unknown. */
  String remoteAddress();
}
