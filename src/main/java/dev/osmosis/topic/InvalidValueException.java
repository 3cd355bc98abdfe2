package dev.osmosis.topic;

/**
 * A value that does not fit a topic's type, for example {@code value for JSON topic a/b is not
 * valid JSON at 12: ...} or {@code value for INT64 topic a/b must be INT64, was STRING}.
 */
public final class InvalidValueException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidValueException(String message) {
    super(message);
  }
}
