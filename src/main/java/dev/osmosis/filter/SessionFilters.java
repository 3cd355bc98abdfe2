package dev.osmosis.filter;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

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
  private final int capacity;
  private final ConcurrentHashMap<String, SessionFilter> cache;

  /** A cache of {@link #DEFAULT_CAPACITY} filters over a parser with the default limits. */
  public SessionFilters() {
    this(new SessionFilterParser(), DEFAULT_CAPACITY);
  }

  public SessionFilters(SessionFilterParser parser, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.parser = Objects.requireNonNull(parser, "parser");
    this.capacity = capacity;
    this.cache = new ConcurrentHashMap<>();
  }

  /**
   * Returns the compiled filter for {@code text}, parsing it on first use. Equal texts give the
   * same instance while it stays cached.
   *
   * @throws FilterSyntaxException if the text is not a valid filter
   */
  public SessionFilter compile(String text) {
    SessionFilter filter = cache.get(Objects.requireNonNull(text, "text"));
    if (filter != null) {
      return filter;
    }
    filter = parser.parse(text);
    if (cache.size() >= capacity) {
      evictOne();
    }
    SessionFilter raced = cache.putIfAbsent(text, filter);
    return raced != null ? raced : filter;
  }

  public int capacity() {
    return capacity;
  }

  /** Returns the number of cached filters. */
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
