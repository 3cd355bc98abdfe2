package dev.osmosis.selector;

import dev.osmosis.cache.CompiledCache;
import java.util.Objects;

/**
 * Compiled selectors cached by their text (docs/ARCHITECTURE.md, compile once), so a selector used
 * again (each subscribe, fetch or remove with the same text) is parsed and its regular expressions
 * compiled once. Bounded by estimated bytes ({@link #weight}): past {@link #capacity()} arbitrary
 * entries are evicted, so selectors of sessions long gone do not pin the heap. Text that fails to
 * parse is not cached. Thread-safe; lookups do not lock.
 */
public final class TopicSelectors {

  /** The default bound of the cache, in estimated bytes. */
  public static final int DEFAULT_CAPACITY_BYTES = SelectionLimits.defaults().compiledCacheBytes();

  /**
   * Estimated bytes of a compiled selector besides its text and regex programs (objects, cache
   * entry).
   */
  private static final int OVERHEAD = 160;

  /**
   * Estimated bytes of a compiled RE2/J pattern besides its program and of the matching machine it
   * keeps after a first match (measured: ~900).
   */
  private static final int PATTERN = 900;

  /** Estimated bytes per RE2/J program instruction (measured: 80 to 160, with the machine). */
  private static final int PER_INSTRUCTION = 96;

  private final TopicSelectorParser parser;
  private final CompiledCache<TopicSelector> cache;

  /** A cache of {@link #DEFAULT_CAPACITY_BYTES} over a parser with the default limits. */
  public TopicSelectors() {
    this(TopicSelectorParser.DEFAULT, DEFAULT_CAPACITY_BYTES);
  }

  /**
   * @param capacityBytes the cache's bound in estimated bytes ({@link #weight})
   */
  public TopicSelectors(TopicSelectorParser parser, long capacityBytes) {
    this.parser = Objects.requireNonNull(parser, "parser");
    this.cache =
        new CompiledCache<>(
            parser::parse,
            (text, selector) -> 2L * text.length() + weight(selector),
            capacityBytes);
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

  /**
   * The heap a compiled selector holds, estimated: its expression text (twice: the text and the
   * canonical expression), a fixed overhead per member, and for each regular expression its RE2/J
   * program. The selection budgets ({@link SelectionLimits}) and this cache's bound count in this
   * unit.
   */
  public static long weight(TopicSelector selector) {
    if (selector instanceof SingleSelector single) {
      return single.weight();
    }
    long weight = estimateBytes(selector.expression().length(), 0);
    for (TopicSelector member : selector.members()) {
      weight += ((SingleSelector) member).weight();
    }
    return weight;
  }

  static int estimateBytes(int expressionLength, int programSize) {
    long bytes =
        OVERHEAD
            + 2L * expressionLength
            + (programSize > 0 ? PATTERN + (long) PER_INSTRUCTION * programSize : 0);
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  /** The cache's bound, in estimated bytes. */
  public int capacity() {
    return cache.capacity();
  }

  /** Returns the number of cached entries. */
  public int size() {
    return cache.size();
  }

  /** Returns the cached entries' estimated bytes. */
  public long bytes() {
    return cache.weight();
  }
}
