package dev.osmosis.protocol;

import dev.osmosis.wire.ErrorCode;

/**
 * A request the server refuses, with the code and message the client receives. Unchecked; never
 * swallowed.
 */
public class ProtocolException extends RuntimeException {
  private final ErrorCode code;

  public ProtocolException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
