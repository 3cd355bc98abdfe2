package dev.osmosis.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A topic selector evaluated by the client, for value streams (TOPICS.md "Topic selectors"; the
 * server's {@code dev.osmosis.selector} parses the same language for {@code select}). Forms: path
 * {@code >a/b} (or no prefix), split-path {@code ?a/.*}{@code /c} (a regex per whole segment),
 * full-path {@code *a/b.*} (one regex, the whole path), sets {@code #s1////s2}, and the descendant
 * qualifiers {@code /} (descendants only) and {@code //} (the match and its descendants). Compiled
 * once; immutable and thread-safe. Paths to match are canonical (no leading or trailing {@code /}).
 */
final class StreamSelector {

  private static final String SET_SEPARATOR = "////";
  private static final String METACHARACTERS = "\\^$.|?*+()[]{}";

  /** What a qualifier accepts; see TOPICS.md "Descendant qualifiers". */
  private enum Qualifier {
    MATCH,
    DESCENDANTS,
    MATCH_AND_DESCENDANTS;

    boolean accepts(int segments, int base) {
      switch (this) {
        case MATCH:
          return segments == base;
        case DESCENDANTS:
          return segments > base;
        default:
          return segments >= base;
      }
    }
  }

  private interface Member {
    boolean matches(String path);
  }

  private final String expression;
  private final List<Member> members;

  private StreamSelector(String expression, List<Member> members) {
    this.expression = expression;
    this.members = members;
  }

  /**
   * Compiles a selector expression.
   *
   * @throws IllegalArgumentException naming the position of the problem: empty, a reserved prefix
   *     ({@code $ % & <}), an empty path segment, an invalid regular expression
   */
  static StreamSelector compile(String text) {
    Objects.requireNonNull(text, "selector");
    if (text.isEmpty()) {
      throw error(text, 0, "is empty");
    }
    List<Member> members = new ArrayList<>();
    if (text.charAt(0) != '#') {
      members.add(member(text, 0, text.length()));
      return new StreamSelector(text, members);
    }
    int start = 1;
    while (true) {
      int end = text.indexOf(SET_SEPARATOR, start);
      // in a run of more than four slashes, the last four separate (as the server reads it)
      while (end >= 0
          && end + SET_SEPARATOR.length() < text.length()
          && text.charAt(end + SET_SEPARATOR.length()) == '/') {
        end++;
      }
      int memberEnd = end < 0 ? text.length() : end;
      if (memberEnd == start) {
        throw error(text, start, "has an empty selector set member");
      }
      if (text.charAt(start) == '#') {
        start++; // a nested set's members are this set's members
        continue;
      }
      members.add(member(text, start, memberEnd));
      if (end < 0) {
        return new StreamSelector(text, members);
      }
      start = end + SET_SEPARATOR.length();
    }
  }

  /** True if the canonical path is selected. */
  boolean matches(String path) {
    for (Member member : members) {
      if (member.matches(path)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return expression;
  }

  // ------------------------------------------------------------ parsing

  private static Member member(String text, int start, int end) {
    char first = text.charAt(start);
    switch (first) {
      case '>':
        return path(text, start + 1, end);
      case '?':
        return splitPath(text, start + 1, end);
      case '*':
        return fullPath(text, start + 1, end);
      case '$':
      case '%':
      case '&':
      case '<':
        throw error(text, start, "uses the reserved prefix '" + first + "'");
      default:
        return path(text, start, end);
    }
  }

  private static Member path(String text, int start, int end) {
    Qualifier qualifier = qualifier(text, start, end, false);
    end -= suffixLength(qualifier);
    if (start < end && text.charAt(start) == '/') {
      start++;
    }
    String base = base(text, start, end);
    return path -> {
      if (!path.startsWith(base)) {
        return false;
      }
      if (path.length() == base.length()) {
        return qualifier != Qualifier.DESCENDANTS;
      }
      return qualifier != Qualifier.MATCH && path.charAt(base.length()) == '/';
    };
  }

  private static Member splitPath(String text, int start, int end) {
    Qualifier qualifier = qualifier(text, start, end, false);
    end -= suffixLength(qualifier);
    if (start < end && text.charAt(start) == '/') {
      start++;
    }
    String base = base(text, start, end);
    List<Pattern> patterns = new ArrayList<>();
    int from = start;
    for (String segment : base.split("/", -1)) {
      patterns.add(compile(text, isLiteral(segment) ? Pattern.quote(segment) : segment, from));
      from += segment.length() + 1;
    }
    return path -> {
      String[] segments = path.split("/", -1);
      if (!qualifier.accepts(segments.length, patterns.size())) {
        return false;
      }
      for (int i = 0; i < patterns.size(); i++) {
        if (!patterns.get(i).matcher(segments[i]).matches()) {
          return false;
        }
      }
      return true;
    };
  }

  private static Member fullPath(String text, int start, int end) {
    Qualifier qualifier = qualifier(text, start, end, true);
    end -= suffixLength(qualifier);
    if (start == end) {
      throw error(text, start, "has an empty regular expression");
    }
    Pattern pattern = compile(text, text.substring(start, end), start);
    return path -> {
      java.util.regex.Matcher matcher = pattern.matcher(path);
      if (qualifier != Qualifier.DESCENDANTS && matcher.matches()) {
        return true;
      }
      if (qualifier == Qualifier.MATCH) {
        return false;
      }
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        if (matcher.region(0, slash).matches()) {
          return true;
        }
      }
      return false;
    };
  }

  private static Qualifier qualifier(String text, int start, int end, boolean regex) {
    if (end - start >= 2
        && text.startsWith("//", end - 2)
        && !escaped(text, start, end - 2, regex)) {
      return Qualifier.MATCH_AND_DESCENDANTS;
    }
    if (end - start >= 1 && text.charAt(end - 1) == '/' && !escaped(text, start, end - 1, regex)) {
      return Qualifier.DESCENDANTS;
    }
    return Qualifier.MATCH;
  }

  private static int suffixLength(Qualifier qualifier) {
    return qualifier == Qualifier.MATCH ? 0 : qualifier == Qualifier.DESCENDANTS ? 1 : 2;
  }

  /** In a full-path regex, {@code \/} is a literal slash, not a qualifier. */
  private static boolean escaped(String text, int start, int at, boolean regex) {
    int backslashes = 0;
    for (int i = at - 1; regex && i >= start && text.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  /** A path or split-path base: one or more non-empty segments. */
  private static String base(String text, int start, int end) {
    if (start >= end) {
      throw error(text, start, "has no path: nothing can be selected at the root");
    }
    for (int i = start; i < end; i++) {
      if (text.charAt(i) == '/' && (i == start || text.charAt(i - 1) == '/' || i == end - 1)) {
        throw error(text, i, "has an empty path segment");
      }
    }
    return text.substring(start, end);
  }

  private static boolean isLiteral(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      if (METACHARACTERS.indexOf(segment.charAt(i)) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static Pattern compile(String text, String regex, int offset) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      int at = offset + Math.max(0, Math.min(e.getIndex(), regex.length()));
      throw error(
          text, at, "has an invalid regular expression \"" + regex + "\": " + e.getDescription());
    }
  }

  private static IllegalArgumentException error(String text, int position, String problem) {
    return new IllegalArgumentException(
        "selector \"" + text + "\" " + problem + " (at " + position + ")");
  }
}
