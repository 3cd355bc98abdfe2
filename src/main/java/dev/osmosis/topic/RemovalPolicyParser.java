package dev.osmosis.topic;

import dev.osmosis.filter.FilterSyntaxException;
import dev.osmosis.filter.SessionFilter;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recursive-descent parser for one REMOVAL text ({@link RemovalPolicy}'s grammar): {@code or}
 * binds looser than {@code and}; keywords are case-insensitive; quoted values take single or double
 * quotes and {@code \} escapes. Not thread-safe; one instance per text.
 */
final class RemovalPolicyParser {

  private enum Kind {
    TIME_AFTER("time after"),
    SUBSCRIPTIONS("subscriptions"),
    NO_UPDATES("no updates"),
    NO_SESSION("no session has / this session closes");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  private enum Type {
    WORD,
    QUOTED,
    LEFT,
    RIGHT,
    LESS,
    END
  }

  private record Token(Type type, String text, int position) {
    String describe() {
      switch (type) {
        case END:
          return "end of text";
        case QUOTED:
          return "a quoted value";
        default:
          return "\"" + text + "\"";
      }
    }
  }

  /** RFC 1123 without the weekday, which Diffusion's own examples do not always get right. */
  private static final DateTimeFormatter RFC_1123_NO_WEEKDAY =
      DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss z", Locale.ENGLISH);

  private final String text;
  private final List<Token> tokens;
  private final Set<Kind> seen = EnumSet.noneOf(Kind.class);
  private int next;

  RemovalPolicyParser(String text) {
    this.text = text;
    this.tokens = tokenize(text);
  }

  RemovalPolicy parse() {
    keyword("when");
    RemovalPolicy.Condition condition = or();
    String remove = null;
    if (isWord("remove")) {
      next++;
      remove = quoted("a quoted topic selector after 'remove'");
      if (remove.isBlank()) {
        throw error("the 'remove' selector must not be empty", tokens.get(next - 1));
      }
    }
    Token end = peek();
    if (end.type != Type.END) {
      throw error("expected 'and', 'or', 'remove' or end of text", end);
    }
    return new RemovalPolicy(text, condition, remove);
  }

  private RemovalPolicy.Condition or() {
    List<RemovalPolicy.Condition> operands = new ArrayList<>();
    operands.add(and());
    while (isWord("or")) {
      next++;
      operands.add(and());
    }
    return operands.size() == 1 ? operands.get(0) : new RemovalPolicy.Or(flatten(operands, true));
  }

  private RemovalPolicy.Condition and() {
    List<RemovalPolicy.Condition> operands = new ArrayList<>();
    operands.add(factor());
    while (isWord("and")) {
      next++;
      operands.add(factor());
    }
    return operands.size() == 1 ? operands.get(0) : new RemovalPolicy.And(flatten(operands, false));
  }

  /** {@code a and (b and c)} is {@code a and b and c}: flat lists keep evaluation simple. */
  private static List<RemovalPolicy.Condition> flatten(
      List<RemovalPolicy.Condition> operands, boolean or) {
    List<RemovalPolicy.Condition> flat = new ArrayList<>();
    for (RemovalPolicy.Condition c : operands) {
      if (or && c instanceof RemovalPolicy.Or) {
        flat.addAll(((RemovalPolicy.Or) c).operands());
      } else if (!or && c instanceof RemovalPolicy.And) {
        flat.addAll(((RemovalPolicy.And) c).operands());
      } else {
        flat.add(c);
      }
    }
    return flat;
  }

  private RemovalPolicy.Condition factor() {
    Token t = peek();
    if (t.type == Type.LEFT) {
      next++;
      RemovalPolicy.Condition inner = or();
      Token close = peek();
      if (close.type != Type.RIGHT) {
        throw error("expected ')', 'and' or 'or'", close);
      }
      next++;
      return inner;
    }
    return condition();
  }

  private RemovalPolicy.Condition condition() {
    Token start = peek();
    String word = start.type == Type.WORD ? start.text.toLowerCase(Locale.ROOT) : "";
    switch (word) {
      case "time":
        once(Kind.TIME_AFTER, start);
        next++;
        keyword("after");
        return new RemovalPolicy.TimeAfter(absoluteTime());
      case "local":
        next++;
        keyword("subscriptions");
        return subscriptions(true, start);
      case "subscriptions":
        next++;
        return subscriptions(false, start);
      case "no":
        next++;
        if (isWord("updates")) {
          once(Kind.NO_UPDATES, start);
          next++;
          keyword("for");
          long period = period();
          return new RemovalPolicy.NoUpdates(period, after());
        }
        return noSession(start);
      case "this":
        once(Kind.NO_SESSION, start);
        next++;
        keyword("session");
        keyword("closes");
        return new RemovalPolicy.ThisSessionCloses();
      default:
        throw error(
            "expected a condition ('time after', 'subscriptions <', 'no updates for', "
                + "'no session has', 'this session closes') or '('",
            start);
    }
  }

  private RemovalPolicy.Condition subscriptions(boolean local, Token start) {
    once(Kind.SUBSCRIPTIONS, start);
    Token less = peek();
    if (less.type != Type.LESS) {
      throw error("expected '<' after 'subscriptions'", less);
    }
    next++;
    Token n = peek();
    if (n.type != Type.WORD || !n.text.chars().allMatch(Character::isDigit)) {
      throw error("expected a whole number of subscriptions", n);
    }
    int count;
    try {
      count = Integer.parseInt(n.text);
    } catch (NumberFormatException e) {
      throw error("the number of subscriptions is too large", n);
    }
    next++;
    keyword("for");
    long period = period();
    return new RemovalPolicy.SubscriptionsBelow(local, count, period, after());
  }

  private RemovalPolicy.Condition noSession(Token start) {
    boolean local = false;
    if (isWord("local")) {
      local = true;
      next++;
    }
    if (!isWord("session")) {
      throw error("expected 'updates', 'session' or 'local session' after 'no'", peek());
    }
    once(Kind.NO_SESSION, start);
    next++;
    keyword("has");
    Token quotedToken = peek();
    String filterText = quoted("a quoted session filter after 'has'");
    SessionFilter filter;
    try {
      filter = SessionFilter.parse(filterText);
    } catch (FilterSyntaxException e) {
      throw error("invalid session filter: " + e.getMessage(), quotedToken);
    }
    long period = 0;
    if (isWord("for")) {
      next++;
      period = period();
    }
    return new RemovalPolicy.NoSession(local, filterText, filter, period, after());
  }

  private long after() {
    if (!isWord("after")) {
      return 0;
    }
    next++;
    return period();
  }

  private long period() {
    Token t = peek();
    String s = t.type == Type.WORD ? t.text.toLowerCase(Locale.ROOT) : "";
    int digits = 0;
    while (digits < s.length() && Character.isDigit(s.charAt(digits))) {
      digits++;
    }
    if (digits == 0 || digits != s.length() - 1) {
      throw error("expected a period: a number and one of s, m, h, d (such as 10m)", t);
    }
    long unit;
    switch (s.charAt(digits)) {
      case 's':
        unit = 1000L;
        break;
      case 'm':
        unit = 60_000L;
        break;
      case 'h':
        unit = 3_600_000L;
        break;
      case 'd':
        unit = 86_400_000L;
        break;
      default:
        throw error("expected a period: a number and one of s, m, h, d (such as 10m)", t);
    }
    try {
      long millis = Math.multiplyExact(Long.parseLong(s.substring(0, digits)), unit);
      next++;
      return millis;
    } catch (ArithmeticException | NumberFormatException e) {
      throw error("the period is too long", t);
    }
  }

  private long absoluteTime() {
    Token t = peek();
    if (t.type == Type.WORD && t.text.chars().allMatch(Character::isDigit)) {
      try {
        long millis = Long.parseLong(t.text);
        next++;
        return millis;
      } catch (NumberFormatException e) {
        throw error("the time is too large", t);
      }
    }
    if (t.type != Type.QUOTED) {
      throw error(
          "expected milliseconds since the epoch or a quoted RFC 1123 date"
              + " (\"Tue, 4 May 2077 11:05:30 GMT\")",
          t);
    }
    next++;
    String value = t.text.trim();
    try {
      return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
          .toInstant()
          .toEpochMilli();
    } catch (DateTimeParseException strict) {
      int comma = value.indexOf(',');
      try {
        return ZonedDateTime.parse(value.substring(comma + 1).trim(), RFC_1123_NO_WEEKDAY)
            .toInstant()
            .toEpochMilli();
      } catch (DateTimeParseException e) {
        throw error(
            "expected an RFC 1123 date such as \"Tue, 4 May 2077 11:05:30 GMT\", was \""
                + t.text
                + "\"",
            t);
      }
    }
  }

  private String quoted(String expected) {
    Token t = peek();
    if (t.type != Type.QUOTED) {
      throw error("expected " + expected, t);
    }
    next++;
    return t.text;
  }

  private void keyword(String word) {
    if (!isWord(word)) {
      throw error("expected '" + word + "'", peek());
    }
    next++;
  }

  private boolean isWord(String word) {
    Token t = peek();
    return t.type == Type.WORD && t.text.equalsIgnoreCase(word);
  }

  private Token peek() {
    return tokens.get(next);
  }

  private void once(Kind kind, Token at) {
    if (!seen.add(kind)) {
      throw error("only one '" + kind.label + "' condition is allowed", at);
    }
  }

  private static RemovalSyntaxException error(String message, Token found) {
    return new RemovalSyntaxException(
        "invalid REMOVAL: " + message + " at " + found.position + ", found " + found.describe(),
        found.position);
  }

  private static List<Token> tokenize(String text) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(') {
        tokens.add(new Token(Type.LEFT, "(", i++));
      } else if (c == ')') {
        tokens.add(new Token(Type.RIGHT, ")", i++));
      } else if (c == '<') {
        tokens.add(new Token(Type.LESS, "<", i++));
      } else if (c == '\'' || c == '"') {
        i = quotedToken(text, i, tokens);
      } else if (Character.isLetterOrDigit(c)) {
        int start = i;
        while (i < text.length() && Character.isLetterOrDigit(text.charAt(i))) {
          i++;
        }
        tokens.add(new Token(Type.WORD, text.substring(start, i), start));
      } else {
        throw new RemovalSyntaxException(
            "invalid REMOVAL: unexpected character '" + c + "' at " + i, i);
      }
    }
    tokens.add(new Token(Type.END, "", text.length()));
    return tokens;
  }

  /** Reads a quoted value starting at {@code start}; returns the index after the closing quote. */
  private static int quotedToken(String text, int start, List<Token> tokens) {
    char quote = text.charAt(start);
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        value.append(text.charAt(i + 1));
        i += 2;
      } else if (c == quote) {
        tokens.add(new Token(Type.QUOTED, value.toString(), start));
        return i + 1;
      } else {
        value.append(c);
        i++;
      }
    }
    throw new RemovalSyntaxException(
        "invalid REMOVAL: unterminated quoted value starting at " + start, start);
  }
}
