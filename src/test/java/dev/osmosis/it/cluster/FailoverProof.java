package dev.osmosis.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.client.Osmosis;
import dev.osmosis.client.ReconnectionStrategy;
import dev.osmosis.client.RetryStrategy;
import dev.osmosis.client.Session;
import dev.osmosis.client.SessionId;
import dev.osmosis.client.SessionPropertiesListener;
import dev.osmosis.client.TopicSpecification;
import dev.osmosis.client.TopicType;
import dev.osmosis.client.ValueStream;
import dev.osmosis.wire.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * More of ClusterIT's fail-over proof (docs/RECONNECTION.md, fail-over), next to {@link
 * FailoverSessions}: a CONFLATION-off topic without history ({@link #NO_HISTORY}) that a publisher
 * on a survivor updates every 20 ms, and sequenced Java sessions on the victim subscribed to it,
 * each through a {@link FailoverProxy} that keeps it away after it lost its node until {@link
 * #release} (updates are published meanwhile): resumed, each must hear the lost-updates notice,
 * then the current value. Also a session that comes back only after its recovery window ({@link
 * #late}), and a session properties listener on the first survivor ({@link #heard}).
 */
final class FailoverProof implements AutoCloseable {
  static final String NO_HISTORY = "it/cluster/failover/no-history";

  /** How long the subscribers wait before their first reconnect attempt. */
  static final Duration AWAY = Duration.ofSeconds(3);

  /** A subscriber of {@link #NO_HISTORY}: its events ({@link #value}, {@link #lost}). */
  static final class Subscriber {
    final Session session;
    final String id;
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger reconnects = new AtomicInteger();
    volatile String closeReason;

    Subscriber(Session session) {
      this.session = session;
      this.id = session.getSessionId().toString();
    }
  }

  final List<Subscriber> subscribers = new ArrayList<>();

  /**
   * A session on the victim with a recovery window of 1 s, through a proxy (the victim, then the
   * first survivor) that keeps its connection open and silent when the victim dies: the client
   * notices the loss only by its liveness check ({@link #LATE_LIVENESS}), after its window passed
   * on the survivors, and comes back to the first survivor.
   */
  final Session late;

  static final Duration LATE_WINDOW = Duration.ofSeconds(1);

  /** Well past the failure detection, the window and the expiry sweep (about 2-5 s). */
  static final Duration LATE_LIVENESS = Duration.ofSeconds(10);

  /** The late session's close reason, once closed; and what its recovery-expired hook was told. */
  final CompletableFuture<String> lateClosed = new CompletableFuture<>();

  final CompletableFuture<String> lateExpired = new CompletableFuture<>();

  /** The late session's state changes, as "FROM>TO". */
  final List<String> lateStates = Collections.synchronizedList(new ArrayList<>());

  /**
   * What a session properties listener on the first survivor (keys Team and Proof) heard of each
   * session, by id: OPEN, DISCONNECTED, RECONNECTED, "UPDATED" and the value of Proof, "CLOSED" and
   * the reason.
   */
  final Map<String, List<String>> heard = new ConcurrentHashMap<>();

  final Session listening;
  private final List<FailoverProxy> proxies = new ArrayList<>();
  private final Session publisher;
  private final CounterStream stream;

  /**
   * Adds {@link #NO_HISTORY} through the first survivor and opens {@code count} subscribers on
   * {@code victim}, each through a {@link FailoverProxy}: to the victim, then (once released) to
   * the first survivor for half of them, to the second for the others.
   */
  FailoverProof(ClusterNodes.Node victim, List<ClusterNodes.Node> survivors, int count)
      throws Exception {
    listening =
        Osmosis.sessions()
            .initialRetryStrategy(new RetryStrategy(200, 2))
            .principal("control")
            .password("password")
            .noReconnection()
            .open(survivors.get(0).ws());
    listening
        .clientControl()
        .addSessionPropertiesListener(new Listener(), "Team", "Proof")
        .get(30, TimeUnit.SECONDS);
    publisher =
        Osmosis.sessions()
            .initialRetryStrategy(new RetryStrategy(200, 2))
            .principal("control")
            .password("password")
            .open(survivors.get(0).ws());
    publisher
        .topicUpdate()
        .addAndSet(
            NO_HISTORY,
            TopicSpecification.of(TopicType.INT64, Map.of("CONFLATION", "off")),
            Long.class,
            0L)
        .get(30, TimeUnit.SECONDS);
    proxies.add(new FailoverProxy(victim.httpPort(), survivors.get(0).httpPort()));
    proxies.add(new FailoverProxy(victim.httpPort(), survivors.get(1).httpPort()));
    for (int i = 0; i < count; i++) {
      subscribers.add(subscriber(NO_HISTORY, List.of(proxies.get(i % 2).ws())));
    }
    proxies.get(0).hold();
    proxies.get(1).hold();
    proxies.add(new FailoverProxy(true, victim.httpPort(), survivors.get(0).httpPort()));
    late =
        Osmosis.sessions()
            .initialRetryStrategy(new RetryStrategy(200, 2))
            .reconnectTimeout(LATE_WINDOW)
            .livenessTimeout(LATE_LIVENESS)
            .reconnectionStrategy(ReconnectionStrategy.fixed(Duration.ofMillis(100)))
            .property("Team", "failover-late")
            .open(proxies.get(2).ws());
    late.addListener(
        (session, from, to) -> {
          lateStates.add(from + ">" + to);
          if (to.isClosed()) {
            lateClosed.complete(String.valueOf(session.getCloseReason().orElse(null)));
          }
        });
    late.addRecoveryExpiredListener(
        (session, reason, message) -> lateExpired.complete(reason + ": " + message));
    late.addStream(NO_HISTORY, Long.class, new ValueStream<Long>() {});
    late.select(NO_HISTORY).get(60, TimeUnit.SECONDS); // a value every 20 ms until the kill
    stream = new CounterStream(publisher, NO_HISTORY, "no-history publisher");
  }

  private final class Listener implements SessionPropertiesListener {
    @Override
    public void onSessionOpen(SessionId session, Map<String, String> properties) {
      heardOf(session).add("OPEN");
    }

    @Override
    public void onSessionEvent(
        SessionId session,
        EventType type,
        Map<String, String> properties,
        Map<String, String> previous) {
      heardOf(session)
          .add(type == EventType.UPDATED ? "UPDATED " + properties.get("Proof") : type.name());
    }

    @Override
    public void onSessionClose(
        SessionId session, Map<String, String> properties, CloseReason reason) {
      heardOf(session).add("CLOSED " + reason);
    }

    private List<String> heardOf(SessionId session) {
      return heard.computeIfAbsent(
          session.toString(), id -> Collections.synchronizedList(new ArrayList<>()));
    }
  }

  /** A value event: the value's sequence number (PROTOCOL.md §9 {@code n}) and the value. */
  static String value(long sequence, long value) {
    return "V " + sequence + " " + value;
  }

  /** A lost-updates event: the updates after {@code after} up to {@code sequence} were lost. */
  static String lost(long after, long sequence) {
    return "L " + after + " " + sequence;
  }

  /** A sequenced Java session on {@code urls}, away {@link #AWAY} when it loses its server. */
  static Subscriber subscriber(String topic, List<String> urls) throws Exception {
    Session session =
        Osmosis.sessions()
            .initialRetryStrategy(new RetryStrategy(200, 2))
            .reconnectionStrategy(
                attempt -> attempt == 0 ? AWAY : Duration.ofMillis(250)) // away a while
            .property("Team", "failover-proof")
            .open(urls.get(0), urls.subList(1, urls.size()).toArray(new String[0]));
    Subscriber s = new Subscriber(session);
    session.addListener(
        (session1, from, to) -> {
          if (from == Session.State.RECOVERING_RECONNECT && to == Session.State.CONNECTED_ACTIVE) {
            s.reconnects.incrementAndGet();
          } else if (to.isClosed()) {
            s.closeReason = String.valueOf(session1.getCloseReason().orElse(null));
          }
        });
    session.addStream(
        topic,
        Long.class,
        new ValueStream<Long>() {
          @Override
          public void onValue(String path, TopicSpecification spec, Long oldValue, Long value) {
            s.events.add(value(session.lastSequence(path), value));
          }

          @Override
          public void onLostUpdates(
              String path, TopicSpecification spec, long after, long sequence) {
            s.events.add(lost(after, sequence));
          }
        });
    session.select(topic).get(60, TimeUnit.SECONDS);
    return s;
  }

  /** The last value published so far. */
  long published() {
    return stream.published();
  }

  /** Stops updating {@link #NO_HISTORY} (its updates were checked; later tests need none). */
  void stopPublishing() {
    stream.halt();
  }

  /** Lets the subscribers of {@link #NO_HISTORY} reconnect, to a survivor. */
  void release() {
    proxies.get(0).release();
    proxies.get(1).release();
  }

  /**
   * Checks the events of a subscriber that lost its node once (values as {@link #value}, notices as
   * {@link #lost}): values only ever grow; each value's sequence number follows the previous one's,
   * except right after a lost-updates notice, which follows the last value received before ({@code
   * after}) and comes right before the current value (numbered {@code sequence}); nothing twice;
   * one notice at most, exactly one if {@code missedSome}. Answers the number of updates the notice
   * says were lost.
   */
  static long assertGapOnlyWithNotice(String who, List<String> events, boolean missedSome) {
    List<String> copy;
    synchronized (events) {
      copy = new ArrayList<>(events);
    }
    int notices = 0;
    long lostUpdates = 0;
    long[] previous = null; // the last value event: sequence, value
    for (int i = 0; i < copy.size(); i++) {
      String[] event = copy.get(i).split(" ");
      long a = Long.parseLong(event[1]);
      long b = Long.parseLong(event[2]);
      if (event[0].equals("L")) {
        notices++;
        assertTrue(previous != null, who + ": a notice before any value: " + copy);
        assertEquals(previous[0], a, who + ": the notice follows the last value received: " + copy);
        assertTrue(b > a, who + ": a notice of nothing lost: " + copy);
        assertTrue(i + 1 < copy.size(), who + ": no current value after the notice: " + copy);
        String[] next = copy.get(i + 1).split(" ");
        assertEquals("V", next[0], who + ": the current value right after the notice: " + copy);
        assertEquals(b, Long.parseLong(next[1]), who + ": the current value's number: " + copy);
        lostUpdates += b - a - 1;
        previous = new long[] {b - 1, previous[1]};
      } else {
        if (previous != null) {
          assertEquals(previous[0] + 1, a, who + ": numbers follow each other: " + copy);
          assertTrue(b > previous[1], who + ": " + b + " after " + previous[1] + ": " + copy);
        }
        previous = new long[] {a, b};
      }
    }
    assertTrue(notices <= 1, who + ": one lost-updates notice at most: " + copy);
    assertEquals(missedSome ? 1 : notices, notices, who + ": one lost-updates notice: " + copy);
    return lostUpdates;
  }

  /** The last value a subscriber received, or -1. */
  static long lastValue(List<String> events) {
    synchronized (events) {
      for (int i = events.size() - 1; i >= 0; i--) {
        String[] event = events.get(i).split(" ");
        if (event[0].equals("V")) {
          return Long.parseLong(event[2]);
        }
      }
    }
    return -1;
  }

  @Override
  public void close() {
    stream.halt();
    late.close();
    listening.close();
    for (Subscriber s : subscribers) {
      s.session.close();
    }
    publisher.close();
    for (FailoverProxy proxy : proxies) {
      proxy.close();
    }
  }
}
