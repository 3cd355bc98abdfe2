package dev.osmosis.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad input: each a {@link FilterSyntaxException} at the right position, never anything worse. */
class FilterSyntaxTest {

  @Test
  void parse_whenOperatorMissingAfterKey_thenNamesExpectedOperatorsAndKey() {
    assertError(
        "Department ",
        11,
        "expected 'is', 'eq', 'ne' or 'in' after key \"Department\" at 11, found end of filter");
  }

  @Test
  void parse_whenUnknownOperator_thenErrorAtOperator() {
    assertError(
        "Department like \"Acc\"",
        11,
        "expected 'is', 'eq', 'ne' or 'in' after key \"Department\" at 11, found 'like'");
    assertError("Department == 'x'", 11, null);
    assertError(
        "a is 'x' xor b is 'y'", 9, "expected 'and', 'or' or end of filter at 9, found 'xor'");
  }

  @Test
  void parse_whenEmpty_thenExpectedClauseAtZero() {
    assertError(
        "",
        0,
        "expected a property key, 'not', 'has', 'hasRoles', 'all' or '(' at 0, found end of"
            + " filter");
    assertError("   \t", 4, null);
  }

  @Test
  void parse_whenKeyMissing_thenExpectedClause() {
    assertError(
        "is 'x'",
        0,
        "expected a property key, 'not', 'has', 'hasRoles', 'all' or '(' at 0, found 'is'");
    assertError(
        "\"\" is 'x'",
        0,
        "expected a property key, 'not', 'has', 'hasRoles', 'all' or '(' at 0, found string \"\"");
    assertError("'Department' is 'x'", 0, null);
    assertError("a is 'x' and eq 'y'", 13, null);
  }

  @Test
  void parse_whenKeywordUsedAsKey_thenError() {
    assertError("and is 'x'", 0, null);
    assertError("has all", 4, "expected a property key after 'has' at 4, found 'all'");
    assertError("has 'Department'", 4, null);
  }

  @Test
  void parse_whenTrailingOperator_thenErrorAtEnd() {
    assertError(
        "Department is \"Accounts\" and",
        28,
        "expected a property key, 'not', 'has', 'hasRoles', 'all' or '(' at 28, found end of"
            + " filter");
    assertError("a is 'x' or ", 12, null);
    assertError("a is 'x' and not", 16, null);
    assertError("has", 3, "expected a property key after 'has' at 3, found end of filter");
    assertError(
        "hasRoles", 8, "expected a quoted value after 'hasRoles' at 8, found end of filter");
    assertError("a is", 4, "expected a quoted value after 'is' at 4, found end of filter");
    assertError("a in", 4, "expected a quoted value after 'in' at 4, found end of filter");
  }

  @Test
  void parse_whenValueUnquoted_thenErrorAtValue() {
    assertError(
        "Department is Accounts", 14, "expected a quoted value after 'is' at 14, found 'Accounts'");
  }

  @Test
  void parse_whenOpenParenthesisUnclosed_thenErrorAtEndNamingTheParenthesis() {
    assertError(
        "(a is 'x' or (b is 'y')",
        23,
        "expected 'and', 'or' or ')' at 23, found end of filter (the '(' at 0 is not closed)");
  }

  @Test
  void parse_whenCloseParenthesisUnopened_thenErrorAtIt() {
    assertError(
        "a is 'x')", 8, "expected 'and', 'or' or end of filter at 8, found ')' (no '(' to close)");
    assertError(")", 0, null);
    assertError("()", 1, null);
  }

  @Test
  void parse_whenQuoteUnbalanced_thenErrorAtOpeningQuote() {
    assertError(
        "Department is \"Accounts",
        14,
        "unterminated string: expected a closing \" for the string at 14, found end of filter");
    assertError("a is 'x\\'", 5, null);
    assertError("a is 'x' and b is \"y'", 18, null);
    assertError("a is 'x\\", 5, null);
  }

  @Test
  void parse_whenUnsupportedEscape_thenErrorAtBackslash() {
    assertError("a is 'x\\ny'", 7, "unsupported escape at 7: only \\\", \\' and \\\\ are allowed");
  }

  @Test
  void parse_whenListMalformed_thenErrorAtTheProblem() {
    assertError("a in []", 6, "expected a quoted value in the list at 6, found ']'");
    assertError("a in ['x',]", 10, "expected a quoted value after ',' at 10, found ']'");
    assertError(
        "a in ['x' 'y'", 13, "expected ',', a quoted value or ']' at 13, found end of filter");
    assertError("a in ['x'}", 9, "expected ',', a quoted value or ']' at 9, found '}'");
    assertError("a in {'x']", 9, null);
    assertError("a in 'x',, 'y'", 9, null);
    assertError("hasRoles []", 10, null);
    assertError("hasRoles ['x' y]", 14, null);
  }

  @Test
  void parse_whenRolesValueMalformed_thenErrorAtValue() {
    FilterSyntaxException e = assertError("$Roles eq 'admin'", 10, null);
    assertTrue(
        e.getMessage().startsWith("invalid $Roles value at 10: in the value, "), e.getMessage());
    assertError("$Roles in ['\"a\"', 'b']", 18, null);
  }

  @Test
  void parse_whenFilterIs100Kilobytes_thenLengthErrorNotAStackOrHeapProblem() {
    String huge = "a is 'x' or ".repeat(100 * 1024 / 12) + "a is 'x'";
    assertError(
        huge,
        10_000,
        "filter too long at 10000: " + huge.length() + " characters, the limit is 10000");
  }

  @Test
  void parse_whenTenThousandParentheses_thenNestingErrorNotStackOverflow() {
    String deep = "(".repeat(10_000) + "all" + ")".repeat(10_000);
    FilterSyntaxException e =
        assertThrows(
            FilterSyntaxException.class, () -> new SessionFilterParser(100_000, 64).parse(deep));
    assertEquals(64, e.position());
    assertEquals("parentheses nested deeper than the limit of 64 at 64", e.getMessage());
    // With the default length limit the same input is refused for its length first.
    assertError(deep, 10_000, null);
  }

  @Test
  void parse_whenNestingAtTheLimit_thenAccepted() {
    SessionFilterParser parser = new SessionFilterParser(1_000, 3);
    assertEquals(new SessionFilter.All(), parser.parse("(((all)))"));
    FilterSyntaxException e =
        assertThrows(FilterSyntaxException.class, () -> parser.parse("((( (all))))"));
    assertEquals(4, e.position());
  }

  @Test
  void parse_whenThousandsOfNotsAndClauses_thenNoRecursion() {
    SessionFilter filter = SessionFilter.parse("not ".repeat(2_000) + "all");
    assertEquals(new SessionFilter.All(), filter);
    SessionFilter wide = SessionFilter.parse("all" + " and all".repeat(1_200));
    assertTrue(wide.matches(Samples.DAVE));
  }

  @Test
  void parse_whenLengthLimitConfigured_thenApplied() {
    SessionFilterParser parser = new SessionFilterParser(10, 64);
    assertEquals(new SessionFilter.Has("abcdef"), parser.parse("has abcdef"));
    assertError(parser, "has abcdefg", 10, "filter too long at 10: 11 characters, the limit is 10");
  }

  @Test
  void parser_whenLimitsInvalid_thenRejected() {
    assertThrows(IllegalArgumentException.class, () -> new SessionFilterParser(0, 64));
    assertThrows(IllegalArgumentException.class, () -> new SessionFilterParser(10, -1));
  }

  @Test
  void parse_whenTokenLong_thenMessageShortensIt() {
    String key = "k".repeat(200);
    FilterSyntaxException e = assertError("a is 'x' " + key, 9, null);
    assertTrue(e.getMessage().endsWith("found '" + "k".repeat(24) + "...'"), e.getMessage());
  }

  @Test
  void parse_whenLongKeyLacksOperator_thenMessageShortensKey() {
    FilterSyntaxException e = assertError("k".repeat(500), 500, null);
    assertEquals(
        "expected 'is', 'eq', 'ne' or 'in' after key \""
            + "k".repeat(24)
            + "...\" at 500, found end of filter",
        e.getMessage());
  }

  private static FilterSyntaxException assertError(String filter, int position, String message) {
    return assertError(new SessionFilterParser(), filter, position, message);
  }

  private static FilterSyntaxException assertError(
      SessionFilterParser parser, String filter, int position, String message) {
    FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> parser.parse(filter));
    assertEquals(position, e.position(), e::getMessage);
    if (message != null) {
      assertEquals(message, e.getMessage());
    }
    return e;
  }
}
