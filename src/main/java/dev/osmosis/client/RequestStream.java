package dev.osmosis.client;

/**
 * Receives requests sent to this session for one path ({@link Messaging#setRequestStream}). Called
 * on the session's event thread; it must not block. A stream that throws rejects the request with
 * the message.
 *
 * @param <V> the request class
 * @param <R> the response class
 */
@FunctionalInterface
public interface RequestStream<V, R> {

  void onRequest(String path, V request, Responder<R> responder);

  /** The stream was replaced, removed, or its session closed. */
  default void onClose() {}
}
