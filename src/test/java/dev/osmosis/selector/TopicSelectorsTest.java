package dev.osmosis.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopicSelectorsTest {

  @Test
  void compile_whenSameText_thenSameInstance() {
    TopicSelectors selectors = new TopicSelectors();
    assertSame(selectors.compile("?a/.*"), selectors.compile("?a/.*"));
    assertEquals(1, selectors.size());
  }

  @Test
  void compile_whenFull_thenBoundedByEstimatedBytes() {
    long one = 2 * "a/0".length() + TopicSelectors.weight(TopicSelector.parse("a/0"));
    TopicSelectors selectors = new TopicSelectors(new TopicSelectorParser(), 3 * one);
    for (int i = 0; i < 10; i++) {
      selectors.compile("a/" + i);
    }
    assertEquals(3, selectors.size());
    assertEquals(3 * one, selectors.bytes());
  }

  @Test
  void compile_whenManyDistinctRegexSelectors_thenTheCacheStaysWithinItsBytes() {
    // ~120,000 distinct compiled patterns once stayed in a 4,096-entry cache whatever their size.
    TopicSelectors selectors = new TopicSelectors(new TopicSelectorParser(), 64 * 1024);
    for (int i = 0; i < 5_000; i++) {
      selectors.compile("*x" + i + "/(a|b)+[0-9]{1,5}.*");
    }
    assertTrue(selectors.bytes() <= 64 * 1024, "cache bytes " + selectors.bytes());
    assertTrue(selectors.size() > 0 && selectors.size() < 100, "cache entries " + selectors.size());
  }

  @Test
  void weight_whenRegexes_thenCountsTheirPrograms() {
    long path = TopicSelectors.weight(TopicSelector.parse(">a/b"));
    long regex = TopicSelectors.weight(TopicSelector.parse("*a/b.*"));
    long repeated = TopicSelectors.weight(TopicSelector.parse("*(ab){100}"));
    assertTrue(path < regex && regex < repeated, path + " < " + regex + " < " + repeated);
    assertTrue(repeated > 10_000, "a 100-fold repetition weighs its unrolled program: " + repeated);
    TopicSelector set = TopicSelector.parse("#a////*b.*");
    assertEquals(
        TopicSelectors.weight(set),
        TopicSelectors.weight(set.members().get(0))
            + TopicSelectors.weight(set.members().get(1))
            + 160
            + 2 * set.expression().length());
  }

  @Test
  void compile_whenHeavierThanTheWholeCache_thenCompiledButNotKept() {
    TopicSelectors selectors = new TopicSelectors(new TopicSelectorParser(), 100);
    TopicSelector selector = selectors.compile("*(ab){100}");
    assertTrue(selector.matches("ab".repeat(100)));
    assertEquals(0, selectors.size());
  }

  @Test
  void compile_whenInvalid_thenErrorAndNotCached() {
    TopicSelectors selectors = new TopicSelectors();
    assertThrows(SelectorSyntaxException.class, () -> selectors.compile("?["));
    assertEquals(0, selectors.size());
  }
}
