package dev.osmosis.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osmosis.wire.ScriptStrings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The script language's strings as every writer quotes them, read back by the server's lexer. */
class ScriptQuotingTest {
  @Test
  void quotesAndBackslashesEscaped_andTheLexerReadsTheSameValueBack() {
    for (String value : List.of("", "plain", "say \"hi\"", "a\\b", "tab\tinside", "\\\"", "ü €")) {
      String quoted = ScriptStrings.quote(value, "the value");
      List<ScriptLexer.Token> tokens = ScriptLexer.tokens(quoted, 1);
      assertEquals(1, tokens.size(), quoted);
      assertEquals(value, tokens.get(0).text(), quoted);
    }
    assertEquals("\"say \\\"hi\\\"\"", ScriptStrings.quote("say \"hi\"", "x"));
  }

  @Test
  void lineBreaksRefused_namingWhat() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ScriptStrings.quote("eve\nremove principal \"admin\"", "the principal"));
    assertEquals("the principal must not contain a line break", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ScriptStrings.quote("a\rb", "x"));
    assertThrows(NullPointerException.class, () -> ScriptStrings.quote(null, "x"));
  }

  @Test
  void lists() {
    assertEquals("[]", ScriptStrings.list(List.of(), "roles"));
    assertEquals("[\"A\", \"B \\\"C\\\"\"]", ScriptStrings.list(List.of("A", "B \"C\""), "roles"));
  }
}
