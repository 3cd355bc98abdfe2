package dev.osmosis.wire;

import java.util.Collection;
import java.util.Objects;

/**
 * How a string is written in the security administration script language (docs/SECURITY.md
 * "Administration"), held once for every writer of scripts (the admin API's commands, the Java
 * client's builders; the browser client's builders follow the same rule): double-quoted, with
 * {@code "} and {@code \} escaped by a backslash and nothing else escaped. A command is one line,
 * so a line break ({@code \n} or {@code \r}) cannot be written and is refused; every other
 * character, a tab included, is written as it is. JDK only.
 */
public final class ScriptStrings {
  private ScriptStrings() {}

  /**
   * {@code value} as a quoted string.
   *
   * @param what what the value is, for the error message (e.g. "the password")
   * @throws NullPointerException if {@code value} is null (the message is {@code what})
   * @throws IllegalArgumentException if {@code value} has a line break
   */
  public static String quote(String value, String what) {
    Objects.requireNonNull(value, what);
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\n' || c == '\r') {
        throw new IllegalArgumentException(what + " must not contain a line break");
      }
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('"').toString();
  }

  /** {@code values} as a list of quoted strings: {@code ["a", "b"]}. */
  public static String list(Collection<String> values, String what) {
    Objects.requireNonNull(values, what);
    StringBuilder out = new StringBuilder("[");
    for (String value : values) {
      if (out.length() > 1) {
        out.append(", ");
      }
      out.append(quote(value, "an element of " + what));
    }
    return out.append(']').toString();
  }
}
