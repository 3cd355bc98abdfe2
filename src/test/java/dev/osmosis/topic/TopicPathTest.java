package dev.osmosis.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicPathTest {

  @ParameterizedTest
  @CsvSource({"a,a", "/a,a", "a/,a", "/a/b/,a/b", "A/b c/é,A/b c/é", "a.b/*/?,a.b/*/?"})
  void canonical_whenValid_thenStripsOneLeadingAndTrailingSlash(String text, String expected) {
    assertEquals(expected, TopicPath.canonical(text));
  }

  @Test
  void canonical_whenAlreadyCanonical_thenReturnsSameInstance() {
    String path = "a/b/c";
    assertSame(path, TopicPath.canonical(path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "//", "a//b", "//a", "a//", "/a//b/"})
  void canonical_whenEmptyOrEmptySegment_thenInvalid(String text) {
    InvalidTopicPathException e =
        assertThrows(InvalidTopicPathException.class, () -> TopicPath.canonical(text));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void canonical_whenEmptySegment_thenNamesPosition() {
    InvalidTopicPathException e =
        assertThrows(InvalidTopicPathException.class, () -> TopicPath.canonical("a//b"));
    assertEquals("topic path \"a//b\" has an empty segment at 2", e.getMessage());
  }

  @Test
  void canonical_whenTooLong_thenInvalid() {
    String path = "x".repeat(TopicPath.MAX_LENGTH + 1);
    InvalidTopicPathException e =
        assertThrows(InvalidTopicPathException.class, () -> TopicPath.canonical(path));
    assertTrue(e.getMessage().contains("too long: 1025 characters, the limit is 1024"));
    assertEquals(TopicPath.MAX_LENGTH, TopicPath.canonical("/" + "x".repeat(1024) + "/").length());
  }

  @Test
  void canonical_whenTooDeep_thenInvalid() {
    String ok = String.join("/", java.util.Collections.nCopies(TopicPath.MAX_DEPTH, "a"));
    assertEquals(ok, TopicPath.canonical(ok));
    InvalidTopicPathException e =
        assertThrows(InvalidTopicPathException.class, () -> TopicPath.canonical(ok + "/a"));
    assertTrue(e.getMessage().contains("too deep: 65 segments"), e.getMessage());
  }

  @Test
  void segments_whenPath_thenInOrderAndCaseSensitive() {
    assertEquals(List.of("A", "b", "C"), TopicPath.of("/A/b/C").segments());
    assertFalse(TopicPath.of("a/B").equals(TopicPath.of("a/b")));
    assertEquals(TopicPath.of("a/b"), TopicPath.of("/a/b/"));
  }

  @Test
  void isPrefix_whenSegmentBoundary_thenTrue() {
    assertTrue(TopicPath.isPrefix("", "a/b"));
    assertTrue(TopicPath.isPrefix("a", "a/b"));
    assertTrue(TopicPath.isPrefix("a/b", "a/b"));
    assertFalse(TopicPath.isPrefix("a/b", "a/bc"));
    assertFalse(TopicPath.isPrefix("a/b/c", "a/b"));
    assertTrue(TopicPath.of("a/b/c").startsWith("a/b"));
  }
}
