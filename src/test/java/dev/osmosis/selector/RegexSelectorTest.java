package dev.osmosis.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regular expressions in selectors run on a linear-time engine (RE2/J): a pattern that backtracks
 * exponentially in java.util.regex completes, and what the engine cannot run in linear time is
 * refused when parsed.
 */
class RegexSelectorTest {

  /**
   * A hang guard only (the old engine never finished): the assertions are on outcomes, not on time.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void matches_whenCatastrophicBacktrackingPattern_thenCompletesWithTheRightAnswer() {
    TopicSelector selector = TopicSelector.parse("*(.*){1,20}X");
    String noX = "a".repeat(60);
    assertFalse(selector.matches(noX));
    assertFalse(selector.matches(noX + "/" + noX + "/" + noX));
    assertTrue(selector.matches(noX + "/X"));
    TopicSelector split = TopicSelector.parse("?(a|aa)*b/c");
    assertFalse(split.matches("a".repeat(200) + "/c"));
    assertTrue(split.matches("aaab/c"));
  }

  @Test
  void parse_whenTheIssuesPattern_thenAcceptedAndLinear() {
    assertEquals(21, TopicSelectorParser.expansion("*(.*){1,20}X", "(.*){1,20}X", 1));
  }

  @Test
  void parse_whenNestedCountedRepetitionsExpandTooFar_thenRefusedBeforeCompiling() {
    // RE2 unrolls counted repetitions: compiling this one would take the whole heap
    SelectorSyntaxException e =
        assertThrows(
            SelectorSyntaxException.class, () -> TopicSelector.parse("*(((a{1000}){1000}){1000})"));
    assertEquals(
        "selector \"*(((a{1000}){1000}){1000})\" has a regular expression \"(((a{1000}){1000}){1000})\""
            + " whose repetitions expand to more than 1000 (nested counted repetitions) (at 1)",
        e.getMessage());
    assertThrows(SelectorSyntaxException.class, () -> TopicSelector.parse("?a/(x{100}){11}"));
    assertTrue(TopicSelector.parse("?a/(x{100}){10}").matches("a/" + "x".repeat(1000)));
  }

  @Test
  void parse_whenBacktrackingOnlyConstructs_thenRefusedNamingThem() {
    SelectorSyntaxException lookahead =
        assertThrows(SelectorSyntaxException.class, () -> TopicSelector.parse("*a(?=b)"));
    assertEquals(
        "selector \"*a(?=b)\" has an invalid regular expression \"a(?=b)\": invalid or unsupported Perl"
            + " syntax \"(?=\"; selectors use RE2 syntax, without backreferences, lookaround, possessive quantifiers or"
            + " Java's \\p{javaX}/POSIX \\p{Alpha} classes (at 2)",
        lookahead.getMessage());
    assertEquals(2, lookahead.position());
    assertThrows(SelectorSyntaxException.class, () -> TopicSelector.parse("*(a)\\1"));
    assertThrows(SelectorSyntaxException.class, () -> TopicSelector.parse("?a/x*+"));
    assertThrows(SelectorSyntaxException.class, () -> TopicSelector.parse("*a)"));
  }

  @Test
  void parse_whenJavaClassSyntaxRe2WouldReadDifferently_thenRefused() {
    SelectorSyntaxException intersection =
        assertThrows(SelectorSyntaxException.class, () -> TopicSelector.parse("?a/[a-z&&[^b]]"));
    assertTrue(
        intersection.getMessage().contains("uses '&&' in a character class"),
        intersection.getMessage());
    SelectorSyntaxException union =
        assertThrows(SelectorSyntaxException.class, () -> TopicSelector.parse("*[a[b]]"));
    assertTrue(
        union.getMessage().contains("a character class inside a character class"),
        union.getMessage());
    assertEquals(3, union.position());
    assertTrue(TopicSelector.parse("*[[:alpha:]]+").matches("abc"), "POSIX classes are RE2's own");
    assertTrue(TopicSelector.parse("*[\\[x]").matches("["));
  }

  @Test
  void matches_whenQualifiersAndSegments_thenSameAnswersAsBefore() {
    assertTrue(TopicSelector.parse("*a/b.*/").matches("a/bc/d"));
    assertFalse(TopicSelector.parse("*a/b.*/").matches("a/bc"));
    assertTrue(TopicSelector.parse("*a/b.*//").matches("a/bc"));
    assertTrue(TopicSelector.parse("?a/b.*/c").matches("a/bx/c"));
    assertFalse(TopicSelector.parse("?a/b.*/c").matches("a/xb/c"));
    assertTrue(TopicSelector.parse("?a/(?i)B").matches("a/b"));
  }
}
