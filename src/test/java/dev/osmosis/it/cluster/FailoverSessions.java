package dev.osmosis.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.osmosis.client.Osmosis;
import dev.osmosis.client.ReconnectionStrategy;
import dev.osmosis.client.RetryStrategy;
import dev.osmosis.client.Session;
import dev.osmosis.client.TopicSpecification;
import dev.osmosis.client.TopicType;
import dev.osmosis.client.ValueStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ClusterIT's fail-over fixture (docs/RECONNECTION.md, fail-over): sequenced Java client sessions
 * opened on one node through {@link FailoverProxy}s (that node first, a survivor next), each
 * subscribed to a CONFLATION-off topic a publisher on a survivor updates at a steady rate, each
 * recording its values, its {@code reconnect} events (when) and whether it closed.
 */
final class FailoverSessions implements AutoCloseable {
  static final String TOPIC = "it/cluster/failover/stream";

  /** One subscriber. */
  static final class Subscriber {
    final Session session;
    final String id;
    final List<Long> values = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger reconnects = new AtomicInteger();

    /** The lostUpdates notices heard, as "after..sequence". */
    final List<String> lost = Collections.synchronizedList(new ArrayList<>());

    final AtomicLong reconnectedAt = new AtomicLong();
    volatile boolean closed;
    volatile String closeReason;

    Subscriber(Session session) {
      this.session = session;
      this.id = session.getSessionId().toString();
    }
  }

  final List<Subscriber> subscribers = Collections.synchronizedList(new ArrayList<>());
  private final List<FailoverProxy> proxies = new ArrayList<>();
  private final Session publisher;
  private final CounterStream stream;

  /**
   * Opens {@code count} sessions on {@code victim} and a publisher on the first survivor updating
   * {@link #TOPIC} every 20 ms. Half the sessions reach the victim through a {@link FailoverProxy}
   * (the victim, then the first survivor: a load balancer), half with a server list (the victim,
   * then the second survivor: {@code open(url1, url2)}).
   */
  FailoverSessions(ClusterNodes.Node victim, List<ClusterNodes.Node> survivors, int count)
      throws Exception {
    publisher =
        Osmosis.sessions()
            .initialRetryStrategy(new RetryStrategy(200, 2))
            .principal("control")
            .password("password")
            .open(survivors.get(0).ws());
    publisher
        .topicUpdate()
        .addAndSet(
            TOPIC,
            TopicSpecification.of(
                TopicType.INT64, java.util.Map.of("CONFLATION", "off", "HISTORY_SIZE", "1000")),
            Long.class,
            0L)
        .get(30, TimeUnit.SECONDS);
    proxies.add(new FailoverProxy(victim.httpPort(), survivors.get(0).httpPort()));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Subscriber>> opening = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        List<String> urls =
            i % 2 == 0 ? List.of(proxies.get(0).ws()) : List.of(victim.ws(), survivors.get(1).ws());
        opening.add(pool.submit(() -> subscriber(urls)));
      }
      for (Future<Subscriber> s : opening) {
        subscribers.add(s.get(120, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    stream = new CounterStream(publisher, TOPIC, "fail-over publisher");
    failedUpdates = stream.failed;
  }

  private static Subscriber subscriber(List<String> urls) throws Exception {
    Session session =
        Osmosis.sessions()
            .initialRetryStrategy(new RetryStrategy(200, 2))
            .reconnectionStrategy(ReconnectionStrategy.fixed(Duration.ofMillis(250)))
            .property("Team", "failover")
            .open(urls.get(0), urls.subList(1, urls.size()).toArray(new String[0]));
    Subscriber s = new Subscriber(session);
    session.addListener(
        (session1, from, to) -> {
          if (from == Session.State.RECOVERING_RECONNECT && to == Session.State.CONNECTED_ACTIVE) {
            s.reconnectedAt.compareAndSet(0, System.nanoTime());
            s.reconnects.incrementAndGet();
          } else if (to.isClosed()) {
            s.closeReason = String.valueOf(session1.getCloseReason().orElse(null));
            s.closed = true;
          }
        });
    session.addStream(
        TOPIC,
        Long.class,
        new ValueStream<Long>() {
          @Override
          public void onValue(String path, TopicSpecification spec, Long oldValue, Long value) {
            s.values.add(value);
          }

          @Override
          public void onLostUpdates(
              String path, TopicSpecification spec, long after, long sequence) {
            s.lost.add(after + ".." + sequence);
          }
        });
    session.select(TOPIC).get(60, TimeUnit.SECONDS);
    return s;
  }

  /** Updates the publisher saw fail (while the grid repaired itself after the kill). */
  final java.util.Set<Long> failedUpdates;

  /** The last value published so far. */
  long published() {
    return stream.published();
  }

  /** Stops the publisher; answers the last value published. */
  long stopPublishing() throws InterruptedException {
    return stream.stop();
  }

  /**
   * Waits until every subscriber received {@code last}; asserts every one's values only ever grow
   * (a value repeated once at the resume, as on a fresh subscription, is allowed) and answers how
   * many values the subscribers missed in all (gaps).
   */
  long awaitLast(long last, long deadlineNanos) throws InterruptedException {
    long missed = 0;
    for (Subscriber s : subscribers) {
      while (lastOf(s) != last && System.nanoTime() < deadlineNanos) {
        Thread.sleep(50);
      }
      assertEquals(last, lastOf(s), "session " + s.id + " got the last value");
      List<Long> values;
      synchronized (s.values) {
        values = new ArrayList<>(s.values);
      }
      for (int i = 1; i < values.size(); i++) {
        long before = values.get(i - 1);
        long value = values.get(i);
        if (value <= before) {
          int from = Math.max(0, i - 6);
          int to = Math.min(values.size(), i + 6);
          fail(
              "session "
                  + s.id
                  + ": "
                  + value
                  + " after "
                  + before
                  + " (values "
                  + from
                  + ".."
                  + (to - 1)
                  + " of "
                  + values.size()
                  + ": "
                  + values.subList(from, to)
                  + "; "
                  + s.reconnects.get()
                  + " reconnects, lostUpdates notices "
                  + s.lost
                  + ", closed: "
                  + s.closed
                  + (s.closed ? " " + s.closeReason : "")
                  + ")");
        }
        for (long lacking = before + 1; lacking < value; lacking++) {
          if (!failedUpdates.contains(lacking)) {
            missed++; // an update that was published and never arrived
          }
        }
      }
    }
    return missed;
  }

  private static long lastOf(Subscriber s) {
    synchronized (s.values) {
      return s.values.isEmpty() ? -1 : s.values.get(s.values.size() - 1);
    }
  }

  @Override
  public void close() {
    stream.halt();
    for (Subscriber s : subscribers) {
      s.session.close();
    }
    publisher.close();
    for (FailoverProxy proxy : proxies) {
      proxy.close();
    }
  }
}
