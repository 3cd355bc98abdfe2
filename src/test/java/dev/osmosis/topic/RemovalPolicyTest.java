package dev.osmosis.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The REMOVAL language as Diffusion documents it: every clause, combinations, and positioned
 * errors.
 */
class RemovalPolicyTest {

  static RemovalPolicy.Condition condition(String text) {
    return RemovalPolicy.parse(text).condition();
  }

  @Test
  void parse_whenTimeAfterEpochMillis_thenTimeAfter() {
    assertEquals(
        new RemovalPolicy.TimeAfter(1518780068112L), condition("when time after 1518780068112"));
  }

  @Test
  void parse_whenTimeAfterRfc1123_thenThatInstant() {
    long expected = Instant.parse("2077-05-04T11:05:30Z").toEpochMilli();
    assertEquals(
        new RemovalPolicy.TimeAfter(expected),
        condition("when time after \"Tue, 4 May 2077 11:05:30 GMT\""));
    assertEquals(
        new RemovalPolicy.TimeAfter(expected),
        condition("when time after 'Tue, 4 May 2077 11:05:30 GMT'"));
  }

  @Test
  void parse_whenWeekdayWrongAsInDiffusionsOwnExample_thenDateStillAccepted() {
    // 3 June 2018 was a Sunday; Diffusion's documentation writes "Tue".
    assertEquals(
        new RemovalPolicy.TimeAfter(Instant.parse("2018-06-03T11:05:30Z").toEpochMilli()),
        condition("when time after \"Tue, 3 Jun 2018 11:05:30 GMT\""));
  }

  @Test
  void parse_whenSubscriptions_thenCountPeriodAndAfter() {
    assertEquals(
        new RemovalPolicy.SubscriptionsBelow(false, 1, 20 * 60_000L, 0),
        condition("when subscriptions < 1 for 20m"));
    assertEquals(
        new RemovalPolicy.SubscriptionsBelow(false, 2, 20 * 60_000L, 3_600_000L),
        condition("when subscriptions < 2 for 20m after 1h"));
    assertEquals(
        new RemovalPolicy.SubscriptionsBelow(true, 1, 10 * 60_000L, 0),
        condition("when local subscriptions < 1 for 10m"));
    assertEquals(
        new RemovalPolicy.SubscriptionsBelow(false, 3, 5_000L, 0),
        condition("when subscriptions<3 for 5s"));
  }

  @Test
  void parse_whenNoUpdates_thenPeriodAndAfter() {
    assertEquals(
        new RemovalPolicy.NoUpdates(3 * 3_600_000L, 0), condition("when no updates for 3h"));
    assertEquals(
        new RemovalPolicy.NoUpdates(15 * 60_000L, 86_400_000L),
        condition("when no updates for 15m after 1d"));
  }

  @Test
  void parse_whenNoSessionHas_thenFilterCompiledAndOptionalPeriods() {
    RemovalPolicy.NoSession plain =
        (RemovalPolicy.NoSession) condition("when no session has \"$Principal is 'Alice'\"");
    assertEquals("$Principal is 'Alice'", plain.filterText());
    assertEquals(0, plain.forMillis());
    assertEquals(0, plain.afterMillis());
    assertTrue(plain.filter() != null);
    RemovalPolicy.NoSession full =
        (RemovalPolicy.NoSession)
            condition("when no local session has 'Department is \"Accounts\"' for 30m after 2h");
    assertTrue(full.local());
    assertEquals("Department is \"Accounts\"", full.filterText());
    assertEquals(30 * 60_000L, full.forMillis());
    assertEquals(2 * 3_600_000L, full.afterMillis());
  }

  @Test
  void parse_whenThisSessionCloses_thenThatCondition() {
    assertEquals(new RemovalPolicy.ThisSessionCloses(), condition("when this session closes"));
    assertEquals(new RemovalPolicy.ThisSessionCloses(), condition("When This Session Closes"));
  }

  @Test
  void parse_whenAndOr_thenAndBindsTighter() {
    RemovalPolicy.Condition c =
        condition("when time after 1000 and subscriptions < 2 for 10m or no updates for 20m");
    assertEquals(
        new RemovalPolicy.Or(
            List.of(
                new RemovalPolicy.And(
                    List.of(
                        new RemovalPolicy.TimeAfter(1000),
                        new RemovalPolicy.SubscriptionsBelow(false, 2, 600_000L, 0))),
                new RemovalPolicy.NoUpdates(1_200_000L, 0))),
        c);
  }

  @Test
  void parse_whenParentheses_thenGroupingChanges() {
    RemovalPolicy.Condition c =
        condition(
            "when time after 1000 and (subscriptions < 2 for 10m after 1h or no updates for 20m)");
    assertEquals(
        new RemovalPolicy.And(
            List.of(
                new RemovalPolicy.TimeAfter(1000),
                new RemovalPolicy.Or(
                    List.of(
                        new RemovalPolicy.SubscriptionsBelow(false, 2, 600_000L, 3_600_000L),
                        new RemovalPolicy.NoUpdates(1_200_000L, 0))))),
        c);
  }

  @Test
  void parse_whenNestedSameOperator_thenFlattened() {
    assertEquals(
        3,
        ((RemovalPolicy.And)
                condition("when time after 1 and (no updates for 1s and subscriptions < 1 for 1s)"))
            .operands()
            .size());
  }

  @Test
  void parse_whenRemoveClause_thenSelectorKept() {
    RemovalPolicy p = RemovalPolicy.parse("when time after 1000 remove \"*alpha/beta//\"");
    assertEquals("*alpha/beta//", p.removeSelector());
    assertEquals(
        "?root//",
        RemovalPolicy.parse("When this session closes remove '?root//'").removeSelector());
    assertNull(RemovalPolicy.parse("when no updates for 1s").removeSelector());
  }

  @Test
  void parse_whenEscapedQuote_thenUnescaped() {
    RemovalPolicy.NoSession ns =
        (RemovalPolicy.NoSession) condition("when no session has '$Principal is \\'it\\''");
    assertEquals("$Principal is 'it'", ns.filterText());
  }

  @Test
  void specification_whenRemovalValid_thenCompiledPolicyAvailable() {
    TopicSpecification spec =
        new TopicSpecification(
            TopicType.STRING, Map.of(TopicSpecification.REMOVAL, "when no updates for 2s"));
    assertEquals(new RemovalPolicy.NoUpdates(2000, 0), spec.removal().condition());
    assertNull(TopicSpecification.of(TopicType.STRING).removal());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                          | 0  | expected 'when'",
        "no updates for 1s                           | 0  | expected 'when'",
        "when                                        | 4  | expected a condition",
        "when no updates for 100ms                   | 20 | expected a period",
        "when no updates for 10                      | 20 | expected a period",
        "when no updates for 10 m                    | 20 | expected a period",
        "when no updates                             | 15 | expected 'for'",
        "when subscriptions 1 for 1m                 | 19 | expected '<'",
        "when subscriptions < x for 1m               | 21 | expected a whole number",
        "when subscriptions < 1                      | 22 | expected 'for'",
        "when time after tomorrow                    | 16 | expected milliseconds since the epoch",
        "when time after 'next tuesday'              | 16 | expected an RFC 1123 date",
        "when no session has Department              | 20 | expected a quoted session filter",
        "when no session has 'Department is'         | 20 | invalid session filter",
        "when no session has 'a is \"b\"' for        | 34 | expected a period",
        "when this session ends                      | 18 | expected 'closes'",
        "when no update for 1s                       | 8  | expected 'updates', 'session'",
        "when no updates for 1s and                  | 26 | expected a condition",
        "when no updates for 1s or or                | 26 | expected a condition",
        "when (no updates for 1s                     | 23 | expected ')'",
        "when no updates for 1s)                     | 22 | expected 'and', 'or', 'remove'",
        "when no updates for 1s remove               | 29 | expected a quoted topic selector",
        "when no updates for 1s remove ''            | 30 | must not be empty",
        "when no updates for 1s and no updates for 2s| 27 | only one 'no updates'",
        "when time after 1 or time after 2           | 21 | only one 'time after'",
        "when this session closes or no session has 'a is \"b\"' | 28 | only one 'no session has",
        "when no updates for 1s & subscriptions < 1 for 1s | 23 | unexpected character '&'",
        "when no session has 'unterminated           | 20 | unterminated quoted value",
      })
  void parse_whenInvalid_thenPositionedError(String text, int position, String message) {
    RemovalSyntaxException e =
        assertThrows(RemovalSyntaxException.class, () -> RemovalPolicy.parse(text.strip()));
    assertEquals(position, e.position(), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().contains(" at " + position), e.getMessage());
  }

  @Test
  void specification_whenRemovalInvalid_thenInvalidSpecificationNamingPosition() {
    InvalidSpecificationException e =
        assertThrows(
            InvalidSpecificationException.class,
            () ->
                TopicSpecification.of(TopicType.JSON)
                    .withProperty(TopicSpecification.REMOVAL, "when no updates for 5x"));
    assertInstanceOf(RemovalSyntaxException.class, e);
    assertTrue(e.getMessage().startsWith("invalid REMOVAL: expected a period"), e.getMessage());
    assertTrue(e.getMessage().contains("at 20, found \"5x\""), e.getMessage());
  }
}
