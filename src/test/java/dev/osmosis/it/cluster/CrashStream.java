package dev.osmosis.it.cluster;

import dev.osmosis.client.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PersistenceIT's stream before a {@code kill -9}: sets update number {@code n} (1, 2, 3, ...) as
 * the value of INT64 topic {@code prefix + n % count}, each awaited, from a thread of its own, and
 * records when each acknowledgement came (client clock, milliseconds) until the server dies.
 */
final class CrashStream {
  private final Session publisher;
  private final String prefix;
  private final int count;
  private final Thread thread;
  private volatile boolean running = true;

  /** Per topic: pairs of update number and acknowledgement time, in order; guarded by this. */
  private final List<List<long[]>> acks = new ArrayList<>();

  private final long[] sent;
  private long acknowledged;

  CrashStream(Session publisher, String prefix, int count) {
    this.publisher = publisher;
    this.prefix = prefix;
    this.count = count;
    this.sent = new long[count];
    for (int i = 0; i < count; i++) {
      acks.add(new ArrayList<>());
    }
    thread = new Thread(this::run, "crash-stream");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long n = 0;
    while (running) {
      n++;
      int topic = (int) (n % count);
      synchronized (this) {
        sent[topic] = n;
      }
      try {
        publisher.topicUpdate().set(prefix + topic, Long.class, n).get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        return; // the server is gone
      }
      long at = System.currentTimeMillis();
      synchronized (this) {
        acks.get(topic).add(new long[] {n, at});
        acknowledged++;
        notifyAll();
      }
    }
  }

  /** Waits until {@code updates} updates were acknowledged (at most 120 s). */
  synchronized void awaitAcknowledged(long updates) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (acknowledged < updates) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new AssertionError("only " + acknowledged + " updates acknowledged");
      }
      wait(left);
    }
  }

  void stop() throws InterruptedException {
    running = false;
    thread.join(60_000);
  }

  synchronized long acknowledged() {
    return acknowledged;
  }

  /** The last update of topic {@code i} sent (acknowledged or not). */
  synchronized long lastSent(int i) {
    return sent[i];
  }

  /** The highest update of topic {@code i} acknowledged at or before {@code millis}; else 0. */
  synchronized long lastAcknowledgedBefore(int i, long millis) {
    long last = 0;
    for (long[] ack : acks.get(i)) {
      if (ack[1] <= millis) {
        last = ack[0];
      }
    }
    return last;
  }

  /**
   * How much of topic {@code i}'s acknowledged history a restore to update {@code stored} lost: the
   * time between the acknowledgement of its newest acknowledged update before {@code killedAt} and
   * that of the first acknowledged update after {@code stored} (0 if none was lost).
   */
  synchronized long lostMillis(int i, long stored, long killedAt) {
    long firstLost = -1;
    long newest = -1;
    for (long[] ack : acks.get(i)) {
      if (ack[1] > killedAt) {
        break;
      }
      if (ack[0] > stored && firstLost < 0) {
        firstLost = ack[1];
      }
      newest = ack[1];
    }
    return firstLost < 0 ? 0 : newest - firstLost;
  }
}
