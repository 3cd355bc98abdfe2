package dev.osmosis.filter;

import dev.osmosis.cache.CompiledCache;
import java.util.Objects;

/**
 * Compiled filters cached by their text, so a filter used again (every message to a filter, every
 * admin query) is parsed once. Bounded: past {@link #capacity()} an arbitrary entry is evicted,
 * which is enough for a cache whose misses cost a parse of at most {@link
 * SessionFilterParser#maxLength()} characters. Text that fails to parse is not cached. Thread-safe;
 * lookups do not lock.
 */
public final class SessionFilters {

  /** The default number of cached filters. */
  public static final int DEFAULT_CAPACITY = 2048;

  private final SessionFilterParser parser;
  private final CompiledCache<SessionFilter> cache;

  /** A cache of {@link #DEFAULT_CAPACITY} filters over a parser with the default limits. */
  public SessionFilters() {
    this(new SessionFilterParser(), DEFAULT_CAPACITY);
  }

  public SessionFilters(SessionFilterParser parser, int capacity) {
    this.parser = Objects.requireNonNull(parser, "parser");
    this.cache = new CompiledCache<>(parser::parse, capacity);
  }

  /**
   * Returns the compiled filter for {@code text}, parsing it on first use. Equal texts give the
   * same instance while it stays cached.
   *
   * @throws FilterSyntaxException if the text is not a valid filter
   */
  public SessionFilter compile(String text) {
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
