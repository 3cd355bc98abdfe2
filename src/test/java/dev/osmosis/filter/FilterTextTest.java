package dev.osmosis.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osmosis.wire.FilterText;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FilterTextTest {

  @Test
  void escape_whenSpecialCharacters_thenPrefixedWithBackslash() {
    assertEquals("xyz\\\"\\\\", FilterText.escape("xyz\"\\"));
    assertEquals("it\\'s", FilterText.escape("it's"));
    assertEquals("plain (text) [ok]", FilterText.escape("plain (text) [ok]"));
  }

  @Test
  void escape_whenUsedInFilter_thenMatchesOriginalValue() {
    String value = "a \"quoted\" 'value' with \\ backslash";
    SessionFilter filter = SessionFilter.parse("Text is '" + FilterText.escape(value) + "'");
    assertEquals(new SessionFilter.Equals("Text", value), filter);
  }

  @Test
  void rolesToString_whenRoles_thenSortedQuotedCommaSeparated() {
    assertEquals("\"admin\",\"client\"", FilterText.rolesToString(List.of("client", "admin")));
    assertEquals("\"a\\\"b\"", FilterText.rolesToString(Set.of("a\"b")));
    assertEquals("", FilterText.rolesToString(Set.of()));
  }

  @Test
  void stringToRoles_whenCanonical_thenRoundTrips() {
    Set<String> roles = Set.of("admin", "client", "trading desk", "o'brien", "back\\slash");
    assertEquals(roles, FilterText.stringToRoles(FilterText.rolesToString(roles)));
  }

  @Test
  void stringToRoles_whenLenientForms_thenSameSet() {
    Set<String> expected = Set.of("admin", "client");
    assertEquals(expected, FilterText.stringToRoles("\"admin\",\"client\""));
    assertEquals(expected, FilterText.stringToRoles(" 'client' 'admin' "));
    assertEquals(expected, FilterText.stringToRoles("['client', \"admin\"]"));
    assertEquals(expected, FilterText.stringToRoles("\"admin\" , \"client\",\"admin\""));
  }

  @Test
  void stringToRoles_whenEmpty_thenEmptySet() {
    assertEquals(Set.of(), FilterText.stringToRoles(""));
    assertEquals(Set.of(), FilterText.stringToRoles("  "));
    assertEquals(Set.of(), FilterText.stringToRoles("[]"));
  }

  @Test
  void stringToRoles_whenMalformed_thenErrorNamesPosition() {
    assertMalformed("admin", "expected a quoted role at 0, found 'a'");
    assertMalformed("'a''b'", "expected ',' or whitespace between roles at 3, found '''");
    assertMalformed("'a',", "expected a quoted role after ',' at 4, found end of text");
    assertMalformed("'a',,'b'", "expected a quoted role at 4, found ','");
    assertMalformed("['a'", "expected ']' at 4, found end of text");
    assertMalformed("['a'] 'b'", "expected end of text at 6, found '''");
    assertMalformed(
        "'a", "unterminated string: expected a closing ' for the string at 0, found end of text");
    assertMalformed("'a\\n'", "unsupported escape at 2: only \\\", \\' and \\\\ are allowed");
  }

  private static void assertMalformed(String text, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FilterText.stringToRoles(text));
    assertEquals(message, e.getMessage());
  }
}
