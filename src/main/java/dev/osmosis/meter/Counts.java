package dev.osmosis.meter;

import java.util.concurrent.atomic.LongAdder;

/**
 * One striped counter per constant of an enum (a close reason, an authentication failure's reason):
 * {@link #increment} indexes an array, no map and no lock.
 */
public final class Counts<E extends Enum<E>> {
  private final E[] keys;
  private final LongAdder[] counts;

  public Counts(Class<E> type) {
    this.keys = type.getEnumConstants();
    this.counts = new LongAdder[keys.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  public void increment(E key) {
    counts[key.ordinal()].increment();
  }

  /** The count of {@code key} since start. */
  public long get(E key) {
    return counts[key.ordinal()].sum();
  }

  /** Every key's count together. */
  public long total() {
    long sum = 0;
    for (LongAdder count : counts) {
      sum += count.sum();
    }
    return sum;
  }

  /** The enum's constants, in order. */
  public E[] keys() {
    return keys.clone();
  }
}
