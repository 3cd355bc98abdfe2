package dev.osmosis.cache;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Compiled forms of texts (session filters, topic selectors) cached by their text (DESIGN.md §3 rule 4), so a
 * text used again is compiled once. Bounded: past the capacity an arbitrary entry is evicted — hash order is as
 * good as random here, and an LRU would cost a write on every hit. A text whose compilation throws is not cached.
 * Thread-safe; lookups do not lock.
 */
public final class CompiledCache<T> {
  private final Function<String, T> compiler;
  private final int capacity;
  private final ConcurrentHashMap<String, T> cache = new ConcurrentHashMap<>();

  public CompiledCache(Function<String, T> compiler, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.compiler = Objects.requireNonNull(compiler, "compiler");
    this.capacity = capacity;
  }

  /** The compiled form of {@code text}, compiled on first use; equal texts give the same instance while cached. */
  public T compile(String text) {
    T compiled = cache.get(Objects.requireNonNull(text, "text"));
    if (compiled != null) {
      return compiled;
    }
    compiled = compiler.apply(text);
    if (cache.size() >= capacity) {
      Iterator<String> keys = cache.keySet().iterator();
      if (keys.hasNext()) {
        keys.next();
        keys.remove();
      }
    }
    T raced = cache.putIfAbsent(text, compiled);
    return raced != null ? raced : compiled;
  }

  public int capacity() {
    return capacity;
  }

  public int size() {
    return cache.size();
  }
}
