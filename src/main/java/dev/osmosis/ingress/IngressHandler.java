package dev.osmosis.ingress;

/**
 * Handles the WebSocket connections of one endpoint {@code /ws/{name}} (seed 004). Implement it in
 * a CDI bean (e.g. {@code @ApplicationScoped}) annotated {@link IngressName}.
 *
 * <p>Contract: for one session {@code onOpen} runs once and first, then {@code onMessage} per text
 * message (one at a time, in order), then {@code onClose} exactly once, whether the client, the
 * handler, a limit or an error ended the connection. If the connection is closed from another
 * thread (an admin, a slow-consumer close, another session's handler), {@code onClose} may run
 * while that session's last {@code onMessage} is still running. Different sessions call the same
 * handler concurrently: keep per-connection state in session attributes, not in fields. After
 * {@code onClose} returns the session leaves all its rooms. An exception thrown from a callback is
 * logged once; one from {@code onOpen} closes the connection (1011), one from {@code onMessage} or
 * {@code onClose} does not.
 */
public interface IngressHandler {

  /** A client connected; the session is open. */
  default void onOpen(IngressSession session) {}

  /** A text message arrived (at most {@code osmosis.maxMessageSize} bytes, valid UTF-8). */
  default void onMessage(IngressSession session, String message) {}

  /**
   * The connection ended; {@link IngressSession#isOpen()} is false, rooms are still joined until
   * this returns.
   */
  default void onClose(IngressSession session) {}
}
