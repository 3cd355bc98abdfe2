package dev.osmosis.selector;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled selectors cached by their text (DESIGN.md §3 rule 4), so a selector used again (each
 * subscribe, fetch or remove with the same text) is parsed and its regular expressions compiled
 * once. Bounded like {@code filter.SessionFilters}: past {@link #capacity()} an arbitrary entry is
 * evicted. Text that fails to parse is not cached. Thread-safe; lookups do not lock.
 */
public final class TopicSelectors {

  /** The default number of cached selectors. */
  public static final int DEFAULT_CAPACITY = 4096;

  private final TopicSelectorParser parser;
  private final int capacity;
  private final ConcurrentHashMap<String, TopicSelector> cache = new ConcurrentHashMap<>();

  /** A cache of {@link #DEFAULT_CAPACITY} selectors over a parser with the default limits. */
  public TopicSelectors() {
    this(TopicSelectorParser.DEFAULT, DEFAULT_CAPACITY);
  }

  public TopicSelectors(TopicSelectorParser parser, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.parser = Objects.requireNonNull(parser, "parser");
    this.capacity = capacity;
  }

  /**
   * Returns the compiled selector for {@code text}, parsing it on first use. Equal texts give the
   * same instance while it stays cached.
   *
   * @throws SelectorSyntaxException if the text is not a valid selector
   */
  public TopicSelector compile(String text) {
    TopicSelector selector = cache.get(Objects.requireNonNull(text, "text"));
    if (selector != null) {
      return selector;
    }
    selector = parser.parse(text);
    if (cache.size() >= capacity) {
      evictOne();
    }
    TopicSelector raced = cache.putIfAbsent(text, selector);
    return raced != null ? raced : selector;
  }

  public int capacity() {
    return capacity;
  }

  /** Returns the number of cached selectors. */
  public int size() {
    return cache.size();
  }

  private void evictOne() {
    // Hash order is as good as random here; an LRU would cost a write on every hit.
    Iterator<String> keys = cache.keySet().iterator();
    if (keys.hasNext()) {
      keys.next();
      keys.remove();
    }
  }
}
