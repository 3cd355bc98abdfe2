package dev.osmosis.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.wire.SelectorGrammar.Kind;
import dev.osmosis.wire.SelectorGrammar.Member;
import dev.osmosis.wire.SelectorGrammar.Qualifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The selector grammar both the server and the Java client read expressions with. */
class SelectorGrammarTest {

  /** Each member as KIND QUALIFIER body@start. */
  private static List<String> read(String text) {
    List<String> members = new ArrayList<>();
    SelectorGrammar.read(
        text,
        (Member m) ->
            members.add(m.kind() + " " + m.qualifier() + " " + m.body() + "@" + m.start()));
    return members;
  }

  @Test
  void read_whenOneMemberOfEachKind_thenKindQualifierAndBody() {
    assertEquals(List.of("PATH MATCH a/b@0"), read("a/b"));
    assertEquals(List.of("PATH MATCH a/b@0"), read(">/a/b"));
    assertEquals(List.of("PATH DESCENDANTS_OF_MATCH a/b@0"), read(">a/b/"));
    assertEquals(List.of("SPLIT_PATH MATCH_AND_DESCENDANTS a/.*@0"), read("?a/.*//"));
    assertEquals(List.of("FULL_PATH MATCH a/b.*@0"), read("*a/b.*"));
    assertEquals(List.of("FULL_PATH MATCH a\\/@0"), read("*a\\/"), "\\/ is no qualifier");
  }

  @Test
  void read_whenSet_thenMembersInOrderAndTrue() {
    List<String> members = new ArrayList<>();
    assertTrue(SelectorGrammar.read("#>a//////?b/.*////#*c", m -> members.add(m.body())));
    assertEquals(List.of("a", "b/.*", "c"), members, "qualifier before the separator; nested set");
    assertEquals("PATH MATCH_AND_DESCENDANTS a@1", read("#>a//////b").get(0));
    assertFalse(SelectorGrammar.read("a", m -> {}));
  }

  @Test
  void read_whenTheCallerRefusesAMember_thenStopsThere() {
    List<String> seen = new ArrayList<>();
    assertThrows(
        IllegalStateException.class,
        () ->
            SelectorGrammar.read(
                "#a////b////$c",
                m -> {
                  seen.add(m.body());
                  throw new IllegalStateException("no");
                }));
    assertEquals(List.of("a"), seen, "the later reserved prefix is never reached");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''| 0| is empty",
        "#>a////| 7| has an empty selector set member",
        "$a| 0| uses the reserved prefix '$'",
        "#a////%b| 6| uses the reserved prefix '%'",
        ">| 1| has no path: nothing can be selected at the root",
        "a//b| 2| has an empty path segment",
        "?a/b//c| 5| has an empty path segment",
        "*//| 1| has an empty regular expression"
      })
  void read_whenStructureIsWrong_thenProblemAndPosition(String text, int position, String problem) {
    SelectorGrammar.SyntaxError e =
        assertThrows(SelectorGrammar.SyntaxError.class, () -> SelectorGrammar.read(text, m -> {}));
    assertEquals(position, e.position());
    assertEquals(problem, e.problem());
    assertEquals("selector \"" + text + "\" " + problem + " (at " + position + ")", e.getMessage());
  }

  @Test
  void qualifier_whenSegmentsCounted_thenMatchDescendantsOrBoth() {
    assertTrue(Qualifier.MATCH.accepts(2, 2));
    assertFalse(Qualifier.MATCH.accepts(3, 2));
    assertFalse(Qualifier.DESCENDANTS_OF_MATCH.accepts(2, 2));
    assertTrue(Qualifier.DESCENDANTS_OF_MATCH.accepts(3, 2));
    assertTrue(Qualifier.MATCH_AND_DESCENDANTS.accepts(2, 2));
    assertFalse(Qualifier.MATCH_AND_DESCENDANTS.accepts(1, 2));
  }

  @Test
  void isLiteral_whenMetacharacters_thenFalse() {
    assertTrue(SelectorGrammar.isLiteral("abc-1_x"));
    assertFalse(SelectorGrammar.isLiteral("a.c"));
    assertFalse(SelectorGrammar.isLiteral("[ab]"));
    assertEquals(Kind.FULL_PATH, Kind.valueOf("FULL_PATH"));
  }
}
