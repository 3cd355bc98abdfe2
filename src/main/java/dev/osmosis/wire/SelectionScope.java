package dev.osmosis.wire;

/**
 * Topic selection scopes' names (docs/TOPICS.md "Selection scopes"), checked alike by the server
 * and the Java client: the default scope is {@link #DEFAULT} (the empty name); a name is at most
 * {@link #MAX_LENGTH} characters, does not start with {@code $} (reserved, as in Diffusion) and
 * holds no control character. Scope names are case sensitive.
 */
public final class SelectionScope {

  /** The default selection scope: what every selection without a scope is in. */
  public static final String DEFAULT = "";

  /** The longest scope name, in characters. */
  public static final int MAX_LENGTH = 128;

  private SelectionScope() {}

  /** What is wrong with {@code scope} as a scope name (a sentence fragment), or null if nothing. */
  public static String problem(String scope) {
    if (scope == null) {
      return "is missing";
    }
    if (scope.length() > MAX_LENGTH) {
      return "is longer than " + MAX_LENGTH + " characters";
    }
    if (scope.startsWith("$")) {
      return "starts with '$', which is reserved";
    }
    for (int i = 0; i < scope.length(); i++) {
      char c = scope.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "holds a control character at " + i;
      }
    }
    return null;
  }
}
