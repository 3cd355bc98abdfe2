package dev.osmosis.error;

import dev.osmosis.wire.ErrorCode;

/**
 * A request the server refuses, with the code and message the client receives. Unchecked; never
 * swallowed.
 */
public class RequestException extends RuntimeException {
  private final ErrorCode code;

  public RequestException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
