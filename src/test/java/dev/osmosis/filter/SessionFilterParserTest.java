package dev.osmosis.filter;

import static dev.osmosis.filter.Samples.ALICE;
import static dev.osmosis.filter.Samples.BOB;
import static dev.osmosis.filter.Samples.CAROL;
import static dev.osmosis.filter.Samples.DAVE;
import static dev.osmosis.filter.Samples.ERIN;
import static dev.osmosis.filter.Samples.assertSelects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.filter.SessionFilter.All;
import dev.osmosis.filter.SessionFilter.And;
import dev.osmosis.filter.SessionFilter.Equals;
import dev.osmosis.filter.SessionFilter.HasRoles;
import dev.osmosis.filter.SessionFilter.In;
import dev.osmosis.filter.SessionFilter.Not;
import dev.osmosis.filter.SessionFilter.NotEquals;
import dev.osmosis.filter.SessionFilter.Or;
import dev.osmosis.filter.SessionFilter.RolesEqual;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The grammar and semantics beyond the seed's examples. */
class SessionFilterParserTest {

  private static final Equals A = new Equals("a", "1");
  private static final Equals B = new Equals("b", "2");
  private static final Equals C = new Equals("c", "3");

  @Test
  void parse_whenOrThenAnd_thenAndBindsTighter() {
    assertEquals(
        new Or(List.of(A, new And(List.of(B, C)))),
        SessionFilter.parse("a is '1' or b is '2' and c is '3'"));
    assertEquals(
        new Or(List.of(new And(List.of(A, B)), C)),
        SessionFilter.parse("a is '1' and b is '2' or c is '3'"));
  }

  @Test
  void parse_whenParenthesised_thenGroupOverridesPrecedence() {
    assertEquals(
        new And(List.of(new Or(List.of(A, B)), C)),
        SessionFilter.parse("(a is '1' or b is '2') and c is '3'"));
  }

  @Test
  void parse_whenChained_thenOperandsAreFlat() {
    assertEquals(new Or(List.of(A, B, C)), SessionFilter.parse("a is '1' or b is '2' or c is '3'"));
  }

  @Test
  void parse_whenNotBeforeClause_thenAppliesToThatClauseOnly() {
    assertEquals(new Or(List.of(new Not(A), B)), SessionFilter.parse("not a is '1' or b is '2'"));
  }

  @Test
  void parse_whenNotBeforeParentheses_thenAppliesToTheGroup() {
    assertEquals(new Not(new Or(List.of(A, B))), SessionFilter.parse("not (a is '1' or b is '2')"));
  }

  @Test
  void parse_whenNotRepeated_thenNegationsCancel() {
    assertEquals(A, SessionFilter.parse("not not a is '1'"));
    assertEquals(new Not(A), SessionFilter.parse("NOT Not not a is '1'"));
  }

  @Test
  void parse_whenOperatorsInAnyCase_thenAccepted() {
    assertEquals(
        new Or(List.of(new And(List.of(A, new NotEquals("b", "2"))), new All())),
        SessionFilter.parse("a Is '1' AND b nE '2' Or ALL"));
    assertEquals(new HasRoles(List.of("x")), SessionFilter.parse("HASROLES 'x'"));
    assertEquals(new Not(new Equals("a", "1")), SessionFilter.parse("Not a EQ '1'"));
    assertEquals(new SessionFilter.Has("a"), SessionFilter.parse("HaS a"));
    assertEquals(new In("a", Set.of("1")), SessionFilter.parse("a IN '1'"));
  }

  @Test
  void matches_whenKeyCaseDiffers_thenNoMatch() {
    assertSelects("department is \"Accounts\"");
    assertSelects("$country is 'FR'");
    assertSelects("Department is \"accounts\"");
  }

  @Test
  void parse_whenValueSingleQuoted_thenSameAsDoubleQuoted() {
    assertEquals(
        SessionFilter.parse("Department is \"Accounts\""),
        SessionFilter.parse("Department is 'Accounts'"));
  }

  @Test
  void parse_whenEscapes_thenUnescaped() {
    assertEquals(new Equals("k", "it's"), SessionFilter.parse("k is 'it\\'s'"));
    assertEquals(new Equals("k", "say \"hi\""), SessionFilter.parse("k is \"say \\\"hi\\\"\""));
    assertEquals(new Equals("k", "a\\b"), SessionFilter.parse("k is 'a\\\\b'"));
    assertEquals(new Equals("k", "\"'"), SessionFilter.parse("k is '\"\\''"));
  }

  @Test
  void parse_whenValueHoldsOperatorsAndBrackets_thenTheyAreData() {
    assertEquals(
        new Equals("k", "a and (b) or [c], {d}"),
        SessionFilter.parse("k eq 'a and (b) or [c], {d}'"));
  }

  @Test
  void parse_whenKeyHasUnusualCharacters_thenAccepted() {
    assertEquals(new Equals("a.b-c:d/$é", "1"), SessionFilter.parse("a.b-c:d/$é is '1'"));
  }

  @Test
  void parse_whenNoSpacesAroundPunctuation_thenAccepted() {
    assertEquals(
        new And(List.of(new Or(List.of(A, B)), new In("c", Set.of("3", "4")))),
        SessionFilter.parse("(a is'1'or b is'2')and c in['3','4']"));
  }

  @Test
  void parse_whenInListInEveryForm_thenSameFilter() {
    In expected = new In("$Country", Set.of("UK", "DE", "FR"));
    assertEquals(expected, SessionFilter.parse("$Country in 'UK','DE','FR'"));
    assertEquals(expected, SessionFilter.parse("$Country in ['UK','DE','FR']"));
    assertEquals(expected, SessionFilter.parse("$Country in {'UK','DE','FR'}"));
    assertEquals(expected, SessionFilter.parse("$Country in [ 'UK' 'DE' \"FR\" ]"));
    assertEquals(expected, SessionFilter.parse("$Country in 'UK' , 'DE'  'FR'"));
  }

  @Test
  void parse_whenInSingleElement_thenAccepted() {
    In expected = new In("$Country", Set.of("UK"));
    assertEquals(expected, SessionFilter.parse("$Country in 'UK'"));
    assertEquals(expected, SessionFilter.parse("$Country in ['UK']"));
    assertEquals(expected, SessionFilter.parse("$Country in {\"UK\"}"));
  }

  @Test
  void parse_whenUnbracketedListFollowedByAnd_thenListEndsAtAnd() {
    assertEquals(
        new And(List.of(new In("c", Set.of("1", "2")), A)),
        SessionFilter.parse("c in '1', '2' and a is '1'"));
  }

  @Test
  void matches_whenInAndPropertyAbsent_thenFalse() {
    assertSelects("$Version in ['7', '9']", CAROL, DAVE);
    assertSelects("Status in 'Closed'", BOB, CAROL);
  }

  @Test
  void parse_whenHasRolesInEveryForm_thenSameFilter() {
    HasRoles expected = new HasRoles(List.of("operator", "trading desk"));
    assertEquals(expected, SessionFilter.parse("hasRoles [\"operator\" \"trading desk\"]"));
    assertEquals(expected, SessionFilter.parse("hasRoles [\"operator\", 'trading desk']"));
    assertEquals(expected, SessionFilter.parse("hasRoles \"operator\" \"trading desk\""));
    assertEquals(expected, SessionFilter.parse("hasRoles 'operator','trading desk'"));
    assertEquals(expected, SessionFilter.parse("hasRoles {'operator' 'trading desk'}"));
  }

  @Test
  void matches_whenHasRoles_thenRequiresAllListedRoles() {
    assertSelects("hasRoles 'accountancy'", ALICE, CAROL);
    assertSelects("hasRoles 'accountancy', 'operator'", ALICE);
    assertSelects("hasRoles 'Operator'");
  }

  @Test
  void matches_whenHas_thenPresenceRegardlessOfValue() {
    assertSelects("has Status", BOB, CAROL);
    assertSelects("has $Principal", ALICE, BOB, CAROL, DAVE);
    assertSelects("has Missing");
    assertSelects("not has Department", DAVE);
  }

  @Test
  void matches_whenHasRolesProperty_thenEverySession() {
    assertEquals(new All(), SessionFilter.parse("has $Roles"));
    assertSelects("has $Roles", ALICE, BOB, CAROL, DAVE, ERIN);
  }

  @Test
  void matches_whenNe_thenSessionsWithoutTheKeyMatch() {
    assertSelects("Status ne 'Closed'", ALICE, DAVE, ERIN);
    assertSelects("Department ne ''", ALICE, BOB, CAROL, DAVE);
    assertSelects("Department is ''", ERIN);
  }

  @Test
  void matches_whenRolesEqCanonical_thenExactRoleSet() {
    assertSelects("$Roles eq '\"admin\",\"client\"'", ERIN);
    assertSelects("$Roles eq '\"accountancy\"'", CAROL);
    assertSelects("$Roles eq '\"operator\"'");
  }

  @Test
  void matches_whenRolesEqInAnotherOrder_thenSameSet() {
    assertSelects("$Roles is '\"client\", \"admin\"'", ERIN);
    assertSelects("$Roles is \"['client' 'admin']\"", ERIN);
    assertEquals(
        SessionFilter.parse("$Roles eq '\"admin\",\"client\"'"),
        SessionFilter.parse("$Roles eq '\"client\",\"admin\"'"));
  }

  @Test
  void matches_whenRolesEqEmpty_thenSessionsWithoutRoles() {
    assertSelects("$Roles eq ''", DAVE);
    assertSelects("$Roles ne ''", ALICE, BOB, CAROL, ERIN);
  }

  @Test
  void matches_whenRolesNe_thenEverySessionWithAnotherSet() {
    assertSelects("$Roles ne '\"admin\",\"client\"'", ALICE, BOB, CAROL, DAVE);
  }

  @Test
  void matches_whenRolesIn_thenAnyListedSet() {
    assertSelects("$Roles in ['\"client\",\"admin\"', '\"accountancy\"']", CAROL, ERIN);
    assertEquals(
        new RolesEqual(List.of("admin", "client")),
        SessionFilter.parse("$Roles in '\"admin\",\"client\"'"));
  }

  @Test
  void matches_whenRolesEqMatchesAndHasRolesDoNot_thenTheyDiffer() {
    assertSelects("hasRoles 'admin'", ERIN);
    assertSelects("$Roles eq '\"admin\"'");
  }

  @Test
  void matches_whenAll_thenComposesWithOtherClauses() {
    assertSelects("all and $Country is 'FR'", ALICE, ERIN);
    assertSelects("not all");
  }

  @Test
  void matches_whenEvaluated_thenShortCircuitsLeftToRight() {
    SessionFilter filter = SessionFilter.parse("a is '1' and b is '2'");
    FilterTarget onlyA =
        new FilterTarget() {
          @Override
          public String property(String key) {
            if (key.equals("b")) {
              throw new AssertionError("and must stop at the first false");
            }
            return null;
          }

          @Override
          public Set<String> roles() {
            return Set.of();
          }
        };
    assertFalse(filter.matches(onlyA));
    assertTrue(SessionFilter.parse("all or b is '2'").matches(onlyA));
  }

  @Test
  void parse_whenSurroundedByWhitespace_thenIgnored() {
    assertEquals(A, SessionFilter.parse(" \t\n a \r\n is\t'1' \n"));
  }

  @Test
  void matches_whenEqualityRolesAndInCombined_thenAllMustHold() {
    assertSelects("Department is 'Payroll' and hasRoles 'operator' and $Country in 'US'", BOB);
  }
}
