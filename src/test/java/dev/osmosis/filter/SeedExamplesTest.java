package dev.osmosis.filter;

import static dev.osmosis.filter.Samples.ALICE;
import static dev.osmosis.filter.Samples.BOB;
import static dev.osmosis.filter.Samples.CAROL;
import static dev.osmosis.filter.Samples.DAVE;
import static dev.osmosis.filter.Samples.ERIN;
import static dev.osmosis.filter.Samples.assertSelects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Every example of seed 000's "Session filters" section, in the seed's order. */
class SeedExamplesTest {

  @Test
  void departmentIsAccounts_selectsAccounts() {
    assertSelects("Department is \"Accounts\"", ALICE, CAROL);
  }

  @Test
  void hasRolesSpaceSeparated_selectsSessionsWithBothRoles() {
    assertSelects("hasRoles [\"operator\" \"trading desk\"]", BOB);
  }

  @Test
  void andExample_withoutStrayBrace_selectsClosedPayroll() {
    assertSelects("Department is \"Payroll\" and Status is \"Closed\"", BOB);
  }

  @Test
  void andExample_withStrayBrace_isErrorAtBrace() {
    assertStrayBrace("Department is \"Payroll\" and Status is \"Closed\"}");
  }

  @Test
  void parenthesisedOr_withoutStrayBrace_overridesPrecedence() {
    assertSelects(
        "(Department is \"Accounts\" or Department is \"Payroll\") and Status is \"Closed\"",
        BOB,
        CAROL);
  }

  @Test
  void parenthesisedOr_withStrayBrace_isErrorAtBrace() {
    assertStrayBrace(
        "(Department is \"Accounts\" or Department is \"Payroll\") and Status is \"Closed\"}");
  }

  @Test
  void notClause_selectsOthersIncludingSessionsWithoutTheKey() {
    assertSelects("not Department is \"Payroll\"", ALICE, CAROL, DAVE, ERIN);
  }

  @Test
  void notParenthesised_negatesWholeExpression() {
    assertSelects("not (Department is \"Payroll\" or Department is \"Accounts\")", DAVE, ERIN);
  }

  @Test
  void principalIsAlice_selectsAlice() {
    assertSelects("$Principal is \"Alice\"", ALICE);
  }

  @Test
  void departmentAndCountryNe_selectsAccountsOutsideUs() {
    assertSelects("Department is \"Accounts\" and $Country ne \"US\"", ALICE, CAROL);
  }

  @Test
  void upperCaseOperators_areAccepted() {
    assertSelects("$Language EQ \"en\" and $Country NE \"US\"", CAROL);
  }

  @Test
  void splitExample_readAsOneFilter_selectsFrenchOutsideAccountsAndPayroll() {
    assertSelects(
        "not (Department is \"Accounts\" or Department is \"Payroll\") and $Country is \"FR\"",
        ERIN);
  }

  @Test
  void splitExample_asPrinted_isErrorAtTheStrayQuote() {
    String printed =
        "not (Department is \"Accounts\" or \"Department is \"Payroll\") and $Country is \"FR\"";
    FilterSyntaxException e =
        assertThrows(FilterSyntaxException.class, () -> SessionFilter.parse(printed));
    assertEquals(printed.indexOf("\"Department"), e.position());
  }

  @Test
  void splitExample_firstLineAlone_isTrailingOperatorError() {
    String firstLine = "not (Department is \"Accounts\" or";
    FilterSyntaxException e =
        assertThrows(FilterSyntaxException.class, () -> SessionFilter.parse(firstLine));
    assertEquals(firstLine.length(), e.position());
  }

  @Test
  void escapedQuoteAndBackslash_matchLiteralCharacters() {
    assertSelects("Text is \"xyz\\\"\\\\\"", CAROL);
  }

  @Test
  void hasRolesBracketed_withoutStrayBrace_selectsOperators() {
    assertSelects("hasRoles [\"operator\"]", ALICE, BOB);
  }

  @Test
  void hasRolesBracketed_withStrayBrace_isErrorAtBrace() {
    assertStrayBrace("hasRoles [\"operator\"]}");
  }

  @Test
  void hasRolesWithoutBrackets_withoutStrayBrace_selectsOperators() {
    assertSelects("hasRoles \"operator\"", ALICE, BOB);
  }

  @Test
  void hasRolesWithoutBrackets_withStrayBrace_isErrorAtBrace() {
    assertStrayBrace("hasRoles \"operator\"}");
  }

  @Test
  void transportAndHasRoles_selectsAlice() {
    assertSelects("$Transport is \"wss\" and hasRoles [\"accountancy\" \"administrator\"]", ALICE);
  }

  @Test
  void hasRolesAndNotHasRoles_selectsOperatorsWhoAreNotAdministrators() {
    assertSelects("hasRoles [\"operator\"] and not hasRoles [\"administrator\"]", BOB);
  }

  @Test
  void inWithBraces_selectsListedVersions() {
    assertSelects("$Version in {\"6\",\"7\",\"8\"}", CAROL);
  }

  @Test
  void inWithBrackets_selectsListedCountries() {
    assertSelects("$Country in ['UK','DE','FR']", ALICE, CAROL, DAVE, ERIN);
  }

  @Test
  void hasDepartment_selectsSessionsWithTheKeyEvenIfEmpty() {
    assertSelects("has Department", ALICE, BOB, CAROL, ERIN);
  }

  @Test
  void all_selectsEverySession() {
    assertSelects("all", ALICE, BOB, CAROL, DAVE, ERIN);
  }

  private static void assertStrayBrace(String filter) {
    FilterSyntaxException e =
        assertThrows(FilterSyntaxException.class, () -> SessionFilter.parse(filter));
    assertEquals(filter.lastIndexOf('}'), e.position());
    assertEquals(
        "expected 'and', 'or' or end of filter at " + e.position() + ", found '}'", e.getMessage());
  }
}
