package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.wire.CloseReason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Seed 002 "Connecting with multiple transports": the cascade on open and on reconnect, on fake
 * transports.
 */
class TransportCascadeTest {

  /** One attempt: which transport was asked for, what it was given, what it became. */
  record Attempt(Transport kind, Channel.Receiver receiver, FakeTransport channel) {}

  final List<Transport> asked = new CopyOnWriteArrayList<>();
  final BlockingQueue<Attempt> attempts = new LinkedBlockingQueue<>();
  final List<String> states = new CopyOnWriteArrayList<>();

  /** A session whose opener answers per transport kind: a failed future, or a fake channel. */
  Connection session(SessionFactory factory, Function<Transport, Throwable> failure) {
    SessionConfig config = factory.listener((s, from, to) -> states.add(from + "->" + to)).config();
    Connection connection = new ClientSession(config, Runnable::run).connection();
    connection.uri(URI.create("ws://localhost/osmosis"));
    connection.opener(
        (kind, uri, timeout, receiver) -> {
          asked.add(kind);
          Throwable error = failure.apply(kind);
          if (error != null) {
            return CompletableFuture.failedFuture(error);
          }
          FakeTransport channel = new FakeTransport(null);
          attempts.add(new Attempt(kind, receiver, channel));
          return CompletableFuture.completedFuture(channel);
        });
    return connection;
  }

  static SessionFactory both() {
    return Osmosis.sessions()
        .transports(Transport.WEBSOCKET, Transport.HTTP_POLLING)
        .livenessTimeout(Duration.ZERO);
  }

  static Throwable cause(CompletableFuture<?> future) {
    return assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS)).getCause();
  }

  @Test
  void transports_whenNotSet_thenWebSocketOnly_whenEmpty_thenRefused() {
    assertEquals(List.of(Transport.WEBSOCKET), Osmosis.sessions().config().transports());
    assertEquals(
        List.of(Transport.HTTP_POLLING, Transport.WEBSOCKET),
        Osmosis.sessions()
            .transports(Transport.HTTP_POLLING, Transport.WEBSOCKET)
            .config()
            .transports());
    assertThrows(IllegalArgumentException.class, () -> Osmosis.sessions().transports());
    assertThrows(
        NullPointerException.class, () -> Osmosis.sessions().transports(Transport.WEBSOCKET, null));
  }

  @Test
  void open_whenTheFirstCannotOpen_thenTheNextIsTried_andTheSessionConnectsOverIt()
      throws Exception {
    Connection connection =
        session(
            both(),
            kind -> kind == Transport.WEBSOCKET ? new IOException("upgrade refused") : null);
    connection.connect();
    Attempt polling = attempts.poll(5, TimeUnit.SECONDS);
    assertEquals(Transport.HTTP_POLLING, polling.kind());
    assertEquals(
        "connect",
        polling.channel().sentMessage(0).get("t"),
        "the handshake goes over the next one");
    polling.receiver().onText(ReconnectClientTest.CONNECTED);
    connection.established().get(5, TimeUnit.SECONDS);
    assertEquals(List.of(Transport.WEBSOCKET, Transport.HTTP_POLLING), asked);
  }

  @Test
  void open_whenTheFirstDropsBeforeTheHandshakeAnswer_thenTheNextIsTried() throws Exception {
    Connection connection = session(both(), kind -> null);
    connection.connect();
    Attempt ws = attempts.poll(5, TimeUnit.SECONDS);
    ws.receiver().onClosed(1006, "reset");
    assertTrue(ws.channel().aborted);
    Attempt polling = attempts.poll(5, TimeUnit.SECONDS);
    assertEquals(Transport.HTTP_POLLING, polling.kind());
    polling.receiver().onText(ReconnectClientTest.CONNECTED);
    connection.established().get(5, TimeUnit.SECONDS);
    ws.receiver().onText("{\"t\":\"close\",\"reason\":\"CLOSED_BY_SERVER\"}");
    assertEquals(
        Session.State.CONNECTED_ACTIVE,
        connection.getState(),
        "the dropped transport is not heard");
  }

  @Test
  void open_whenTheFirstDoesNotAnswerWithinTheConnectionTimeout_thenTheNextIsTried()
      throws Exception {
    Connection connection = session(both().connectionTimeout(Duration.ofMillis(100)), kind -> null);
    connection.connect();
    Attempt silent = attempts.poll(5, TimeUnit.SECONDS);
    Attempt polling = attempts.poll(5, TimeUnit.SECONDS);
    assertEquals(Transport.HTTP_POLLING, polling.kind());
    assertTrue(silent.channel().aborted);
    polling.receiver().onText(ReconnectClientTest.CONNECTED);
    connection.established().get(5, TimeUnit.SECONDS);
  }

  @Test
  void open_whenTheServerRefuses_thenNoCascade() throws Exception {
    Connection connection = session(both(), kind -> null);
    connection.connect();
    Attempt ws = attempts.poll(5, TimeUnit.SECONDS);
    ws.receiver()
        .onText("{\"t\":\"close\",\"reason\":\"ACCESS_DENIED\",\"code\":4,\"message\":\"no\"}");
    ws.receiver().onClosed(4004, "ACCESS_DENIED");
    SessionEstablishmentException e =
        assertInstanceOf(SessionEstablishmentException.class, cause(connection.established()));
    assertEquals(CloseReason.ACCESS_DENIED, e.getCloseReason());
    assertEquals(
        List.of(Transport.WEBSOCKET), asked, "a refusal is an answer, not a transport failure");
  }

  @Test
  void open_whenEveryTransportFails_thenFailsWithTheLastError_andAListedTwiceIsTriedTwice() {
    Connection connection =
        session(
            Osmosis.sessions()
                .transports(Transport.WEBSOCKET, Transport.HTTP_POLLING, Transport.WEBSOCKET),
            kind ->
                kind == Transport.WEBSOCKET
                    ? new IOException("refused")
                    : new HttpConnectTimeoutException("slow"));
    connection.connect();
    SessionEstablishmentException e =
        assertInstanceOf(SessionEstablishmentException.class, cause(connection.established()));
    assertEquals(CloseReason.CONNECTION_ERROR, e.getCloseReason(), "the last one's error");
    assertEquals(List.of(Transport.WEBSOCKET, Transport.HTTP_POLLING, Transport.WEBSOCKET), asked);
  }

  @Test
  void open_whenPollingOpeningIsRefusedWithAStatus_thenHandshakeRejected_andNotRetried() {
    Connection connection =
        session(
            Osmosis.sessions()
                .transports(Transport.HTTP_POLLING)
                .initialRetryStrategy(new RetryStrategy(10, 3)),
            kind -> new HttpPollingTransport.RefusedException(403, "{\"code\":4403}"));
    connection.connect();
    SessionEstablishmentException e =
        assertInstanceOf(SessionEstablishmentException.class, cause(connection.established()));
    assertEquals(CloseReason.HANDSHAKE_REJECTED, e.getCloseReason());
    assertEquals(List.of(Transport.HTTP_POLLING), asked);
  }

  @Test
  void reconnect_whenTheFirstTransportFails_thenTheNextAtOnce_andTheSessionResumesOverIt()
      throws Exception {
    boolean[] wsDown = {false};
    Connection connection =
        session(
            both().reconnectionStrategy(ReconnectionStrategy.fixed(Duration.ofMillis(10))),
            kind -> kind == Transport.WEBSOCKET && wsDown[0] ? new IOException("blocked") : null);
    connection.connect();
    Attempt ws = attempts.poll(5, TimeUnit.SECONDS);
    ws.receiver().onText(ReconnectClientTest.CONNECTED);
    connection.established().get(5, TimeUnit.SECONDS);
    wsDown[0] = true;
    ws.receiver().onClosed(1006, "cut");
    Attempt polling = attempts.poll(5, TimeUnit.SECONDS);
    assertEquals(Transport.HTTP_POLLING, polling.kind());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (polling.channel().sent.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(
          5); // the reconnect's connect is sent on the event thread, after the opener returned
    }
    assertEquals(
        "6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b", polling.channel().sentMessage(0).get("sessionId"));
    polling
        .receiver()
        .onText(
            ReconnectClientTest.CONNECTED.substring(0, ReconnectClientTest.CONNECTED.length() - 1)
                + ",\"reconnected\":true}");
    assertEquals(Session.State.CONNECTED_ACTIVE, connection.getState());
    assertEquals(List.of(Transport.WEBSOCKET, Transport.WEBSOCKET, Transport.HTTP_POLLING), asked);
    assertEquals(
        List.of(
            "CONNECTING->CONNECTED_ACTIVE",
            "CONNECTED_ACTIVE->RECOVERING_RECONNECT",
            "RECOVERING_RECONNECT->CONNECTED_ACTIVE"),
        states);
  }

  @Test
  void gap_overPolling_thenReconnectsFromTheLastMessageProcessed_insteadOfLostMessages()
      throws Exception {
    Connection connection =
        session(
            Osmosis.sessions()
                .transports(Transport.HTTP_POLLING)
                .livenessTimeout(Duration.ZERO)
                .reconnectionStrategy(ReconnectionStrategy.fixed(Duration.ofMillis(10))),
            kind -> null);
    connection.connect();
    Attempt first = attempts.poll(5, TimeUnit.SECONDS);
    first.receiver().onText(ReconnectClientTest.CONNECTED);
    connection.established().get(5, TimeUnit.SECONDS);
    first.receiver().onText("{\"s\":1,\"m\":[{\"t\":\"x\"}]}");
    first.receiver().onText("{\"s\":3,\"m\":[{\"t\":\"x\"}]}"); // message 2's poll answer was lost
    Attempt second = attempts.poll(5, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (second.channel().sent.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(
        1L, second.channel().sentMessage(0).get("ack"), "the server replays from message 2");
    assertTrue(first.channel().aborted);
    assertEquals(
        List.of("CONNECTING->CONNECTED_ACTIVE", "CONNECTED_ACTIVE->RECOVERING_RECONNECT"), states);
  }
}
