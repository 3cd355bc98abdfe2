package dev.osmosis.client;

import java.util.Objects;

/**
 * A session identifier assigned by the server. A value object: two ids are equal when their wire
 * forms are equal; {@link #toString()} returns the wire form (e.g. {@code
 * 6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b}).
 */
public final class SessionId {

  private final String value;

  private SessionId(String value) {
    this.value = value;
  }

  /**
   * Returns the session id with the given wire form.
   *
   * @throws IllegalArgumentException if the text is null or blank
   */
  public static SessionId of(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("A session id must not be blank");
    }
    return new SessionId(text);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SessionId && ((SessionId) other).value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
