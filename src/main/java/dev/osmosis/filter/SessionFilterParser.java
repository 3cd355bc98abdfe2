package dev.osmosis.filter;

import dev.osmosis.filter.FilterScanner.Kind;
import dev.osmosis.wire.FilterText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Parses session filter text (grammar in {@code docs/FILTERS.md}) into a {@link SessionFilter}. A
 * recursive-descent parser that recurses only into parentheses, and checks the nesting limit before
 * it does, so no input can overflow the stack. Immutable and thread-safe.
 */
public final class SessionFilterParser {

  /** The default maximum filter length in characters. */
  public static final int DEFAULT_MAX_LENGTH = 10_000;

  /** The default maximum depth of nested parentheses. */
  public static final int DEFAULT_MAX_DEPTH = 64;

  static final SessionFilterParser DEFAULT =
      new SessionFilterParser(DEFAULT_MAX_LENGTH, DEFAULT_MAX_DEPTH);

  private static final String ROLES_KEY = "$Roles";
  private static final List<String> KEYWORDS =
      List.of("is", "eq", "ne", "in", "and", "or", "not", "has", "hasRoles", "all");
  private static final String CLAUSE = "a property key, 'not', 'has', 'hasRoles', 'all' or '('";

  private final int maxLength;
  private final int maxDepth;

  /** A parser with {@link #DEFAULT_MAX_LENGTH} and {@link #DEFAULT_MAX_DEPTH}. */
  public SessionFilterParser() {
    this(DEFAULT_MAX_LENGTH, DEFAULT_MAX_DEPTH);
  }

  /**
   * @param maxLength the longest filter accepted, in characters
   * @param maxDepth the deepest nesting of parentheses accepted (0 forbids parentheses)
   */
  public SessionFilterParser(int maxLength, int maxDepth) {
    if (maxLength < 1 || maxDepth < 0) {
      throw new IllegalArgumentException("maxLength must be >= 1 and maxDepth >= 0");
    }
    this.maxLength = maxLength;
    this.maxDepth = maxDepth;
  }

  public int maxLength() {
    return maxLength;
  }

  public int maxDepth() {
    return maxDepth;
  }

  /**
   * Parses a filter.
   *
   * @throws FilterSyntaxException if the text is not a filter, is longer than {@link #maxLength()}
   *     or nests parentheses deeper than {@link #maxDepth()}
   */
  public SessionFilter parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > maxLength) {
      throw new FilterSyntaxException(
          String.format(
              "filter too long at %d: %d characters, the limit is %d",
              maxLength, text.length(), maxLength),
          maxLength);
    }
    FilterScanner scanner = new FilterScanner(text);
    scanner.advance();
    SessionFilter filter = parseOr(scanner, 0);
    if (scanner.kind != Kind.END) {
      String why = scanner.kind == Kind.CLOSE_PAREN ? " (no '(' to close)" : "";
      throw expected("'and', 'or' or end of filter", scanner, why);
    }
    return filter;
  }

  private SessionFilter parseOr(FilterScanner scanner, int depth) {
    List<SessionFilter> operands = new ArrayList<>(2);
    operands.add(parseAnd(scanner, depth));
    while (scanner.isWord("or")) {
      scanner.advance();
      operands.add(parseAnd(scanner, depth));
    }
    return operands.size() == 1 ? operands.get(0) : new SessionFilter.Or(operands);
  }

  private SessionFilter parseAnd(FilterScanner scanner, int depth) {
    List<SessionFilter> operands = new ArrayList<>(2);
    operands.add(parseNot(scanner, depth));
    while (scanner.isWord("and")) {
      scanner.advance();
      operands.add(parseNot(scanner, depth));
    }
    return operands.size() == 1 ? operands.get(0) : new SessionFilter.And(operands);
  }

  /** A run of {@code not}s is counted, not recursed into: {@code not not x} is {@code x}. */
  private SessionFilter parseNot(FilterScanner scanner, int depth) {
    boolean negate = false;
    while (scanner.isWord("not")) {
      negate = !negate;
      scanner.advance();
    }
    SessionFilter operand = parsePrimary(scanner, depth);
    return negate ? new SessionFilter.Not(operand) : operand;
  }

  private SessionFilter parsePrimary(FilterScanner scanner, int depth) {
    if (scanner.kind == Kind.OPEN_PAREN) {
      return parseParenthesised(scanner, depth);
    }
    if (scanner.isWord("all")) {
      scanner.advance();
      return new SessionFilter.All();
    }
    if (scanner.isWord("has")) {
      scanner.advance();
      String key = parseKey(scanner, "after 'has'");
      return key.equals(ROLES_KEY) ? new SessionFilter.All() : new SessionFilter.Has(key);
    }
    if (scanner.isWord("hasRoles")) {
      scanner.advance();
      return new SessionFilter.HasRoles(new ArrayList<>(parseList(scanner, "'hasRoles'", false)));
    }
    if (scanner.kind != Kind.WORD || isKeyword(scanner.text)) {
      throw expected(CLAUSE, scanner, "");
    }
    String key = scanner.text;
    scanner.advance();
    return parseComparison(scanner, key);
  }

  private SessionFilter parseParenthesised(FilterScanner scanner, int depth) {
    int open = scanner.start;
    if (depth == maxDepth) {
      throw new FilterSyntaxException(
          "parentheses nested deeper than the limit of " + maxDepth + " at " + open, open);
    }
    scanner.advance();
    SessionFilter inner = parseOr(scanner, depth + 1);
    if (scanner.kind != Kind.CLOSE_PAREN) {
      throw expected("'and', 'or' or ')'", scanner, " (the '(' at " + open + " is not closed)");
    }
    scanner.advance();
    return inner;
  }

  private String parseKey(FilterScanner scanner, String context) {
    if (scanner.kind != Kind.WORD || isKeyword(scanner.text)) {
      throw expected("a property key " + context, scanner, "");
    }
    String key = scanner.text;
    scanner.advance();
    return key;
  }

  private SessionFilter parseComparison(FilterScanner scanner, String key) {
    if (scanner.isWord("in")) {
      scanner.advance();
      boolean roleSets = key.equals(ROLES_KEY);
      Set<String> values = parseList(scanner, "'in'", roleSets);
      return roleSets ? rolesIn(values) : new SessionFilter.In(key, values);
    }
    boolean equal = scanner.isWord("is") || scanner.isWord("eq");
    if (!equal && !scanner.isWord("ne")) {
      String after = " after key \"" + FilterScanner.shorten(key) + "\"";
      throw expected("'is', 'eq', 'ne' or 'in'" + after, scanner, "");
    }
    String operator = scanner.text;
    scanner.advance();
    if (scanner.kind != Kind.STRING) {
      throw expected("a quoted value after '" + operator + "'", scanner, "");
    }
    String value = scanner.text;
    int valueStart = scanner.start;
    scanner.advance();
    SessionFilter comparison;
    if (key.equals(ROLES_KEY)) {
      comparison = new SessionFilter.RolesEqual(roles(value, valueStart));
      return equal ? comparison : new SessionFilter.Not(comparison);
    }
    return equal ? new SessionFilter.Equals(key, value) : new SessionFilter.NotEquals(key, value);
  }

  /**
   * A list of quoted values: {@code 'a', 'b'}, {@code ['a' 'b']} or {@code {"a","b"}}. Values are
   * separated by a comma or by whitespace; at least one is required. With {@code roleSets} each
   * value must be a {@code $Roles} value.
   */
  private Set<String> parseList(FilterScanner scanner, String operator, boolean roleSets) {
    Kind close = null;
    if (scanner.kind == Kind.OPEN_BRACKET) {
      close = Kind.CLOSE_BRACKET;
    } else if (scanner.kind == Kind.OPEN_BRACE) {
      close = Kind.CLOSE_BRACE;
    }
    String closer = close == Kind.CLOSE_BRACKET ? "']'" : "'}'";
    String context = close == null ? " after " + operator : " in the list";
    if (close != null) {
      scanner.advance();
    }
    Set<String> values = new LinkedHashSet<>();
    while (true) {
      if (scanner.kind != Kind.STRING) {
        throw expected("a quoted value" + context, scanner, "");
      }
      if (roleSets) {
        roles(scanner.text, scanner.start);
      }
      values.add(scanner.text);
      scanner.advance();
      if (scanner.kind == Kind.COMMA) {
        scanner.advance();
        context = " after ','";
      } else if (scanner.kind != Kind.STRING) {
        break;
      }
    }
    if (close != null) {
      if (scanner.kind != close) {
        throw expected("',', a quoted value or " + closer, scanner, "");
      }
      scanner.advance();
    }
    return values;
  }

  /** {@code $Roles in [...]}: the session's roles equal one of the listed role sets. */
  private static SessionFilter rolesIn(Set<String> values) {
    List<SessionFilter> alternatives = new ArrayList<>(values.size());
    for (String value : values) {
      alternatives.add(new SessionFilter.RolesEqual(roles(value, 0)));
    }
    return alternatives.size() == 1 ? alternatives.get(0) : new SessionFilter.Or(alternatives);
  }

  private static List<String> roles(String value, int position) {
    try {
      return new ArrayList<>(FilterText.stringToRoles(value));
    } catch (IllegalArgumentException e) {
      throw new FilterSyntaxException(
          "invalid $Roles value at " + position + ": in the value, " + e.getMessage(), position);
    }
  }

  private static boolean isKeyword(String word) {
    for (String keyword : KEYWORDS) {
      if (keyword.equalsIgnoreCase(word)) {
        return true;
      }
    }
    return false;
  }

  private static FilterSyntaxException expected(String what, FilterScanner scanner, String why) {
    return new FilterSyntaxException(
        "expected " + what + " at " + scanner.start + ", found " + scanner.describe() + why,
        scanner.start);
  }
}
