package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The client's copy of {@code dev.osmosis.filter.FilterText} must behave exactly like the
 * original: same outputs and same exceptions (type and message) on tricky inputs. (Tests may import
 * server classes; the architecture rule covers the client's main sources only.)
 */
class FilterTextCopyTest {

  static final List<String> TEXTS = List.of(
      "", " ", "  \t\n", "plain", "with space", "a,b", "\"", "'", "\\", "\\\\", "x\"y'z\\",
      "[", "]", "[]", "[ ]", "{}", "()", "é ☃ \uD83D\uDE00",
      "\"admin\",\"client\"", "'client' 'admin'", "['client', \"admin\"]", " [ 'a' ] ",
      "\"admin\" , \"client\",\"admin\"", "\"a\\\"b\"", "'o\\'brien'", "'back\\\\slash'",
      "\"\"", "''", "\"\",\"\"", "\"a b\",'c,d'", "'a''b'", "'a',", "'a',,'b'", "['a'", "['a'] 'b'",
      "'a", "\"a\\", "'a\\n'", "admin", "[,'a']", "['a',]", "'a']", "[[\"a\"]]", ",", "\"a\"\t\"b\"");

  static final List<List<String>> ROLE_SETS = List.of(
      List.of(), List.of(""), List.of("client", "admin"), List.of("a\"b", "c'd", "e\\f"),
      List.of("with space", "a,b", "[x]", "{y}"), List.of("B", "a", "A", "b"),
      List.of("\uD83D\uDE00", "é"));

  @Test
  void escape_whenTrickyInputs_thenSameAsServer() {
    for (String text : TEXTS) {
      assertSame(() -> dev.osmosis.filter.FilterText.escape(text),
          () -> Osmosis.escape(text), "escape(" + text + ")");
    }
  }

  @Test
  void stringToRoles_whenTrickyInputs_thenSameResultOrSameException() {
    for (String text : TEXTS) {
      assertSame(() -> new ArrayList<>(dev.osmosis.filter.FilterText.stringToRoles(text)),
          () -> new ArrayList<>(Osmosis.stringToRoles(text)), "stringToRoles(" + text + ")");
    }
  }

  @Test
  void rolesToString_whenTrickyRoles_thenSameAsServerAndRoundTrips() {
    List<List<String>> sets = new ArrayList<>(ROLE_SETS);
    for (String text : TEXTS) {
      sets.add(List.of(text, "x"));
    }
    for (List<String> roles : sets) {
      String canonical = Osmosis.rolesToString(roles);
      assertEquals(dev.osmosis.filter.FilterText.rolesToString(roles), canonical, roles.toString());
      assertEquals(Set.copyOf(roles), Osmosis.stringToRoles(canonical), canonical);
    }
  }

  @Test
  void utilities_whenNull_thenSameException() {
    assertSame(() -> dev.osmosis.filter.FilterText.escape(null), () -> Osmosis.escape(null), "escape");
    assertSame(() -> dev.osmosis.filter.FilterText.stringToRoles(null),
        () -> Osmosis.stringToRoles(null), "stringToRoles");
    assertSame(() -> dev.osmosis.filter.FilterText.rolesToString(null),
        () -> Osmosis.rolesToString(null), "rolesToString");
  }

  /** Both calls return equal values, or both throw the same exception type with the same message. */
  private static void assertSame(Callable<Object> server, Callable<Object> client, String what) {
    assertEquals(outcome(server), outcome(client), what);
  }

  private static String outcome(Callable<Object> call) {
    try {
      return "value " + call.call();
    } catch (Exception e) {
      return "thrown " + e.getClass().getName() + ": " + e.getMessage();
    }
  }
}
