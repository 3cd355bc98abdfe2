package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.osmosis.selector.TopicSelector;
import dev.osmosis.selector.TopicSelectors;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JDK-only client evaluates stream selectors with its own copy of the selector language ({@link
 * StreamSelector}); the server has {@code dev.osmosis.selector}. Both must agree on every form, or
 * a stream would miss values the server sent for a selection (or take values meant for another
 * stream).
 */
class StreamSelectorCopyTest {
  static final List<String> SELECTORS =
      List.of(
          "a/b",
          ">a/b",
          ">a/b/",
          ">a/b//",
          "a//",
          "/a/b/",
          "?a/.*",
          "?a/.*/",
          "?a/.*//",
          "?a/b+/c",
          "?.*",
          "?a/[bc]/d",
          "*a/.*",
          "*a/b.*",
          "*.*",
          "*a/b//",
          "*a/b/",
          "*(?i)A/B",
          "#a/b////?c/.*",
          "#>x//////y",
          "#*a/.*////b/c//");
  static final List<String> PATHS =
      List.of(
          "a",
          "a/b",
          "a/b/c",
          "a/b/c/d",
          "a/bb",
          "a/bc",
          "a/bbb/c",
          "a/c/d",
          "a/d/d",
          "A/B",
          "b",
          "b/c",
          "c/x",
          "c/x/y",
          "x",
          "x/y",
          "y",
          "ab",
          "a/b/x/y/z");

  @Test
  void matches_whenEverySelectorAndPath_thenClientAndServerAgree() {
    TopicSelectors server = new TopicSelectors();
    for (String text : SELECTORS) {
      TopicSelector serverSelector = server.compile(text);
      StreamSelector clientSelector = StreamSelector.compile(text);
      for (String path : PATHS) {
        assertEquals(
            serverSelector.matches(path), clientSelector.matches(path), text + " on " + path);
      }
    }
  }
}
