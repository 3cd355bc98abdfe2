package dev.osmosis.client;

import dev.osmosis.wire.SelectorGrammar;
import dev.osmosis.wire.SelectorGrammar.Member;
import dev.osmosis.wire.SelectorGrammar.Qualifier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A topic selector evaluated by the client, for value streams (TOPICS.md "Topic selectors"). The
 * expression is read by {@link SelectorGrammar}, the grammar the server's {@code
 * dev.osmosis.selector} parses {@code select} with; the regular expressions are compiled here with
 * {@code java.util.regex}. Forms: path {@code >a/b} (or no prefix), split-path {@code ?a/.*}{@code
 * /c} (a regex per whole segment), full-path {@code *a/b.*} (one regex, the whole path), sets
 * {@code #s1////s2}, and the descendant qualifiers {@code /} (descendants only) and {@code //} (the
 * match and its descendants). Compiled once; immutable and thread-safe. Paths to match are
 * canonical (no leading or trailing {@code /}).
 */
final class StreamSelector {

  private interface Matcher {
    boolean matches(String path);
  }

  private final String expression;
  private final List<Matcher> members;

  private StreamSelector(String expression, List<Matcher> members) {
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
    List<Matcher> members = new ArrayList<>();
    SelectorGrammar.read(text, member -> members.add(matcher(member)));
    return new StreamSelector(text, members);
  }

  /** True if the canonical path is selected. */
  boolean matches(String path) {
    for (Matcher member : members) {
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

  // ------------------------------------------------------------ members

  private static Matcher matcher(Member member) {
    switch (member.kind()) {
      case PATH:
        return path(member.body(), member.qualifier());
      case SPLIT_PATH:
        return splitPath(member);
      default:
        return fullPath(member);
    }
  }

  private static Matcher path(String base, Qualifier qualifier) {
    return path -> {
      if (!path.startsWith(base)) {
        return false;
      }
      if (path.length() == base.length()) {
        return qualifier != Qualifier.DESCENDANTS_OF_MATCH;
      }
      return qualifier != Qualifier.MATCH && path.charAt(base.length()) == '/';
    };
  }

  private static Matcher splitPath(Member member) {
    Qualifier qualifier = member.qualifier();
    List<Pattern> patterns = new ArrayList<>();
    int from = member.bodyStart();
    for (String segment : member.body().split("/", -1)) {
      String regex = SelectorGrammar.isLiteral(segment) ? Pattern.quote(segment) : segment;
      patterns.add(compile(member.text(), regex, from));
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

  private static Matcher fullPath(Member member) {
    Qualifier qualifier = member.qualifier();
    Pattern pattern = compile(member.text(), member.body(), member.bodyStart());
    return path -> {
      java.util.regex.Matcher matcher = pattern.matcher(path);
      if (qualifier != Qualifier.DESCENDANTS_OF_MATCH && matcher.matches()) {
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

  private static Pattern compile(String text, String regex, int offset) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      int at = offset + Math.max(0, Math.min(e.getIndex(), regex.length()));
      throw new IllegalArgumentException(
          "selector \""
              + text
              + "\" has an invalid regular expression \""
              + regex
              + "\": "
              + e.getDescription()
              + " (at "
              + at
              + ")");
    }
  }
}
