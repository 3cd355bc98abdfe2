package dev.osmosis.cache;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongBiFunction;

/**
 * Compiled forms of texts (session filters, topic selectors) cached by their text
 * (docs/ARCHITECTURE.md, compile once), so a text used again is compiled once. Bounded by weight:
 * each entry weighs what the weigher says (1 by default, so the bound is a number of entries; the
 * selectors' cache weighs estimated bytes), and past the bound arbitrary entries are evicted until
 * the cache is within it again — hash order is as good as random here, and an LRU would cost a
 * write on every hit. An entry heavier than the whole bound is returned but not kept. A text whose
 * compilation throws is not cached. Thread-safe; lookups do not lock; the total weight may pass the
 * bound briefly while concurrent misses evict.
 */
public final class CompiledCache<T> {
  private record Weighed<T>(T compiled, long weight) {}

  private final Function<String, T> compiler;
  private final ToLongBiFunction<String, T> weigher;
  private final long capacity;
  private final ConcurrentHashMap<String, Weighed<T>> cache = new ConcurrentHashMap<>();
  private final AtomicLong weight = new AtomicLong();

  /** A cache of at most {@code capacity} entries. */
  public CompiledCache(Function<String, T> compiler, int capacity) {
    this(compiler, (text, compiled) -> 1, capacity);
  }

  /**
   * A cache whose entries together weigh at most {@code capacity} as {@code weigher} weighs them.
   */
  public CompiledCache(
      Function<String, T> compiler, ToLongBiFunction<String, T> weigher, long capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.compiler = Objects.requireNonNull(compiler, "compiler");
    this.weigher = Objects.requireNonNull(weigher, "weigher");
    this.capacity = capacity;
  }

  /**
   * The compiled form of {@code text}, compiled on first use; equal texts give the same instance
   * while cached.
   */
  public T compile(String text) {
    Weighed<T> cached = cache.get(Objects.requireNonNull(text, "text"));
    if (cached != null) {
      return cached.compiled;
    }
    T compiled = compiler.apply(text);
    long w = Math.max(1, weigher.applyAsLong(text, compiled));
    if (w > capacity) {
      return compiled;
    }
    Iterator<String> keys = cache.keySet().iterator();
    while (weight.get() + w > capacity && keys.hasNext()) {
      Weighed<T> evicted = cache.remove(keys.next());
      if (evicted != null) {
        weight.addAndGet(-evicted.weight);
      }
    }
    Weighed<T> entry = new Weighed<>(compiled, w);
    Weighed<T> raced = cache.putIfAbsent(text, entry);
    if (raced != null) {
      return raced.compiled;
    }
    weight.addAndGet(w);
    return compiled;
  }

  /** The bound, in the weigher's unit (entries by default), capped at {@code Integer.MAX_VALUE}. */
  public int capacity() {
    return (int) Math.min(Integer.MAX_VALUE, capacity);
  }

  /** The cached entries' weight. */
  public long weight() {
    return weight.get();
  }

  public int size() {
    return cache.size();
  }
}
