package dev.osmosis.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TopicSelectorsTest {

  @Test
  void compile_whenSameText_thenSameInstance() {
    TopicSelectors selectors = new TopicSelectors();
    assertSame(selectors.compile("?a/.*"), selectors.compile("?a/.*"));
    assertEquals(1, selectors.size());
  }

  @Test
  void compile_whenFull_thenBounded() {
    TopicSelectors selectors = new TopicSelectors(new TopicSelectorParser(), 3);
    for (int i = 0; i < 10; i++) {
      selectors.compile("a/" + i);
    }
    assertEquals(3, selectors.size());
  }

  @Test
  void compile_whenInvalid_thenErrorAndNotCached() {
    TopicSelectors selectors = new TopicSelectors();
    assertThrows(SelectorSyntaxException.class, () -> selectors.compile("?[")); 
    assertEquals(0, selectors.size());
  }
}
