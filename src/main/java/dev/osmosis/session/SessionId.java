package dev.osmosis.session;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A session's identity: 128 random bits from {@link SecureRandom}, printed as two groups of 16 hex
 * digits. Unique and unguessable; never reused.
 */
public final class SessionId {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private final String value;

  private SessionId(String value) {
    this.value = value;
  }

  public static SessionId random() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    String hex = HEX.formatHex(bytes);
    return new SessionId(hex.substring(0, 16) + "-" + hex.substring(16));
  }

  /** Parses the wire form; {@code IllegalArgumentException} if it is not one. */
  public static SessionId parse(String text) {
    if (text == null || text.length() != 33 || text.charAt(16) != '-') {
      throw new IllegalArgumentException("not a session id: " + text);
    }
    for (int i = 0; i < 33; i++) {
      char c = text.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (i != 16 && !hex) {
        throw new IllegalArgumentException("not a session id: " + text);
      }
    }
    return new SessionId(text);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionId other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }

  static SessionId of(String value) {
    return new SessionId(Objects.requireNonNull(value));
  }
}
