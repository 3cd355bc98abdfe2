package dev.osmosis.client;

import dev.osmosis.wire.ErrorCode;

/**
 * Answers one request received by a {@link RequestHandler} or {@link RequestStream}. Exactly one
 * answer counts: later calls are ignored. May be called from any thread, later than the request's
 * delivery (but within the server's request timeout, 30 s by default, after which the requester has
 * already failed).
 */
public interface Responder<R> {

  /** Sends the response; the requester's future completes with it. */
  void respond(R response);

  /**
   * Rejects the request; the requester's future fails with a {@link SessionException} of code
   * {@link ErrorCode#REJECTED_REQUEST} carrying {@code message}.
   */
  void reject(String message);
}
