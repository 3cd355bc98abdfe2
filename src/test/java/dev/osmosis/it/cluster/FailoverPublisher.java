package dev.osmosis.it.cluster;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ClusterIT's fail-over fixture for a publisher on the node that dies (docs/RECONNECTION.md,
 * fail-over): a sequenced Java client session on that node (its server list names a survivor next)
 * streams its counter into a CONFLATION-off topic with history, up to {@link #IN_FLIGHT} updates
 * unanswered at a time (so some are always processed but not yet recorded when the node dies); a
 * sequenced subscriber on each survivor records every value it receives.
 */
final class FailoverPublisher implements AutoCloseable {
  static final String TOPIC = "it/cluster/failover/published";
  static final String TEAM = "failover-publisher";
  static final int IN_FLIGHT = 32;

  final Session publisher;
  final String id;
  final List<Session> subscribers = new ArrayList<>();
  final List<List<Long>> received = new ArrayList<>();
  final AtomicInteger reconnects = new AtomicInteger();
  final AtomicLong reconnectedAt = new AtomicLong();
  volatile String closed;

  /** Updates whose answer was an error: value -> the error. */
  final Map<Long, String> failed = new ConcurrentHashMap<>();

  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean publishing = true;
  private final Thread thread;

  FailoverPublisher(ClusterNodes.Node victim, List<ClusterNodes.Node> survivors) throws Exception {
    publisher =
        Osmosis.sessions()
            .initialRetryStrategy(new RetryStrategy(200, 2))
            .reconnectionStrategy(ReconnectionStrategy.fixed(Duration.ofMillis(250)))
            .principal("control")
            .password("password")
            .property("Team", TEAM)
            .open(victim.ws(), survivors.get(survivors.size() - 1).ws());
    id = publisher.getSessionId().toString();
    publisher.addListener(
        (session, from, to) -> {
          if (from == Session.State.RECOVERING_RECONNECT && to == Session.State.CONNECTED_ACTIVE) {
            reconnectedAt.compareAndSet(0, System.nanoTime());
            reconnects.incrementAndGet();
          } else if (to.isClosed()) {
            closed = String.valueOf(session.getCloseReason().orElse(null));
          }
        });
    publisher
        .topicUpdate()
        .addAndSet(
            TOPIC,
            TopicSpecification.of(
                TopicType.INT64, Map.of("CONFLATION", "off", "HISTORY_SIZE", "1000")),
            Long.class,
            0L)
        .get(30, TimeUnit.SECONDS);
    for (ClusterNodes.Node node : survivors) {
      Session s =
          Osmosis.sessions()
              .initialRetryStrategy(new RetryStrategy(200, 2))
              .principal("client")
              .password("password")
              .open(node.ws());
      List<Long> values = Collections.synchronizedList(new ArrayList<>());
      s.addStream(
          TOPIC,
          Long.class,
          new ValueStream<Long>() {
            @Override
            public void onValue(String path, TopicSpecification spec, Long oldValue, Long value) {
              values.add(value);
            }
          });
      s.select(TOPIC).get(60, TimeUnit.SECONDS);
      subscribers.add(s);
      received.add(values);
    }
    thread = new Thread(this::publish, "failover-victim-publisher");
    thread.setDaemon(true);
    thread.start();
  }

  private void publish() {
    long n = 0;
    try {
      while (publishing) {
        inFlight.acquire();
        long value = ++n;
        publisher
            .topicUpdate()
            .set(TOPIC, Long.class, value)
            .whenComplete(
                (ok, error) -> {
                  if (error != null) {
                    failed.put(value, error.toString());
                  }
                  inFlight.release();
                });
        sent.set(value);
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops publishing and waits until every update sent was answered; answers the last value sent.
   */
  long stop(long deadlineNanos) throws InterruptedException {
    publishing = false;
    thread.join(30_000);
    long left = Math.max(1, deadlineNanos - System.nanoTime());
    if (!inFlight.tryAcquire(IN_FLIGHT, left, TimeUnit.NANOSECONDS)) {
      throw new AssertionError(
          (IN_FLIGHT - inFlight.availablePermits()) + " updates never answered");
    }
    return sent.get();
  }

  /** What subscriber {@code i} received so far. */
  List<Long> values(int i) {
    synchronized (received.get(i)) {
      return new ArrayList<>(received.get(i));
    }
  }

  @Override
  public void close() {
    publishing = false;
    for (Session s : subscribers) {
      s.close();
    }
    publisher.close();
  }
}
