package dev.osmosis.client;

/**
 * Handles requests sent to a path branch ({@link Messaging#addRequestHandler}). Called on the
 * session's event thread; it must not block, but may answer later through the {@link Responder}
 * from any thread. A handler that throws rejects the request with the exception's message.
 *
 * @param <V> the request class
 * @param <R> the response class
 */
@FunctionalInterface
public interface RequestHandler<V, R> {

  void onRequest(V request, RequestContext context, Responder<R> responder);

  /** The registration ended: closed, or its session closed. */
  default void onClose() {}
}
