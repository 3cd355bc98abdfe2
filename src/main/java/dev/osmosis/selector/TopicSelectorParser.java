package dev.osmosis.selector;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.osmosis.topic.InvalidTopicPathException;
import dev.osmosis.topic.TopicPath;
import dev.osmosis.wire.SelectorGrammar;
import dev.osmosis.wire.SelectorGrammar.Member;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Parses topic selector expressions (Diffusion's language) into {@link TopicSelector}s. The grammar
 * (kinds, qualifiers, selector sets, path segments) is {@link SelectorGrammar}, which the Java
 * client reads selectors with too; this class adds the server's limits (expression length, set
 * members, {@link TopicPath} rules for a base) and compiles the regular expressions, once, for
 * RE2/J: RE2 syntax, matched in time linear in the path's length whatever the pattern (no
 * backtracking, so no pattern can make a match run away). What RE2 cannot run that way
 * (backreferences, lookaround, possessive quantifiers), Java-only syntax RE2 would read differently
 * (nested classes, class intersection {@code &&}) and repetitions that expand past {@link
 * #MAX_REGEX_EXPANSION} are refused with a {@link SelectorSyntaxException}. Immutable and
 * thread-safe.
 */
public final class TopicSelectorParser {

  /** The default maximum expression length in characters. */
  public static final int DEFAULT_MAX_LENGTH = 10_000;

  /** The default maximum number of members in a selector set. */
  public static final int DEFAULT_MAX_MEMBERS = 256;

  /**
   * The most a regular expression may expand to when its counted repetitions are unrolled, as RE2
   * compiles them ({@code (ab){3}} is 6; {@code ((a{100}){100}){100}} would be a million, and its
   * compilation alone would exhaust the heap).
   */
  public static final int MAX_REGEX_EXPANSION = 1_000;

  static final TopicSelectorParser DEFAULT =
      new TopicSelectorParser(DEFAULT_MAX_LENGTH, DEFAULT_MAX_MEMBERS);

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
      throw error(
          text,
          maxLength,
          "is too long: " + text.length() + " characters, the limit is " + maxLength);
    }
    Set<TopicSelector> members = new LinkedHashSet<>();
    boolean set;
    try {
      set =
          SelectorGrammar.read(
              text,
              member -> {
                members.add(parseMember(member));
                if (members.size() > maxMembers) {
                  throw error(text, member.start(), "has more than " + maxMembers + " members");
                }
              });
    } catch (SelectorGrammar.SyntaxError e) {
      throw error(text, e.position(), e.problem());
    }
    return set ? new SelectorSet(new ArrayList<>(members)) : members.iterator().next();
  }

  private static TopicSelector parseMember(Member member) {
    switch (member.kind()) {
      case PATH:
        return new PathSelector(checkedBase(member), member.qualifier());
      case SPLIT_PATH:
        return parseSplitPath(member);
      default:
        String regex = member.body();
        return new FullPathSelector(
            compile(member.text(), regex, member.bodyStart()),
            member.qualifier(),
            fullPathPrefix(regex));
    }
  }

  private static TopicSelector parseSplitPath(Member member) {
    String text = member.text();
    String base = checkedBase(member);
    int end = member.bodyEnd();
    List<Object> segments = new ArrayList<>();
    StringBuilder prefix = new StringBuilder();
    boolean literal = true;
    int from = member.bodyStart();
    while (from <= end) {
      int slash = text.indexOf('/', from);
      int segmentEnd = slash < 0 || slash > end ? end : slash;
      String segment = text.substring(from, segmentEnd);
      if (SelectorGrammar.isLiteral(segment)) {
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
    return new SplitPathSelector(base, segments.toArray(), member.qualifier(), prefix.toString());
  }

  /**
   * The literal characters before the first metacharacter, less the last one if a quantifier
   * follows it, cut back to a segment boundary unless the whole expression is literal. Any {@code
   * |} could make an alternative that shares nothing, so then there is no prefix.
   */
  static String fullPathPrefix(String regex) {
    if (regex.indexOf('|') >= 0) {
      return "";
    }
    int meta = 0;
    while (meta < regex.length() && !SelectorGrammar.isMetacharacter(regex.charAt(meta))) {
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

  /** A path or split-path base (the grammar checked its segments), within the path limits. */
  private static String checkedBase(Member member) {
    String base = member.body();
    try {
      TopicPath.canonical(base);
    } catch (InvalidTopicPathException e) {
      throw error(member.text(), member.bodyStart(), "has an invalid path: " + e.getMessage());
    }
    return base;
  }

  private static Pattern compile(String text, String regex, int offset) {
    long expansion = expansion(text, regex, offset);
    if (expansion > MAX_REGEX_EXPANSION) {
      throw error(
          text,
          offset,
          "has a regular expression "
              + quote(regex)
              + " whose repetitions expand to more"
              + " than "
              + MAX_REGEX_EXPANSION
              + " (nested counted repetitions)");
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      String part = e.getPattern();
      int at = part == null ? -1 : regex.indexOf(part);
      String shown = part == null || part.equals(regex) ? "" : " " + quote(part);
      String description = String.valueOf(e.getDescription());
      String hint =
          description.startsWith("invalid or unsupported")
                  || description.startsWith("invalid escape")
                  || description.startsWith("invalid nested repetition")
                  || description.startsWith("invalid character class")
              ? "; selectors use RE2 syntax, without backreferences, lookaround, possessive quantifiers or Java's"
                  + " \\p{javaX}/POSIX \\p{Alpha} classes"
              : "";
      throw error(
          text,
          offset + Math.max(0, at),
          "has an invalid regular expression " + quote(regex) + ": " + description + shown + hint);
    } catch (StackOverflowError e) {
      throw error(text, offset, "has a regular expression too complex to compile");
    }
  }

  /**
   * How large the regex is once its counted repetitions are unrolled: each atom counts 1, a group
   * the sum of its contents, {@code x{n,m}} m times x. Refuses what RE2 would read differently from
   * Java: a character class inside a class (Java's union) and {@code &&} (Java's intersection); and
   * a {@code )} without its {@code (}. Returns early once past the limit.
   */
  static long expansion(String text, String regex, int offset) {
    Deque<long[]> groups = new ArrayDeque<>();
    long[] group = {0};
    long last = 0;
    int n = regex.length();
    int i = 0;
    while (i < n) {
      char c = regex.charAt(i);
      long atom = 1;
      if (c == '\\') {
        if (i + 1 < n && regex.charAt(i + 1) == 'Q') {
          int end = regex.indexOf("\\E", i + 2);
          atom = Math.max(1, (end < 0 ? n : end) - (i + 2));
          i = end < 0 ? n : end + 2;
        } else {
          i += 2;
          if (i < n && regex.charAt(i) == '{' && "pPx".indexOf(regex.charAt(i - 1)) >= 0) {
            int close = regex.indexOf('}', i);
            i = close < 0 ? n : close + 1;
          }
        }
      } else if (c == '[') {
        i = endOfClass(text, regex, offset, i);
      } else if (c == '(') {
        groups.push(group);
        group = new long[] {0};
        last = 0;
        i++;
        continue;
      } else if (c == ')') {
        if (groups.isEmpty()) {
          throw error(
              text,
              offset + i,
              "has an invalid regular expression " + quote(regex) + ": unmatched ')'");
        }
        atom = Math.max(1, group[0]);
        group = groups.pop();
        i++;
      } else if (c == '{' && repeat(regex, i) > 0) {
        long times = repeat(regex, i);
        group[0] += last * (times - 1);
        last *= times;
        i = regex.indexOf('}', i) + 1;
        if (group[0] > MAX_REGEX_EXPANSION) {
          return group[0];
        }
        continue;
      } else if (c == '*' || c == '+' || c == '?') {
        i++;
        continue;
      } else if (c == '|') {
        last = 0;
        i++;
        continue;
      } else {
        i++;
      }
      group[0] += atom;
      last = atom;
      if (group[0] > MAX_REGEX_EXPANSION) {
        return group[0];
      }
    }
    long total = group[0];
    while (!groups.isEmpty()) {
      total += groups.pop()[0];
    }
    return total;
  }

  /**
   * The repetition count {@code {n}}, {@code {n,}} (n + 1) or {@code {n,m}} (m) at {@code at}; 0 if
   * none.
   */
  private static long repeat(String regex, int at) {
    int close = regex.indexOf('}', at);
    if (close < 0) {
      return 0;
    }
    String body = regex.substring(at + 1, close);
    if (!body.matches("[0-9]{1,4}(,[0-9]{0,4})?")) {
      return 0;
    }
    int comma = body.indexOf(',');
    if (comma < 0) {
      return Math.max(1, Integer.parseInt(body));
    }
    String max = body.substring(comma + 1);
    return Math.max(
        1, max.isEmpty() ? Integer.parseInt(body.substring(0, comma)) + 1 : Integer.parseInt(max));
  }

  /** The index after the character class opening at {@code open}. */
  private static int endOfClass(String text, String regex, int offset, int open) {
    int n = regex.length();
    int i = open + 1;
    if (i < n && regex.charAt(i) == '^') {
      i++;
    }
    if (i < n && regex.charAt(i) == ']') {
      i++; // a leading ] is literal
    }
    while (i < n) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '[' && i + 1 < n && regex.charAt(i + 1) == ':') {
        int close = regex.indexOf(":]", i + 2);
        i = close < 0 ? n : close + 2;
      } else if (c == '[') {
        throw error(
            text,
            offset + i,
            "has a character class inside a character class in "
                + quote(regex)
                + " (Java's class union is not supported: write one class, or \\[ for a literal '[')");
      } else if (c == '&' && i + 1 < n && regex.charAt(i + 1) == '&') {
        throw error(
            text,
            offset + i,
            "uses '&&' in a character class in "
                + quote(regex)
                + " (Java's class intersection is not supported: write the class it means, or \\&\\& for literal"
                + " '&&')");
      } else if (c == ']') {
        return i + 1;
      } else {
        i++;
      }
    }
    return n;
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
