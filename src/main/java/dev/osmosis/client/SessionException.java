package dev.osmosis.client;

import dev.osmosis.wire.ErrorCode;
import java.util.Optional;

/** The server answered a request with an {@code error}: a numeric code and a human message. */
public class SessionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int code;

  public SessionException(int code, String message) {
    super(message);
    this.code = code;
  }

  /** The numeric error code (PROTOCOL.md §4). */
  public int getCode() {
    return code;
  }

  /** The code as an {@link ErrorCode}; empty if this client version does not know the code. */
  public Optional<ErrorCode> getErrorCode() {
    return ErrorCode.fromCode(code);
  }

  /**
   * Whether sending the request again may succeed: {@link ErrorCode#UNAVAILABLE} (the cluster's
   * data grid did not answer; PROTOCOL.md §4).
   */
  public boolean isRetryable() {
    return code == ErrorCode.UNAVAILABLE.code();
  }
}
