package dev.osmosis.ingress;

/**
 * What {@link IngressConnection} needs from the transport (implemented over a Jakarta WebSocket
 * session).
 */
public interface IngressTransport {

  /** Enqueues one message as its own frame; never blocks; dropped when closed. */
  void send(String message);

  /** Closes after what is already queued, with a WebSocket close code and reason. Idempotent. */
  void close(int code, String reason);
}
