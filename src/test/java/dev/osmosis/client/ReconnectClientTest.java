package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.client.Session.State;
import dev.osmosis.wire.CloseReason;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client side of PROTOCOL.md §12 on fake transports: numbering, dedupe, recovery and replay.
 */
class ReconnectClientTest {

  static final String CONNECTED =
      ConnectionTest.CONNECTED.substring(0, ConnectionTest.CONNECTED.length() - 1)
          + ",\"seq\":true,\"ack\":0}";

  final List<String> events = new CopyOnWriteArrayList<>();
  final SessionConfig config =
      Osmosis.sessions()
          .reconnectionStrategy(ReconnectionStrategy.fixed(Duration.ofMillis(1)))
          .livenessTimeout(Duration.ZERO)
          .listener((session, oldState, newState) -> events.add(oldState + "->" + newState))
          .config();
  final ClientSession session = new ClientSession(config, Runnable::run);
  final Connection connection = session.connection();
  final FakeTransport first = new FakeTransport(null);

  /** Reconnect attempts: each gets the next transport, with its receiver. */
  final BlockingQueue<Channel.Receiver> receivers = new LinkedBlockingQueue<>();

  final BlockingQueue<FakeTransport> transports = new LinkedBlockingQueue<>();

  ReconnectClientTest() {
    connection.uri(URI.create("ws://localhost/osmosis"));
    connection.opener(
        (kind, uri, timeout, receiver) -> {
          FakeTransport t = new FakeTransport(null);
          transports.add(t);
          receivers.add(receiver);
          return CompletableFuture.completedFuture(t);
        });
  }

  void connect() {
    connection.start(first);
    connection.onText(CONNECTED);
  }

  /**
   * The transport of the next reconnection attempt, once it has sent its reconnecting connect (or
   * after 5 s).
   */
  FakeTransport nextAttempt() throws InterruptedException {
    FakeTransport next = transports.take();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (next.sent.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return next;
  }

  /**
   * Waits for the session to reach {@code expected} (or 5 s). A receiver's event runs on the
   * session's event thread: inline when that thread is idle, but after the task in progress when a
   * timer thread is still finishing the attempt that sent the connect, so the state can change just
   * after {@code onText} returns.
   */
  void awaitState(State expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (session.getState() != expected && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertEquals(expected, session.getState());
  }

  @Test
  void messages_whenSequenced_thenNumberedFromOne_andEnvelopesDeduplicated() throws Exception {
    connect();
    assertEquals(true, first.sentMessage(0).get("seq"), "the connect asks for a sequenced session");
    session.pingServer();
    assertEquals(1L, first.lastSent().get("seq"));
    List<String> types = new CopyOnWriteArrayList<>();
    connection.setHandler("x", m -> types.add(String.valueOf(m.get("n"))));
    connection.onText("{\"s\":1,\"ack\":1,\"m\":[{\"t\":\"x\",\"n\":1},{\"t\":\"x\",\"n\":2}]}");
    connection.onText("{\"s\":2,\"ack\":1,\"m\":[{\"t\":\"x\",\"n\":2},{\"t\":\"x\",\"n\":3}]}");
    assertEquals(List.of("1", "2", "3"), types, "message 2 came twice and was handled once");
  }

  static String notification(String event, String path) {
    return "{\"t\":\"topicNotification\",\"event\":\""
        + event
        + "\",\"path\":\""
        + path
        + "\",\"type\":\"STRING\"}";
  }

  /** PROTOCOL.md §12 "Resuming notifications": what a session was told, and a resync after it. */
  @Test
  void reconnect_thenSendsWhatWasNotified_andAResyncTellsOnlyWhatCameAndWent() throws Exception {
    connect();
    List<String> heard = new CopyOnWriteArrayList<>();
    session.notifications().addListener((path, spec, type) -> heard.add(type + " " + path));
    connection.onText(
        "{\"s\":1,\"ack\":0,\"m\":["
            + String.join(
                ",",
                notification("SELECTED", "a"),
                notification("SELECTED", "b"),
                notification("ADDED", "gone"),
                notification("REMOVED", "gone"))
            + "]}");
    connection.onClosed(1006, "cut");
    Channel.Receiver receiver = receivers.poll(5, TimeUnit.SECONDS);
    FakeTransport next = nextAttempt();
    dev.osmosis.wire.NotifiedDigest told = new dev.osmosis.wire.NotifiedDigest();
    told.add("b");
    told.add("a");
    assertEquals(
        Map.of(
            "count",
            2L,
            "hash",
            told.hex(),
            "descendants",
            Map.of("count", 0L, "hash", "0000000000000000")),
        next.sentMessage(0).get("notified"));

    receiver.onText(CONNECTED.substring(0, CONNECTED.length() - 1) + ",\"reconnected\":true}");
    awaitState(State.CONNECTED_ACTIVE);
    // the node that resumed it counts b and c: a went, c came during the outage
    receiver.onText(
        "{\"s\":5,\"ack\":0,\"m\":["
            + String.join(
                ",",
                notification("RESYNC", "b"),
                notification("RESYNC", "c"),
                "{\"t\":\"topicNotification\",\"event\":\"RESYNCED\",\"count\":2}")
            + "]}");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (heard.size() < 6 && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertEquals(
        List.of("SELECTED a", "SELECTED b", "ADDED gone", "REMOVED gone", "ADDED c", "REMOVED a"),
        heard,
        "b is not told again");
    // a notification the resync already told (one the dead node sent, replayed later): not again
    connection.setHandler("x", m -> heard.add("x"));
    receiver.onText(
        "{\"s\":8,\"ack\":0,\"m\":["
            + notification("ADDED", "c")
            + ","
            + notification("REMOVED", "a")
            + ",{\"t\":\"x\"}]}");
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!heard.contains("x") && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertEquals(7, heard.size(), "only the marker: " + heard);
  }

  static String descendant(String event, String path) {
    return "{\"t\":\"topicNotification\",\"event\":\""
        + event
        + "\",\"path\":\""
        + path
        + "\",\"descendant\":true}";
  }

  /** The immediate descendants' digest and resync (PROTOCOL.md §12), apart from the topics'. */
  @Test
  void reconnect_thenSendsTheDescendantsToldOf_andTheirResyncTellsOnlyWhatCameAndWent()
      throws Exception {
    connect();
    List<String> heard = new CopyOnWriteArrayList<>();
    session
        .notifications()
        .addListener(
            new TopicNotificationListener() {
              @Override
              public void onTopicNotification(
                  String path, TopicSpecification specification, TopicNotificationType type) {
                heard.add("topic " + type + " " + path);
              }

              @Override
              public void onDescendantNotification(String path, TopicNotificationType type) {
                heard.add(type + " " + path);
              }
            });
    connection.onText(
        "{\"s\":1,\"ack\":0,\"m\":["
            + String.join(
                ",",
                descendant("SELECTED", "a"),
                descendant("SELECTED", "b"),
                descendant("ADDED", "gone"),
                descendant("REMOVED", "gone"))
            + "]}");
    connection.onClosed(1006, "cut");
    Channel.Receiver receiver = receivers.poll(5, TimeUnit.SECONDS);
    FakeTransport next = nextAttempt();
    dev.osmosis.wire.NotifiedDigest told = new dev.osmosis.wire.NotifiedDigest();
    told.add("a");
    told.add("b");
    assertEquals(
        Map.of(
            "count",
            0L,
            "hash",
            "0000000000000000",
            "descendants",
            Map.of("count", 2L, "hash", told.hex())),
        next.sentMessage(0).get("notified"));

    receiver.onText(CONNECTED.substring(0, CONNECTED.length() - 1) + ",\"reconnected\":true}");
    awaitState(State.CONNECTED_ACTIVE);
    // the node that resumed it counts b and c as descendants: a went, c came meanwhile
    receiver.onText(
        "{\"s\":5,\"ack\":0,\"m\":["
            + String.join(
                ",",
                descendant("RESYNC", "b"),
                descendant("RESYNC", "c"),
                "{\"t\":\"topicNotification\",\"event\":\"RESYNCED\",\"count\":2,"
                    + "\"descendant\":true}",
                descendant("ADDED", "c"),
                descendant("REMOVED", "a"),
                descendant("ADDED", "d"))
            + "]}");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (heard.size() < 7 && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertEquals(
        List.of(
            "SELECTED a",
            "SELECTED b",
            "ADDED gone",
            "REMOVED gone",
            "ADDED c",
            "REMOVED a",
            "ADDED d"),
        heard,
        "b is not told again, nor c and a after the resync told them");
  }

  @Test
  void connectionLost_thenRecovering_thenReconnectReplaysUnacknowledged_andPendingSurvive()
      throws Exception {
    connect();
    CompletableFuture<PingDetails> ping =
        session.pingServer(); // seq 1, never answered before the cut
    connection.onText(
        "{\"s\":1,\"ack\":0,\"m\":[{\"t\":\"x\"},"
            + "{\"t\":\"subscribe\",\"a\":4,\"path\":\"p/q\",\"type\":\"INT64\"},"
            + "{\"t\":\"value\",\"a\":4,\"n\":12,\"v\":5}]}");
    connection.onClosed(1006, "cut");
    assertEquals(State.RECOVERING_RECONNECT, session.getState());
    CompletableFuture<PingDetails> second = session.pingServer(); // seq 2, queued while recovering

    Channel.Receiver receiver = receivers.poll(5, TimeUnit.SECONDS);
    FakeTransport next = nextAttempt();
    Map<String, Object> reconnect = next.sentMessage(0);
    assertEquals("6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b", reconnect.get("sessionId"));
    assertEquals("secret", reconnect.get("token"));
    assertEquals(3L, reconnect.get("ack"));
    assertEquals(
        Map.of("p/q", 12L),
        reconnect.get("topics"),
        "the last sequence number per subscribed topic (PROTOCOL.md §12)");
    assertEquals(1, next.sent.size(), "nothing else before the server answers");

    receiver.onText(CONNECTED.substring(0, CONNECTED.length() - 1) + ",\"reconnected\":true}");
    awaitState(State.CONNECTED_ACTIVE);
    assertEquals(1L, next.sentMessage(1).get("seq"), "replayed from the server's ack 0");
    assertEquals(2L, next.sentMessage(2).get("seq"));
    assertFalse(ping.isDone());
    receiver.onText(
        "{\"s\":4,\"ack\":2,\"m\":[{\"t\":\"ok\",\"id\":1,\"time\":1},{\"t\":\"ok\",\"id\":2,\"time\":1}]}");
    ping.get(1, TimeUnit.SECONDS);
    second.get(1, TimeUnit.SECONDS);
    assertEquals(
        List.of(
            "CONNECTING->CONNECTED_ACTIVE",
            "CONNECTED_ACTIVE->RECOVERING_RECONNECT",
            "RECOVERING_RECONNECT->CONNECTED_ACTIVE"),
        events);

    connection.onText("{\"s\":9,\"ack\":2,\"m\":[{\"t\":\"x\"}]}");
    assertEquals(
        State.CONNECTED_ACTIVE, session.getState(), "events of the dropped transport are ignored");
  }

  @Test
  void reconnect_whenServerRefuses_thenClosedAndPendingRequestsFailClearly() throws Exception {
    connect();
    CompletableFuture<PingDetails> ping = session.pingServer();
    connection.onClosed(1006, "cut");
    Channel.Receiver receiver = receivers.poll(5, TimeUnit.SECONDS);
    nextAttempt(); // the attempt has sent its reconnecting connect
    receiver.onText(
        "{\"t\":\"close\",\"reason\":\"HANDSHAKE_REJECTED\",\"code\":3,"
            + "\"message\":\"session unknown or expired\"}");
    awaitState(State.CLOSED_FAILED);
    assertEquals(CloseReason.HANDSHAKE_REJECTED, session.getCloseReason().orElseThrow());
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> ping.get(1, TimeUnit.SECONDS));
    assertInstanceOf(SessionClosedException.class, e.getCause());
  }

  @Test
  void reconnect_whenServerClosesTheAttemptAsIdle_thenTriesAgainAndResumes() throws Exception {
    connect();
    connection.onClosed(1006, "cut");
    Channel.Receiver receiver = receivers.poll(5, TimeUnit.SECONDS);
    nextAttempt(); // the attempt has sent its reconnecting connect
    // an overloaded server did not see our connect within its handshake timeout: a connection-level
    // close
    receiver.onText(
        "{\"t\":\"close\",\"reason\":\"IDLE_CONNECTION\",\"code\":10,"
            + "\"message\":\"no connect message within the handshake timeout\"}");
    assertEquals(State.RECOVERING_RECONNECT, session.getState(), "the session is not given up");
    Channel.Receiver again = receivers.poll(5, TimeUnit.SECONDS);
    assertTrue(again != null, "another attempt");
    nextAttempt(); // the attempt has sent its reconnecting connect
    again.onText(CONNECTED.substring(0, CONNECTED.length() - 1) + ",\"reconnected\":true}");
    awaitState(State.CONNECTED_ACTIVE);
  }

  @Test
  void lost_whenFinalCloseCode_thenClosedNotRecovering() {
    connect();
    connection.onClosed(4002, "CLOSED_BY_SERVER");
    assertTrue(session.getState().isClosed());
    assertTrue(receivers.isEmpty());
  }

  @Test
  void noReconnection_thenPlainV1() {
    SessionConfig plain = Osmosis.sessions().noReconnection().config();
    assertFalse(plain.connectMessage().containsKey("seq"));
  }

  @Test
  void strategies_thenBackoffDoublesUpToTheCap() {
    ReconnectionStrategy backoff =
        ReconnectionStrategy.backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    assertEquals(Duration.ofMillis(100), backoff.delay(0));
    assertEquals(Duration.ofMillis(400), backoff.delay(2));
    assertEquals(Duration.ofSeconds(1), backoff.delay(30));
    assertEquals(
        new RetryStrategy(100, 5),
        Osmosis.sessions()
            .initialRetryStrategy(new RetryStrategy(100, 5))
            .config()
            .recovery()
            .initialRetry());
  }

  @Test
  void send_whenClientRecoveryBufferFull_thenLostMessages() throws InterruptedException {
    connect();
    connection.onClosed(1006, "cut");
    for (int i = 0; i <= Sequencing.MAX_UNACKED; i++) {
      connection.send(Messages.message("x"));
    }
    // the close runs on the event thread, after a reconnection attempt a timer thread may be
    // finishing there
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!session.getState().isClosed() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertEquals(CloseReason.LOST_MESSAGES, session.getCloseReason().orElseThrow());
  }
}
