package dev.osmosis.wire;

import java.util.Optional;

/**
 * The stable numeric error codes of docs/PROTOCOL.md §4 carried by {@code error} answers. The
 * thousands digit is the class: 1 protocol, 2 authentication, 3 permission, 4 request, 5 server.
 */
public enum ErrorCode {
  MALFORMED_MESSAGE(1001),
  UNKNOWN_MESSAGE_TYPE(1002),
  INVALID_FIELD(1003),
  ALREADY_CONNECTED(1005),
  UNSUPPORTED_VERSION(1006),
  AUTHENTICATION_FAILED(2001),
  INVALID_PROPERTY(2002),
  PERMISSION_DENIED(3001),
  INVALID_ARGUMENT(4001),
  NOT_FOUND(4004),
  REQUEST_TIMEOUT(4008),
  HANDLER_CONFLICT(4009),
  REJECTED_REQUEST(4010),
  RECIPIENT_GONE(4011),
  UNSATISFIED_CONSTRAINT(4012),
  LIMIT_EXCEEDED(4029),
  INTERNAL_ERROR(5000),
  /** The cluster's data grid did not answer (a node unreachable or leaving): try again. */
  UNAVAILABLE(5003);

  private final int code;

  ErrorCode(int code) {
    this.code = code;
  }

  /** The stable numeric code. */
  public int code() {
    return code;
  }

  /** The error code with the given number; empty for a code this client version does not know. */
  public static Optional<ErrorCode> fromCode(int code) {
    for (ErrorCode errorCode : values()) {
      if (errorCode.code == code) {
        return Optional.of(errorCode);
      }
    }
    return Optional.empty();
  }
}
