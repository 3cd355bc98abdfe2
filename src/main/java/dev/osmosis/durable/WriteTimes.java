package dev.osmosis.durable;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long the journal's writes (one transaction each) took: a count per duration bucket, bucket
 * {@code i} holding the writes of at most {@link #upperMicros(int)} µs (the last one the rest), and
 * their total, wall-clock and the writing thread's CPU (what the write takes from the core the
 * fan-out shares, whatever else runs on the machine). Cumulative since start, so that a reader
 * sampling it twice gets the distribution of the writes in between (bench/persist-summary.sh: the
 * longest write and the 99th percentile per load step, to a factor of 2). One writer (the flusher),
 * any number of readers.
 */
final class WriteTimes {
  /** The first bucket's upper bound, µs; each next one doubles it. */
  static final long FIRST_MICROS = 125;

  /** Buckets: up to 125 µs, 250 µs, ... 64 ms, then longer. */
  static final int BUCKETS = 11;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final AtomicLongArray totals = new AtomicLongArray(3); // writes, µs, CPU µs
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  /** The upper bound of bucket {@code i}, µs; {@link Long#MAX_VALUE} for the last. */
  static long upperMicros(int i) {
    return i == BUCKETS - 1 ? Long.MAX_VALUE : FIRST_MICROS << i;
  }

  static int bucket(long micros) {
    int i = 0;
    while (i < BUCKETS - 1 && micros > upperMicros(i)) {
      i++;
    }
    return i;
  }

  /** The calling thread's CPU time, ns, or -1 where the JVM does not measure it. */
  long cpuNanos() {
    return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
  }

  /**
   * One write of {@code nanos} (wall-clock), {@code cpuNanos} of its thread's CPU (ignored if
   * negative).
   */
  void record(long nanos, long cpuNanos) {
    long micros = nanos / 1_000;
    counts.incrementAndGet(bucket(micros));
    totals.incrementAndGet(0);
    totals.addAndGet(1, micros);
    if (cpuNanos >= 0) {
      totals.addAndGet(2, cpuNanos / 1_000);
    }
  }

  long writes() {
    return totals.get(0);
  }

  long micros() {
    return totals.get(1);
  }

  long cpuMicros() {
    return totals.get(2);
  }

  long[] counts() {
    long[] copy = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      copy[i] = counts.get(i);
    }
    return copy;
  }
}
