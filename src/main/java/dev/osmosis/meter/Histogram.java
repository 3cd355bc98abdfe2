package dev.osmosis.meter;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram with fixed upper bounds (cumulative buckets as Prometheus reads them), a count, a sum
 * and the largest value: {@link #record} is a search over a short array and three striped adds, no
 * lock and no allocation (MicroProfile Metrics' Histogram and Timer in Payara take a lock and
 * allocate per update).
 */
public final class Histogram {
  private final long[] bounds;
  private final LongAdder[] buckets;
  private final LongAdder count = new LongAdder();
  private final LongAdder sum = new LongAdder();
  private final LongAccumulator max = new LongAccumulator(Math::max, 0);

  /**
   * @param bounds the buckets' inclusive upper bounds, ascending; a last bucket (+Inf) holds the
   *     values above them
   */
  public Histogram(long... bounds) {
    for (int i = 1; i < bounds.length; i++) {
      if (bounds[i] <= bounds[i - 1]) {
        throw new IllegalArgumentException(
            "bounds must ascend: " + java.util.Arrays.toString(bounds));
      }
    }
    this.bounds = bounds.clone();
    this.buckets = new LongAdder[bounds.length + 1];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  public void record(long value) {
    int i = 0;
    while (i < bounds.length && value > bounds[i]) {
      i++;
    }
    buckets[i].increment();
    count.increment();
    sum.add(value);
    max.accumulate(value);
  }

  /** The buckets' upper bounds (without the last, +Inf). */
  public long[] bounds() {
    return bounds.clone();
  }

  /**
   * Values recorded at or below {@code bounds()[index]} ({@code index == bounds().length}: all of
   * them), cumulative as Prometheus's {@code le} buckets.
   */
  public long cumulative(int index) {
    long total = 0;
    for (int i = 0; i <= index; i++) {
      total += buckets[i].sum();
    }
    return total;
  }

  public long count() {
    return count.sum();
  }

  public long sum() {
    return sum.sum();
  }

  /** The largest value recorded since start; 0 when none. */
  public long max() {
    return max.get();
  }
}
