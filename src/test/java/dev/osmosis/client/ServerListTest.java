package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.wire.CloseReason;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Server lists (docs/RECONNECTION.md "Server lists"): opening goes through the servers in order; a
 * recovering session tries the server it was on first, then the others; a server that does not know
 * the session hands over to the next. Fake transports, one per attempt.
 */
class ServerListTest {

  static final URI A = URI.create("ws://a:8080/osmosis");
  static final URI B = URI.create("ws://b:8080/osmosis");
  static final URI C = URI.create("ws://c:8080/osmosis");
  static final String REJECTED =
      "{\"t\":\"close\",\"reason\":\"HANDSHAKE_REJECTED\",\"code\":3,"
          + "\"message\":\"session unknown or expired\"}";

  /** One attempt: the server asked for, what the session was given, what it became. */
  record Attempt(URI server, Channel.Receiver receiver, FakeTransport channel) {}

  final List<URI> asked = new CopyOnWriteArrayList<>();
  final BlockingQueue<Attempt> attempts = new LinkedBlockingQueue<>();
  final List<String> states = new CopyOnWriteArrayList<>();

  /** The same changes as {@link #states}, to wait for one. */
  final BlockingQueue<String> changes = new LinkedBlockingQueue<>();

  /** A session over {@code servers}; those in {@code down} cannot be reached. */
  Connection session(List<URI> servers, Set<URI> down) {
    SessionConfig config =
        Osmosis.sessions()
            .livenessTimeout(Duration.ZERO)
            .reconnectionStrategy(ReconnectionStrategy.fixed(Duration.ofMillis(10)))
            .initialRetryStrategy(new RetryStrategy(10, 1))
            .listener(
                (s, from, to) -> {
                  states.add(from + "->" + to);
                  changes.add(from + "->" + to);
                })
            .config();
    Connection connection = new ClientSession(config, Runnable::run).connection();
    connection.servers(servers);
    connection.opener(
        (kind, uri, timeout, receiver) -> {
          asked.add(uri);
          if (down.contains(uri)) {
            return CompletableFuture.failedFuture(new IOException(uri + " is down"));
          }
          FakeTransport channel = new FakeTransport(null);
          attempts.add(new Attempt(uri, receiver, channel));
          return CompletableFuture.completedFuture(channel);
        });
    return connection;
  }

  static String connected(String server, boolean reconnected) {
    String named =
        ReconnectClientTest.CONNECTED.replace(
            "\"server\":\"osmosis\"", "\"server\":\"" + server + "\"");
    return named.substring(0, named.length() - 1)
        + (reconnected ? ",\"reconnected\":true" : "")
        + "}";
  }

  /** The reconnect's connect is sent on the event thread after the opener returned. */
  static void awaitSent(Attempt attempt) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (attempt.channel().sent.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals("connect", attempt.channel().sentMessage(0).get("t"));
  }

  /**
   * Waits for the session's change {@code fromTo}: a message the test hands the receiver is handled
   * on the session's event thread, which may still be another thread's (the one that opened the
   * transport and sent the connect), so the change can come after {@code onText} returned.
   */
  void awaitChange(String fromTo) throws InterruptedException {
    for (; ; ) {
      String change = changes.poll(5, TimeUnit.SECONDS);
      assertTrue(change != null, "no change to " + fromTo + " after " + states);
      if (change.equals(fromTo)) {
        return;
      }
    }
  }

  Attempt next() throws InterruptedException {
    Attempt attempt = attempts.poll(5, TimeUnit.SECONDS);
    assertTrue(attempt != null, "no attempt");
    return attempt;
  }

  @Test
  void open_triesTheServersInOrder_andConnectsToTheFirstThatAnswers() throws Exception {
    Connection connection = session(List.of(A, B, C), Set.of(A));
    connection.connect();
    Attempt b = next();
    assertEquals(B, b.server());
    b.receiver().onText(connected("node-b", false));
    Session session = connection.established().get(5, TimeUnit.SECONDS);
    assertEquals(List.of(A, B), asked);
    assertEquals(B.toString(), session.getServerUrl());
    assertEquals("node-b", session.getServerName());
  }

  @Test
  void open_whenNoServerAnswers_thenTheListAgainPerRetry_thenFails() throws Exception {
    Connection connection = session(List.of(A, B), Set.of(A, B));
    connection.connect();
    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> connection.established().get(5, TimeUnit.SECONDS));
    assertEquals(
        CloseReason.CONNECTION_ERROR,
        assertInstanceOf(SessionEstablishmentException.class, e.getCause()).getCloseReason());
    assertEquals(List.of(A, B, A, B), asked, "one retry of the whole list");
  }

  @Test
  void reconnect_firstToTheServerItWasOn_thenToTheNextInListOrder() throws Exception {
    Set<URI> down = new java.util.concurrent.CopyOnWriteArraySet<>(Set.of(A));
    Connection connection = session(List.of(A, B, C), down);
    connection.connect();
    Attempt b = next();
    b.receiver().onText(connected("node-b", false));
    connection.established().get(5, TimeUnit.SECONDS);
    down.clear();
    down.add(B); // B dies; A is back
    asked.clear();
    b.receiver().onClosed(1006, "killed");
    Attempt c = next();
    assertEquals(C, c.server(), "B (the session's server) first, then C, before A");
    assertEquals(List.of(B, C), asked);
    awaitSent(c);
    assertEquals("6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b", c.channel().sentMessage(0).get("sessionId"));
    c.receiver().onText(connected("node-c", true));
    awaitChange("RECOVERING_RECONNECT->CONNECTED_ACTIVE");
    assertEquals(Session.State.CONNECTED_ACTIVE, connection.getState());
    ClientSession session = (ClientSession) connection.established().get();
    assertEquals(C.toString(), session.getServerUrl());
    assertEquals("node-c", session.getServerName());
    assertEquals(
        List.of(
            "CONNECTING->CONNECTED_ACTIVE",
            "CONNECTED_ACTIVE->RECOVERING_RECONNECT",
            "RECOVERING_RECONNECT->CONNECTED_ACTIVE"),
        states);
  }

  @Test
  void reconnect_whenAServerDoesNotKnowTheSession_thenTheNextIsTried_andResumesIt()
      throws Exception {
    Connection connection = session(List.of(A, B), Set.of());
    connection.connect();
    Attempt a = next();
    a.receiver().onText(connected("node-a", false));
    connection.established().get(5, TimeUnit.SECONDS);
    a.receiver().onClosed(1006, "cut");
    Attempt again = next();
    assertEquals(A, again.server(), "the session's server first");
    awaitSent(again);
    again.receiver().onText(REJECTED);
    again.receiver().onClosed(4003, "HANDSHAKE_REJECTED");
    assertTrue(again.channel().aborted);
    Attempt b = next();
    assertEquals(B, b.server(), "a refusal hands over to the next server");
    awaitSent(b);
    b.receiver().onText(connected("node-b", true));
    awaitChange("RECOVERING_RECONNECT->CONNECTED_ACTIVE");
    assertEquals(Session.State.CONNECTED_ACTIVE, connection.getState());
    assertEquals(B.toString(), connection.server().toString());
  }

  @Test
  void reconnect_whenEveryServerRefuses_thenClosesWithHandshakeRejected() throws Exception {
    Connection connection = session(List.of(A, B, C), Set.of());
    connection.connect();
    Attempt a = next();
    a.receiver().onText(connected("node-a", false));
    connection.established().get(5, TimeUnit.SECONDS);
    asked.clear();
    a.receiver().onClosed(1006, "cut");
    for (URI expected : List.of(A, B, C)) {
      Attempt attempt = next();
      assertEquals(expected, attempt.server());
      awaitSent(attempt);
      attempt.receiver().onText(REJECTED);
    }
    awaitChange("RECOVERING_RECONNECT->CLOSED_FAILED");
    assertEquals(Session.State.CLOSED_FAILED, connection.getState());
    assertEquals(CloseReason.HANDSHAKE_REJECTED, connection.getCloseReason().orElseThrow());
    assertEquals(List.of(A, B, C), asked, "each server once, no second round");
  }

  @Test
  void reconnect_whenARoundHasAnUnreachableServer_thenAnotherRoundStartsWithTheSessionsServer()
      throws Exception {
    Set<URI> down = new java.util.concurrent.CopyOnWriteArraySet<>();
    Connection connection = session(List.of(A, B), down);
    connection.connect();
    Attempt a = next();
    a.receiver().onText(connected("node-a", false));
    connection.established().get(5, TimeUnit.SECONDS);
    down.add(A); // A died; B has not taken the session over yet
    asked.clear();
    a.receiver().onClosed(1006, "killed");
    Attempt b = next();
    awaitSent(b);
    b.receiver().onText(REJECTED);
    Attempt b2 = next(); // after the backoff: A (still down), then B, which knows it now
    assertEquals(B, b2.server());
    awaitSent(b2);
    b2.receiver().onText(connected("node-b", true));
    awaitChange("RECOVERING_RECONNECT->CONNECTED_ACTIVE");
    assertEquals(Session.State.CONNECTED_ACTIVE, connection.getState());
    assertEquals(List.of(A, B, A, B), asked);
  }

  @Test
  void reconnect_withOneServer_aRefusalStillClosesAtOnce() throws Exception {
    Connection connection = session(List.of(A), Set.of());
    connection.connect();
    Attempt a = next();
    a.receiver().onText(connected("node-a", false));
    connection.established().get(5, TimeUnit.SECONDS);
    a.receiver().onClosed(1006, "cut");
    Attempt again = next();
    awaitSent(again);
    again.receiver().onText(REJECTED);
    awaitChange("RECOVERING_RECONNECT->CLOSED_FAILED");
    assertEquals(CloseReason.HANDSHAKE_REJECTED, connection.getCloseReason().orElseThrow());
    assertEquals(List.of(A, A), asked);
  }

  @Test
  void reconnect_whenTheServerSaysRecoveryExpired_thenClosesAtOnce_andTheHookIsTold()
      throws Exception {
    Connection connection = session(List.of(A, B), Set.of());
    connection.connect();
    Attempt a = next();
    a.receiver().onText(connected("node-a", false));
    Session session = connection.established().get(5, TimeUnit.SECONDS);
    List<String> expired = new CopyOnWriteArrayList<>();
    session.addRecoveryExpiredListener(
        (s, reason, message) -> expired.add(reason + " " + message + " " + s.getState()));
    asked.clear();
    a.receiver().onClosed(1006, "cut");
    Attempt again = next();
    awaitSent(again);
    again
        .receiver()
        .onText(
            "{\"t\":\"close\",\"reason\":\"RECOVERY_EXPIRED\",\"code\":15,"
                + "\"message\":\"window passed\"}");
    awaitChange("RECOVERING_RECONNECT->CLOSED_BY_SERVER");
    assertEquals(CloseReason.RECOVERY_EXPIRED, session.getCloseReason().orElseThrow());
    assertEquals(Session.State.CLOSED_BY_SERVER, session.getState());
    assertEquals(List.of("RECOVERY_EXPIRED window passed CLOSED_BY_SERVER"), expired);
    assertEquals(List.of(A), asked, "final: no other server is tried");
  }

  @Test
  void reconnect_whenNoServerIsReachedWithinTheTimeout_thenReconnectAborted_andTheHookIsTold()
      throws Exception {
    Set<URI> down = new java.util.concurrent.CopyOnWriteArraySet<>();
    Connection connection = session(List.of(A, B), down);
    connection.connect();
    Attempt a = next();
    a.receiver().onText(connected("node-a", false).replace("60000", "200"));
    Session session = connection.established().get(5, TimeUnit.SECONDS);
    CompletableFuture<CloseReason> expired = new CompletableFuture<>();
    session.addRecoveryExpiredListener((s, reason, message) -> expired.complete(reason));
    down.add(A);
    down.add(B);
    a.receiver().onClosed(1006, "cut");
    assertEquals(CloseReason.RECONNECT_ABORTED, expired.get(5, TimeUnit.SECONDS));
  }

  @Test
  void close_byTheClient_doesNotTellTheRecoveryHook() throws Exception {
    Connection connection = session(List.of(A), Set.of());
    connection.connect();
    Attempt a = next();
    a.receiver().onText(connected("node-a", false));
    Session session = connection.established().get(5, TimeUnit.SECONDS);
    List<CloseReason> expired = new CopyOnWriteArrayList<>();
    session.addRecoveryExpiredListener((s, reason, message) -> expired.add(reason));
    a.receiver().onClosed(1006, "cut");
    next();
    session.close();
    assertEquals(CloseReason.CLOSED_BY_CLIENT, session.getCloseReason().orElseThrow());
    assertEquals(List.of(), expired);
  }

  @Test
  void open_withAServerList_checksEveryUrl() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Osmosis.sessions().openAsync("ws://a:8080", "ftp://b"));
    assertThrows(
        NullPointerException.class,
        () -> Osmosis.sessions().openAsync("ws://a:8080", (String[]) null));
  }
}
