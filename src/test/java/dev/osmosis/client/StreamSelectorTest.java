package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client-side selector matcher for value streams: every form and qualifier of TOPICS.md. */
class StreamSelectorTest {

  private static final List<String> PATHS =
      List.of("a", "a/b", "a/b/c", "a/b/c/d", "a/bc", "a/x/c", "b", "b/c", "x/b/c");

  /** The paths of {@link #PATHS} the selector matches. */
  private static List<String> matched(String selector) {
    StreamSelector compiled = StreamSelector.compile(selector);
    List<String> matched = new ArrayList<>();
    for (String path : PATHS) {
      if (compiled.matches(path)) {
        matched.add(path);
      }
    }
    return matched;
  }

  private static String error(String selector) {
    return assertThrows(IllegalArgumentException.class, () -> StreamSelector.compile(selector))
        .getMessage();
  }

  @Test
  void path_whenPrefixedUnprefixedOrLeadingSlash_thenExactlyThatPath() {
    assertEquals(List.of("a/b"), matched(">a/b"));
    assertEquals(List.of("a/b"), matched("a/b"));
    assertEquals(List.of("a/b"), matched("/a/b"));
    assertEquals(List.of("a/b"), matched(">/a/b"));
    assertEquals(List.of(), matched(">a/b/c/d/e"));
  }

  @Test
  void path_whenQualifiers_thenDescendantsOrBoth() {
    assertEquals(List.of("a/b/c", "a/b/c/d"), matched(">a/b/"));
    assertEquals(List.of("a/b", "a/b/c", "a/b/c/d"), matched(">a/b//"));
    assertEquals(List.of("a/b", "a/b/c", "a/b/c/d"), matched("a/b//"));
  }

  @Test
  void splitPath_whenRegexPerSegment_thenWholeSegmentsAndCount() {
    assertEquals(List.of("a/b/c", "a/x/c"), matched("?a/.*/c"));
    assertEquals(List.of("a/b", "a/bc"), matched("?a/b.*"));
    assertEquals(List.of("a/b"), matched("?a/b"), "a literal segment matches whole");
    assertEquals(List.of("a/b/c", "x/b/c"), matched("?./b/c"));
    assertEquals(List.of("a/b/c", "a/b/c/d", "a/x/c"), matched("?a/.*/"), "3+ segments");
    assertEquals(
        List.of("a/b", "a/b/c", "a/b/c/d", "a/bc", "a/x/c"), matched("?a/.*//"), "2+ segments");
    assertEquals(List.of("a/b/c", "a/x/c"), matched("?/a/.*/c"));
  }

  @Test
  void fullPath_whenRegex_thenWholePathAndQualifiers() {
    assertEquals(List.of("a/b", "a/b/c", "a/b/c/d", "a/bc"), matched("*a/b.*"));
    assertEquals(List.of("a/b/c", "x/b/c"), matched("*./b/c"));
    assertEquals(List.of("a/b/c", "a/b/c/d"), matched("*a/b/"), "descendants of a/b");
    assertEquals(List.of("a/b", "a/b/c", "a/b/c/d"), matched("*a/b//"));
    assertEquals(List.of("a/b", "a/b/c", "a/b/c/d", "a/x/c"), matched("*a/[bx]//"));
    assertEquals(
        List.of("a/b", "a/b/c", "a/b/c/d", "a/bc", "a/x/c"), matched("*a/"), "descendants of a");
    StreamSelector escaped = StreamSelector.compile("*a\\/");
    assertEquals(false, escaped.matches("a/b"), "\\/ at the end is a literal slash");
  }

  @Test
  void set_whenMembers_thenUnionAndQualifierBeforeSeparator() {
    assertEquals(List.of("a", "a/b/c", "a/x/c", "b"), matched("#a////?a/.*/c////>b"));
    assertEquals(
        List.of("a", "a/b", "a/b/c", "a/b/c/d", "a/bc", "a/x/c", "b"),
        matched("#a//////b"),
        "a//, then the separator, then b");
    assertEquals(List.of("a/b", "b/c"), matched("#>a/b////#b/c"), "nested sets are flattened");
  }

  @Test
  void compile_whenInvalid_thenErrorNamingPosition() {
    assertEquals("selector \"\" is empty (at 0)", error(""));
    assertEquals("selector \"$x\" uses the reserved prefix '$' (at 0)", error("$x"));
    assertEquals("selector \"#a////%b\" uses the reserved prefix '%' (at 6)", error("#a////%b"));
    error("&x");
    error("<x");
    assertEquals("selector \">a//b\" has an empty path segment (at 3)", error(">a//b"));
    assertEquals(
        "selector \">\" has no path: nothing can be selected at the root (at 1)", error(">"));
    assertEquals(
        "selector \"?a/[b\" has an invalid regular expression \"[b\": "
            + "Unclosed character class (at 4)",
        error("?a/[b"));
    assertEquals("selector \"*\" has an empty regular expression (at 1)", error("*"));
    assertEquals("selector \"#a////\" has an empty selector set member (at 6)", error("#a////"));
    assertThrows(NullPointerException.class, () -> StreamSelector.compile(null));
  }
}
