package dev.osmosis.selector;

import dev.osmosis.cache.CompiledCache;
import java.util.Objects;

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
  private final CompiledCache<TopicSelector> cache;

  /** A cache of {@link #DEFAULT_CAPACITY} selectors over a parser with the default limits. */
  public TopicSelectors() {
    this(TopicSelectorParser.DEFAULT, DEFAULT_CAPACITY);
  }

  public TopicSelectors(TopicSelectorParser parser, int capacity) {
    this.parser = Objects.requireNonNull(parser, "parser");
    this.cache = new CompiledCache<>(parser::parse, capacity);
  }

  /**
   * Returns the compiled selector for {@code text}, parsing it on first use. Equal texts give the
   * same instance while it stays cached.
   *
   * @throws SelectorSyntaxException if the text is not a valid selector
   */
  public TopicSelector compile(String text) {
    return cache.compile(text);
  }


  public int capacity() {
    return cache.capacity();
  }

  /** Returns the number of cached entries. */
  public int size() {
    return cache.size();
  }
}
