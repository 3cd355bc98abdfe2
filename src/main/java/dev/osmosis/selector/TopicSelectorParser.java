package dev.osmosis.selector;

import dev.osmosis.topic.InvalidTopicPathException;
import dev.osmosis.topic.TopicPath;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses topic selector expressions (Diffusion's language) into {@link TopicSelector}s. The first
 * character picks the kind: {@code >} path, {@code ?} split-path pattern, {@code *} full-path
 * pattern, {@code #} selector set; {@code $ % & <} are reserved; anything else is a path. Path,
 * split-path and full-path expressions may end with a {@link Qualifier} ({@code /} or {@code //}).
 * One leading {@code /} of a path or split-path base is ignored. In a selector set, a run of more
 * than four slashes is the member's qualifier followed by the {@code ////} separator. Regular expressions are compiled
 * here, once. Immutable and thread-safe.
 */
public final class TopicSelectorParser {

  /** The default maximum expression length in characters. */
  public static final int DEFAULT_MAX_LENGTH = 10_000;

  /** The default maximum number of members in a selector set. */
  public static final int DEFAULT_MAX_MEMBERS = 256;

  static final TopicSelectorParser DEFAULT =
      new TopicSelectorParser(DEFAULT_MAX_LENGTH, DEFAULT_MAX_MEMBERS);

  private static final String SET_SEPARATOR = "////";
  private static final String METACHARACTERS = "\\^$.|?*+()[]{}";
  private static final String QUANTIFIERS = "?*+{";

  private final int maxLength;
  private final int maxMembers;

  public TopicSelectorParser() {
    this(DEFAULT_MAX_LENGTH, DEFAULT_MAX_MEMBERS);
  }

  public TopicSelectorParser(int maxLength, int maxMembers) {
    if (maxLength < 1 || maxMembers < 1) {
      throw new IllegalArgumentException("maxLength and maxMembers must be >= 1");
    }
    this.maxLength = maxLength;
    this.maxMembers = maxMembers;
  }

  /**
   * Parses a selector expression.
   *
   * @throws SelectorSyntaxException naming the selector, the position and the problem
   */
  public TopicSelector parse(String text) {
    Objects.requireNonNull(text, "selector");
    if (text.length() > maxLength) {
      throw error(text, maxLength, "is too long: " + text.length() + " characters, the limit is "
          + maxLength);
    }
    if (text.isEmpty()) {
      throw error(text, 0, "is empty");
    }
    if (text.charAt(0) != '#') {
      return parseMember(text, 0, text.length());
    }
    Set<TopicSelector> members = new LinkedHashSet<>();
    int start = 1;
    while (true) {
      int end = text.indexOf(SET_SEPARATOR, start);
      // In a run of more than four slashes the last four separate: the others are the member's
      // qualifier, as when anyOf(">a//", "b") joins expressions into "#>a//////b".
      while (end >= 0 && end + SET_SEPARATOR.length() < text.length()
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
      members.add(parseMember(text, start, memberEnd));
      if (members.size() > maxMembers) {
        throw error(text, start, "has more than " + maxMembers + " members");
      }
      if (end < 0) {
        return new SelectorSet(new ArrayList<>(members));
      }
      start = end + SET_SEPARATOR.length();
    }
  }

  private TopicSelector parseMember(String text, int start, int end) {
    char first = text.charAt(start);
    switch (first) {
      case '>':
        return parsePath(text, start + 1, end);
      case '?':
        return parseSplitPath(text, start + 1, end);
      case '*':
        return parseFullPath(text, start + 1, end);
      case '$':
      case '%':
      case '&':
      case '<':
        throw error(text, start, "uses the reserved prefix '" + first + "'");
      default:
        return parsePath(text, start, end);
    }
  }

  private TopicSelector parsePath(String text, int start, int end) {
    Qualifier qualifier = qualifier(text, start, end, false);
    end -= qualifier.suffix().length();
    if (start < end && text.charAt(start) == '/') {
      start++;
    }
    String base = checkedBase(text, start, end);
    return new PathSelector(base, qualifier);
  }

  private TopicSelector parseSplitPath(String text, int start, int end) {
    Qualifier qualifier = qualifier(text, start, end, false);
    end -= qualifier.suffix().length();
    if (start < end && text.charAt(start) == '/') {
      start++;
    }
    String base = checkedBase(text, start, end);
    List<Object> segments = new ArrayList<>();
    StringBuilder prefix = new StringBuilder();
    boolean literal = true;
    int from = start;
    while (from <= end) {
      int slash = text.indexOf('/', from);
      int segmentEnd = slash < 0 || slash > end ? end : slash;
      String segment = text.substring(from, segmentEnd);
      if (isLiteral(segment)) {
        segments.add(segment);
        if (literal) {
          prefix.append(prefix.length() == 0 ? "" : "/").append(segment);
        }
      } else {
        literal = false;
        segments.add(compile(text, segment, from));
      }
      from = segmentEnd + 1;
    }
    return new SplitPathSelector(base, segments.toArray(), qualifier, prefix.toString());
  }

  private TopicSelector parseFullPath(String text, int start, int end) {
    Qualifier qualifier = qualifier(text, start, end, true);
    end -= qualifier.suffix().length();
    if (start == end) {
      throw error(text, start, "has an empty regular expression");
    }
    String regex = text.substring(start, end);
    return new FullPathSelector(compile(text, regex, start), qualifier, fullPathPrefix(regex));
  }

  /**
   * The literal characters before the first metacharacter, less the last one if a quantifier
   * follows it, cut back to a segment boundary unless the whole expression is literal. Any
   * {@code |} could make an alternative that shares nothing, so then there is no prefix.
   */
  static String fullPathPrefix(String regex) {
    if (regex.indexOf('|') >= 0) {
      return "";
    }
    int meta = 0;
    while (meta < regex.length() && METACHARACTERS.indexOf(regex.charAt(meta)) < 0) {
      meta++;
    }
    String literal;
    if (meta == regex.length()) {
      literal = regex;
    } else {
      int keep = QUANTIFIERS.indexOf(regex.charAt(meta)) >= 0 ? meta - 1 : meta;
      int slash = regex.lastIndexOf('/', keep - 1);
      literal = slash < 0 ? "" : regex.substring(0, slash);
    }
    if (literal.isEmpty()) {
      return "";
    }
    try {
      String canonical = TopicPath.canonical(literal);
      return canonical.equals(literal) ? literal : "";
    } catch (InvalidTopicPathException e) {
      return ""; // no topic can match an impossible path literally; matches() will say no
    }
  }

  private static Qualifier qualifier(String text, int start, int end, boolean regex) {
    if (end - start >= 2 && text.startsWith("//", end - 2) && !escaped(text, start, end - 2, regex)) {
      return Qualifier.MATCH_AND_DESCENDANTS;
    }
    if (end - start >= 1 && text.charAt(end - 1) == '/' && !escaped(text, start, end - 1, regex)) {
      return Qualifier.DESCENDANTS_OF_MATCH;
    }
    return Qualifier.MATCH;
  }

  /** In a regex, {@code \/} is a literal slash, not a qualifier. */
  private static boolean escaped(String text, int start, int at, boolean regex) {
    int backslashes = 0;
    for (int i = at - 1; regex && i >= start && text.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  /** A path or split-path base: non-empty segments, within the path limits. */
  private static String checkedBase(String text, int start, int end) {
    if (start >= end) {
      throw error(text, start, "has no path: nothing can be selected at the root");
    }
    for (int i = start; i < end; i++) {
      if (text.charAt(i) == '/' && (i == start || text.charAt(i - 1) == '/' || i == end - 1)) {
        throw error(text, i, "has an empty path segment");
      }
    }
    String base = text.substring(start, end);
    try {
      TopicPath.canonical(base);
    } catch (InvalidTopicPathException e) {
      throw error(text, start, "has an invalid path: " + e.getMessage());
    }
    return base;
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
      throw error(text, at, "has an invalid regular expression " + quote(regex) + ": "
          + e.getDescription());
    } catch (StackOverflowError e) {
      throw error(text, offset, "has a regular expression too complex to compile");
    }
  }

  private static SelectorSyntaxException error(String text, int position, String problem) {
    return new SelectorSyntaxException(
        "selector " + quote(text) + " " + problem + " (at " + position + ")", position);
  }

  private static String quote(String text) {
    String shown = text.length() > 80 ? text.substring(0, 77) + "..." : text;
    return '"' + shown + '"';
  }

  public int maxLength() {
    return maxLength;
  }

  public int maxMembers() {
    return maxMembers;
  }
}
