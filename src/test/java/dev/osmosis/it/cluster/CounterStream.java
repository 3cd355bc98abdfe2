package dev.osmosis.it.cluster;

import dev.osmosis.client.Session;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A publisher of ClusterIT's fail-over proofs: sets 1, 2, 3, ... on an INT64 topic, each update
 * awaited, then 20 ms, from a daemon thread of its own until stopped. An update the grid refuses
 * while it repairs itself after a kill is counted in {@link #failed} and printed; the next goes on.
 */
final class CounterStream {
  private final Session publisher;
  private final String topic;
  private final String name;
  private final AtomicLong published = new AtomicLong();
  private volatile boolean running = true;
  private final Thread thread;

  /** Updates the publisher saw fail (while the grid repaired itself after a kill). */
  final Set<Long> failed = ConcurrentHashMap.newKeySet();

  /** Starts updating {@code topic} through {@code publisher}; {@code name} names it in the log. */
  CounterStream(Session publisher, String topic, String name) {
    this.publisher = publisher;
    this.topic = topic;
    this.name = name;
    thread = new Thread(this::run, name.replace(' ', '-'));
    thread.setDaemon(true);
    thread.start();
  }

  /** The last value published so far. */
  long published() {
    return published.get();
  }

  /** Stops; waits for the update in flight (at most 30 s); answers the last value published. */
  long stop() throws InterruptedException {
    running = false;
    thread.join(30_000);
    return published.get();
  }

  /** Stops without waiting (closing). */
  void halt() {
    running = false;
  }

  private void run() {
    long n = 0;
    while (running) {
      try {
        publisher.topicUpdate().set(topic, Long.class, ++n).get(30, TimeUnit.SECONDS);
        published.set(n);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        failed.add(n);
        System.out.printf("ClusterIT: %s: update %d failed: %s%n", name, n, e);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
