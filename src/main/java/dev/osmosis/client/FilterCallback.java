package dev.osmosis.client;

import dev.osmosis.wire.ErrorCode;

/**
 * Receives the answers to a request sent to a session filter ({@link
 * Messaging#sendRequestToFilter}): one call per addressed session, on the session's event thread,
 * after the count future completed.
 */
public interface FilterCallback<R> {

  void onResponse(SessionId session, R response);

  /**
   * The session did not answer: a {@link SessionException} with code {@link
   * ErrorCode#REJECTED_REQUEST} (its stream rejected or threw), {@link ErrorCode#NOT_FOUND} (it has
   * no request stream for the path), {@link ErrorCode#RECIPIENT_GONE} (it closed), {@link
   * ErrorCode#REQUEST_TIMEOUT}; or an {@link IllegalArgumentException} if its response was not of
   * the response class.
   */
  void onResponseError(SessionId session, Throwable error);
}
