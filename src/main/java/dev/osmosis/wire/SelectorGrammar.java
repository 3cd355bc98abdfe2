package dev.osmosis.wire;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The grammar of topic selector expressions (Diffusion's language, docs/TOPICS.md "Topic
 * selectors"), read once for the server and the Java client. The first character picks the kind:
 * {@code >} path, {@code ?} split-path pattern, {@code *} full-path pattern, {@code #} selector
 * set; {@code $ % & <} are reserved; anything else is a path. Path, split-path and full-path
 * expressions may end with a {@link Qualifier} ({@code /} or {@code //}; in a full-path regex
 * {@code \/} is a literal slash). One leading {@code /} of a path or split-path base is ignored. In
 * a selector set, a run of more than four slashes is the member's qualifier followed by the {@code
 * ////} separator, and a nested set's members are the set's members.
 *
 * <p>This class checks the structure only and hands each {@link Member} to the caller, who compiles
 * its regular expressions with its own engine (the server RE2/J, the client {@code
 * java.util.regex}) and applies its own limits. Stateless and thread-safe.
 */
public final class SelectorGrammar {

  private static final String SET_SEPARATOR = "////";
  private static final String METACHARACTERS = "\\^$.|?*+()[]{}";

  private SelectorGrammar() {}

  /** The kind of a selector set member. */
  public enum Kind {
    /** {@code >a/b} or {@code a/b}: a literal path. */
    PATH,
    /** {@code ?a/.*}: a regular expression per whole path segment. */
    SPLIT_PATH,
    /** {@code *a/b.*}: one regular expression over the whole path. */
    FULL_PATH
  }

  /**
   * A descendant qualifier: what a path, split-path or full-path selector selects relative to the
   * paths its base matches. Semantics as Diffusion's clients implement them ({@code
   * path-selector.js}, {@code split-path-selector.js}, {@code full-path-selector.js} of the
   * JavaScript client).
   */
  public enum Qualifier {
    /** No suffix: the matching paths only. */
    MATCH(""),
    /** A trailing {@code /}: the matching paths' descendants, not the paths themselves. */
    DESCENDANTS_OF_MATCH("/"),
    /** A trailing {@code //}: the matching paths and all their descendants. */
    MATCH_AND_DESCENDANTS("//");

    private final String suffix;

    Qualifier(String suffix) {
      this.suffix = suffix;
    }

    /** The suffix that writes this qualifier in an expression. */
    public String suffix() {
      return suffix;
    }

    /**
     * Whether a path with {@code segments} segments qualifies when the base covers {@code base}
     * segments of it.
     */
    public boolean accepts(int segments, int base) {
      switch (this) {
        case MATCH:
          return segments == base;
        case DESCENDANTS_OF_MATCH:
          return segments > base;
        default:
          return segments >= base;
      }
    }
  }

  /**
   * One path, split-path or full-path member of an expression.
   *
   * @param text the whole expression
   * @param start where the member starts in {@code text} (its prefix character, if any)
   * @param kind what the member selects by
   * @param qualifier its descendant qualifier
   * @param bodyStart where the base (path, split-path: without the prefix, the one ignored leading
   *     {@code /} and the qualifier) or the regex (full path: without prefix and qualifier) starts
   * @param bodyEnd where the base or the regex ends (exclusive)
   */
  public record Member(
      String text, int start, Kind kind, Qualifier qualifier, int bodyStart, int bodyEnd) {

    /**
     * The base (path, split-path: one or more non-empty segments) or the regex (full path,
     * non-empty).
     */
    public String body() {
      return text.substring(bodyStart, bodyEnd);
    }
  }

  /**
   * A selector whose structure is wrong: {@link #problem()} says what (for example {@code "has an
   * empty path segment"}), {@link #position()} where (0-based). Callers word the message.
   */
  public static final class SyntaxError extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;
    private final String problem;

    SyntaxError(String text, int position, String problem) {
      super("selector \"" + text + "\" " + problem + " (at " + position + ")");
      this.position = position;
      this.problem = problem;
    }

    /** The 0-based character offset of the problem in the selector text. */
    public int position() {
      return position;
    }

    /** The problem, worded to follow the quoted selector. */
    public String problem() {
      return problem;
    }
  }

  /**
   * Reads an expression and gives each member to {@code each}, in order, as soon as it is read (so
   * an exception {@code each} throws for a member stops the reading there).
   *
   * @return true if the expression is a selector set ({@code #...}), false if it is one member
   * @throws SyntaxError if the expression is empty, has an empty set member, uses a reserved
   *     prefix, has no path, an empty path segment or an empty regular expression
   */
  public static boolean read(String text, Consumer<Member> each) {
    Objects.requireNonNull(text, "selector");
    if (text.isEmpty()) {
      throw new SyntaxError(text, 0, "is empty");
    }
    if (text.charAt(0) != '#') {
      each.accept(member(text, 0, text.length()));
      return false;
    }
    int start = 1;
    while (true) {
      int end = text.indexOf(SET_SEPARATOR, start);
      // In a run of more than four slashes the last four separate: the others are the member's
      // qualifier, as when anyOf(">a//", "b") joins expressions into "#>a//////b".
      while (end >= 0
          && end + SET_SEPARATOR.length() < text.length()
          && text.charAt(end + SET_SEPARATOR.length()) == '/') {
        end++;
      }
      int memberEnd = end < 0 ? text.length() : end;
      if (memberEnd == start) {
        throw new SyntaxError(text, start, "has an empty selector set member");
      }
      if (text.charAt(start) == '#') {
        start++; // a nested set's members are this set's members
        continue;
      }
      each.accept(member(text, start, memberEnd));
      if (end < 0) {
        return true;
      }
      start = end + SET_SEPARATOR.length();
    }
  }

  /** True if {@code c} is a regular expression metacharacter. */
  public static boolean isMetacharacter(char c) {
    return METACHARACTERS.indexOf(c) >= 0;
  }

  /** True if the split-path segment has no metacharacter, so it can be compared as a string. */
  public static boolean isLiteral(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      if (isMetacharacter(segment.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static Member member(String text, int start, int end) {
    char first = text.charAt(start);
    switch (first) {
      case '>':
        return path(text, start, Kind.PATH, start + 1, end);
      case '?':
        return path(text, start, Kind.SPLIT_PATH, start + 1, end);
      case '*':
        return fullPath(text, start, end);
      case '$':
      case '%':
      case '&':
      case '<':
        throw new SyntaxError(text, start, "uses the reserved prefix '" + first + "'");
      default:
        return path(text, start, Kind.PATH, start, end);
    }
  }

  private static Member path(String text, int start, Kind kind, int from, int end) {
    Qualifier qualifier = qualifier(text, from, end, false);
    end -= qualifier.suffix().length();
    if (from < end && text.charAt(from) == '/') {
      from++;
    }
    if (from >= end) {
      throw new SyntaxError(text, from, "has no path: nothing can be selected at the root");
    }
    for (int i = from; i < end; i++) {
      if (text.charAt(i) == '/' && (i == from || text.charAt(i - 1) == '/' || i == end - 1)) {
        throw new SyntaxError(text, i, "has an empty path segment");
      }
    }
    return new Member(text, start, kind, qualifier, from, end);
  }

  private static Member fullPath(String text, int start, int end) {
    int from = start + 1;
    Qualifier qualifier = qualifier(text, from, end, true);
    end -= qualifier.suffix().length();
    if (from == end) {
      throw new SyntaxError(text, from, "has an empty regular expression");
    }
    return new Member(text, start, Kind.FULL_PATH, qualifier, from, end);
  }

  private static Qualifier qualifier(String text, int start, int end, boolean regex) {
    if (end - start >= 2
        && text.startsWith("//", end - 2)
        && !escaped(text, start, end - 2, regex)) {
      return Qualifier.MATCH_AND_DESCENDANTS;
    }
    if (end - start >= 1 && text.charAt(end - 1) == '/' && !escaped(text, start, end - 1, regex)) {
      return Qualifier.DESCENDANTS_OF_MATCH;
    }
    return Qualifier.MATCH;
  }

  /** In a full-path regex, {@code \/} is a literal slash, not a qualifier. */
  private static boolean escaped(String text, int start, int at, boolean regex) {
    int backslashes = 0;
    for (int i = at - 1; regex && i >= start && text.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }
}
