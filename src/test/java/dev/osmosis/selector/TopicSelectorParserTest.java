package dev.osmosis.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicSelectorParserTest {

  private static final List<String> PATHS =
      List.of("a", "a/b", "a/b/c", "a/b/c/d", "a/bc", "a/x", "ab", "b", "b/c", "x/y/z");

  private static String select(String expression) {
    TopicSelector selector = TopicSelector.parse(expression);
    return PATHS.stream().filter(selector::matches).collect(Collectors.joining(" "));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        // path selectors: no prefix, '>', leading slash, and the qualifiers
        "a/b         ; a/b",
        ">a/b        ; a/b",
        "/a/b        ; a/b",
        ">/a/b       ; a/b",
        ">a/b/       ; a/b/c a/b/c/d",
        ">a/b//      ; a/b a/b/c a/b/c/d",
        "a//         ; a a/b a/b/c a/b/c/d a/bc a/x",
        "a/          ; a/b a/b/c a/b/c/d a/bc a/x",
        ">a/b/c/d/e  ; ''",
        // split-path: a whole-segment regex per level, exactly that many segments
        "?a/.*       ; a/b a/bc a/x",
        "?a/b.*      ; a/b a/bc",
        "?a/b        ; a/b",
        "?.*         ; a ab b",
        "?a/b/       ; a/b/c a/b/c/d",
        "?a/.*//     ; a/b a/b/c a/b/c/d a/bc a/x",
        "?a/.*/      ; a/b/c a/b/c/d",
        "?/a/[bx]    ; a/b a/x",
        "?a/c        ; ''",
        "?.*/.*/.*   ; a/b/c x/y/z",
        // full path: one regex over the whole path
        "*a/.*       ; a/b a/b/c a/b/c/d a/bc a/x",
        "*a/b.*      ; a/b a/b/c a/b/c/d a/bc",
        "*.*c        ; a/b/c a/bc b/c",
        "*a/b        ; a/b",
        "*a/b/       ; a/b/c a/b/c/d",
        "*a/b//      ; a/b a/b/c a/b/c/d",
        "*.*/c//     ; a/b/c a/b/c/d b/c",
        "*a|b        ; a b",
        // selector sets: the union
        "#a////b     ; a b",
        "#>a/b////?x/.*/z////*ab ; a/b ab x/y/z",
        "#a/b////#b/c ; a/b b/c",
      })
  void matches_whenEachForm_thenSelectsExactly(String expression, String expected) {
    assertEquals(expected, select(expression), expression);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "a/b            ; >a/b",
        "/a/b//         ; >a/b//",
        "?/a/.*/        ; ?a/.*/",
        "*a.*           ; *a.*",
        "#a////#b////?c ; #>a////>b////?c",
        "#a////a        ; #>a",
      })
  void expression_whenParsed_thenCanonical(String text, String expected) {
    assertEquals(expected, TopicSelector.parse(text).expression());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "a/b/c          ; a/b/c",
        ">a/b/          ; a/b",
        "?foo/bar/baz/.*/bing ; foo/bar/baz",
        "?a/b           ; a/b",
        "?.*/b          ; ''",
        "?a.b/c         ; ''",
        "*a/b/c.*       ; a/b",
        "*a/b/.*        ; a/b",
        "*a/b           ; a/b",
        "*a/bc?         ; a",
        "*a/b/c*        ; a/b",
        "*a/b{2}/c      ; a",
        "*a/b|c/d       ; ''",
        "*(?i)a/b       ; ''",
        "*.*            ; ''",
        "*a/\\d+        ; a",
        "*a//b          ; ''",
        "#a/b/c////a/b/d ; a/b",
        "#a/b////a/bc   ; a",
        "#a////b        ; ''",
      })
  void literalPrefix_whenParsed_thenLongestLiteralSegments(String text, String expected) {
    assertEquals(expected, TopicSelector.parse(text).literalPrefix(), text);
  }

  @Test
  void literalPrefix_whenFullPathMatches_thenEveryMatchIsUnderIt() {
    TopicSelector s = TopicSelector.parse("*a/bc?");
    assertTrue(s.matches("a/b"));
    assertTrue(s.matches("a/bc"));
    assertEquals("a", s.literalPrefix());
  }

  @ParameterizedTest
  @ValueSource(strings = {"$a", "%a", "&a", "<a", "#a////$b"})
  void parse_whenReservedPrefix_thenError(String text) {
    SelectorSyntaxException e =
        assertThrows(SelectorSyntaxException.class, () -> TopicSelector.parse(text));
    assertTrue(e.getMessage().contains("reserved prefix"), e.getMessage());
  }

  @Test
  void parse_whenReservedPrefix_thenNamesPrefixAndPosition() {
    SelectorSyntaxException e =
        assertThrows(SelectorSyntaxException.class, () -> TopicSelector.parse("#a////$b"));
    assertEquals("selector \"#a////$b\" uses the reserved prefix '$' (at 6)", e.getMessage());
    assertEquals(6, e.position());
  }

  @Test
  void parse_whenBadRegex_thenNamesSelectorAndPosition() {
    SelectorSyntaxException e =
        assertThrows(SelectorSyntaxException.class, () -> TopicSelector.parse("?a/[b"));
    assertEquals(
        "selector \"?a/[b\" has an invalid regular expression \"[b\": missing closing ] (at 3)",
        e.getMessage());
    SelectorSyntaxException full =
        assertThrows(SelectorSyntaxException.class, () -> TopicSelector.parse("*a/(b"));
    assertTrue(full.getMessage().contains("invalid regular expression \"a/(b\""));
    assertThrows(SelectorSyntaxException.class, () -> TopicSelector.parse("#a////*x**+"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", ">", "/", ">//", "a//b", "?a//b", "?", "*", "*//", "#", "#a////", "#////a", ">a///"
      })
  void parse_whenEmptyPartOrPath_thenError(String text) {
    assertThrows(SelectorSyntaxException.class, () -> TopicSelector.parse(text));
  }

  @Test
  void parse_whenTooLongOrTooManyMembers_thenError() {
    TopicSelectorParser parser = new TopicSelectorParser(20, 2);
    SelectorSyntaxException e =
        assertThrows(SelectorSyntaxException.class, () -> parser.parse("a/" + "b".repeat(30)));
    assertTrue(e.getMessage().contains("too long: 32 characters, the limit is 20"));
    assertThrows(SelectorSyntaxException.class, () -> parser.parse("#a////b////c"));
    assertEquals(2, parser.parse("#a////b").members().size());
  }

  @Test
  void parse_whenEscapedSlashEndsFullPath_thenNotAQualifier() {
    TopicSelector s = TopicSelector.parse("*a\\/");
    assertEquals(TopicSelector.Type.FULL_PATH_PATTERN, s.type());
    assertFalse(s.matches("a/b"));
  }

  @Test
  void equals_whenSameCanonicalExpression_thenEqual() {
    assertEquals(TopicSelector.parse("a/b"), TopicSelector.parse(">/a/b"));
    assertNotEquals(TopicSelector.parse("a/b"), TopicSelector.parse("a/b/"));
    assertNotEquals(TopicSelector.parse("?a"), TopicSelector.parse("a"));
  }

  @Test
  void members_whenSet_thenFlattenedNonSets() {
    TopicSelector s = TopicSelector.parse("#a////#?b/.*////*c");
    assertEquals(TopicSelector.Type.SELECTOR_SET, s.type());
    assertEquals(
        List.of(">a", "?b/.*", "*c"),
        s.members().stream().map(TopicSelector::expression).collect(Collectors.toList()));
    TopicSelector path = TopicSelector.parse("a");
    assertEquals(List.of(path), path.members());
  }

  @Test
  void parse_whenSetMemberHasQualifier_thenLastFourSlashesSeparate() {
    assertEquals("#>a//////>b", TopicSelector.parse("#a//////b").expression());
    assertEquals("#>a/////>b", TopicSelector.parse("#a/////b").expression());
    assertEquals(
        "#>a//////?c/.*/",
        TopicSelector.parse("#" + TopicSelector.parse("a//") + "////?c/.*/").expression());
    assertThrows(SelectorSyntaxException.class, () -> TopicSelector.parse("#a///////b"));
  }

  @Test
  void matches_whenCaseDiffers_thenNoMatch() {
    assertFalse(TopicSelector.parse("A/b").matches("a/b"));
    assertTrue(TopicSelector.parse("?(?i)A/b").matches("a/b"));
  }
}
