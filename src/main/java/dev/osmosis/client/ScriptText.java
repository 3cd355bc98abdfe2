package dev.osmosis.client;

import dev.osmosis.wire.ScriptStrings;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The text of a security or authentication store script as a builder grows it (docs/SECURITY.md
 * "Administration"): one command per line, strings double-quoted with {@code \"} and {@code \\}
 * escaped, lists in {@code [ ]}, permissions as bare upper-case words. Immutable: {@link #then}
 * returns a new script sharing this one's lines, so every builder step is O(1) and a builder may be
 * branched.
 */
final class ScriptText {
  private static final Pattern PERMISSION = Pattern.compile("[A-Z][A-Z_]*");

  static final ScriptText EMPTY = new ScriptText(null, null);

  private final ScriptText previous;
  private final String line;

  private ScriptText(ScriptText previous, String line) {
    this.previous = previous;
    this.line = line;
  }

  /** This script with one more command. */
  ScriptText then(String command) {
    return new ScriptText(this, command);
  }

  /** The commands, one per line, in the order they were added. */
  String text() {
    Deque<String> lines = new ArrayDeque<>();
    for (ScriptText s = this; s.line != null; s = s.previous) {
      lines.addFirst(s.line);
    }
    return String.join("\n", lines);
  }

  /**
   * {@code value} as a quoted string ({@link ScriptStrings#quote}). A line break cannot be written
   * (a command is one line): it is refused with an IllegalArgumentException naming {@code what}.
   */
  static String quote(String value, String what) {
    return ScriptStrings.quote(value, what);
  }

  /** {@code values} as a list of quoted strings: {@code ["a", "b"]}. */
  static String strings(Collection<String> values, String what) {
    return ScriptStrings.list(values, what);
  }

  /**
   * {@code permissions} as a list of bare words: {@code [READ_TOPIC, SELECT_TOPIC]}. A name that is
   * not an upper-case word is refused here (it could not be written as one); whether the server
   * knows it is the server's to say (4001 naming it).
   */
  static String permissions(Collection<String> permissions) {
    Objects.requireNonNull(permissions, "permissions");
    StringBuilder out = new StringBuilder("[");
    for (String permission : permissions) {
      Objects.requireNonNull(permission, "a permission");
      if (!PERMISSION.matcher(permission).matches()) {
        throw new IllegalArgumentException(
            "a permission is an upper-case word such as READ_TOPIC, not '" + permission + "'");
      }
      if (out.length() > 1) {
        out.append(", ");
      }
      out.append(permission);
    }
    return out.append(']').toString();
  }
}
