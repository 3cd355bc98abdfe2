package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.client.Session.State;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The protocol core driven by a fake transport, on the test thread (a direct event executor). */
class ConnectionTest {

  static final String CONNECTED =
      "{\"t\":\"connected\",\"v\":1,"
          + "\"sessionId\":\"6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b\",\"token\":\"secret\","
          + "\"server\":\"osmosis\",\"principal\":\"client\",\"roles\":[\"CLIENT\"],"
          + "\"properties\":{\"$SessionId\":\"6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b\","
          + "\"$Principal\":\"client\",\"Department\":\"Accounts\"},"
          + "\"limits\":{\"maxMessageSize\":1000,\"reconnectTimeout\":60000,\"maxOutboundQueue\":10000}}";

  final List<String> events = new CopyOnWriteArrayList<>();
  final SessionConfig config =
      Osmosis.sessions()
          .principal("client")
          .password("password")
          .property("Department", "Accounts")
          .reconnectTimeout(Duration.ofSeconds(60))
          .listener(
              (session, oldState, newState) ->
                  events.add(
                      oldState
                          + "->"
                          + newState
                          + session.getCloseReason().map(reason -> "(" + reason + ")").orElse("")))
          .config();
  final ClientSession session = new ClientSession(config, Runnable::run);
  final Connection connection = session.connection();
  final FakeTransport transport = new FakeTransport(connection);

  private void connect() {
    connection.start(transport);
    connection.onText(CONNECTED);
  }

  private static Throwable failure(CompletableFuture<?> future) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> future.get(1, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void start_whenTransportOpen_thenSendsConnectFirst() {
    connection.start(transport);
    assertEquals(
        Map.of(
            "t",
            "connect",
            "v",
            1L,
            "clientType",
            "JAVA",
            "principal",
            "client",
            "credentials",
            "password",
            "properties",
            Map.of("Department", "Accounts"),
            "reconnectTimeout",
            60000L,
            "seq",
            true,
            "topics",
            Map.of()),
        transport.sentMessage(0));
    assertEquals(State.CONNECTING, session.getState());
    assertNull(session.getSessionId());
  }

  @Test
  void handshake_whenConnected_thenGrantedIdentityAndConnectedActive() throws Exception {
    connect();
    assertEquals(session, connection.established().get(1, TimeUnit.SECONDS));
    assertEquals(State.CONNECTED_ACTIVE, session.getState());
    assertEquals("6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b", session.getSessionId().toString());
    assertEquals("client", session.getPrincipal());
    assertEquals(Set.of("CLIENT"), session.getRoles());
    assertEquals("Accounts", session.getProperties().get("Department"));
    assertEquals("client", session.getProperties().get("$Principal"));
    assertEquals("osmosis", session.getServerName());
    assertEquals(new Limits(1000, Duration.ofSeconds(60), 10000), session.getLimits());
    assertEquals(Optional.empty(), session.getCloseReason());
    assertEquals(List.of("CONNECTING->CONNECTED_ACTIVE"), events);
    assertFalse(connection.grant().toString().contains("secret"));
  }

  @Test
  void handshake_whenAccessDenied_thenOpenFailsWithReasonAndClosedFailed() {
    connection.start(transport);
    connection.onText(
        "{\"t\":\"close\",\"reason\":\"ACCESS_DENIED\",\"code\":4,\"message\":\"Wrong password\"}");
    connection.onClosed(4004, "");

    SessionEstablishmentException e =
        assertInstanceOf(SessionEstablishmentException.class, failure(connection.established()));
    assertEquals(CloseReason.ACCESS_DENIED, e.getCloseReason());
    assertEquals("Wrong password", e.getServerMessage());
    assertEquals(State.CLOSED_FAILED, session.getState());
    assertEquals(Optional.of(CloseReason.ACCESS_DENIED), session.getCloseReason());
    assertEquals(List.of("CONNECTING->CLOSED_FAILED(ACCESS_DENIED)"), events);
  }

  @Test
  void handshake_whenClosedWithoutMessage_thenReasonFromCloseCode() {
    connection.start(transport);
    connection.onClosed(4003, "");
    SessionEstablishmentException e =
        assertInstanceOf(SessionEstablishmentException.class, failure(connection.established()));
    assertEquals(CloseReason.HANDSHAKE_REJECTED, e.getCloseReason());
  }

  @Test
  void handshake_whenConnectionFails_thenConnectionErrorOrTimeout() {
    connection.connectFailed(new CompletionException(new IOException("refused")));
    assertEquals(
        CloseReason.CONNECTION_ERROR,
        ((SessionEstablishmentException) failure(connection.established())).getCloseReason());

    ClientSession other = new ClientSession(config, Runnable::run);
    other.connection().connectFailed(new HttpConnectTimeoutException("slow"));
    assertEquals(
        CloseReason.CONNECTION_TIMEOUT,
        ((SessionEstablishmentException) failure(other.connection().established()))
            .getCloseReason());
    assertEquals(State.CLOSED_FAILED, other.getState());
  }

  @Test
  void handshake_whenNoAnswerWithinConnectionTimeout_thenConnectionTimeout() {
    ClientSession slow =
        new ClientSession(
            Osmosis.sessions().connectionTimeout(Duration.ofMillis(50)).config(), Runnable::run);
    FakeTransport silent = new FakeTransport(null);
    slow.connection().uri(java.net.URI.create("ws://localhost/osmosis"));
    slow.connection()
        .opener((kind, uri, timeout, receiver) -> CompletableFuture.completedFuture(silent));
    slow.connection().connect();
    SessionEstablishmentException e =
        assertInstanceOf(
            SessionEstablishmentException.class, failure(slow.connection().established()));
    assertEquals(CloseReason.CONNECTION_TIMEOUT, e.getCloseReason());
    assertTrue(silent.aborted);
  }

  @Test
  void handshake_whenTransportOpensAfterTimeout_thenTransportAborted() {
    connection.connectFailed(new HttpConnectTimeoutException("slow"));
    connection.start(transport);
    assertTrue(transport.aborted);
    assertTrue(transport.sent.isEmpty());
  }

  @Test
  void pingServer_whenAnsweredOutOfOrder_thenEachAnswerCompletesItsRequest() throws Exception {
    connect();
    CompletableFuture<PingDetails> first = session.pingServer();
    CompletableFuture<PingDetails> second = session.pingServer();
    long firstId = (Long) transport.sentMessage(1).get("id");
    long secondId = (Long) transport.sentMessage(2).get("id");
    assertEquals("ping", transport.sentMessage(1).get("t"));
    assertTrue(firstId != secondId && firstId > 0);

    connection.onText("{\"t\":\"ok\",\"id\":" + secondId + ",\"time\":2000}");
    assertFalse(first.isDone());
    connection.onText("{\"t\":\"ok\",\"id\":" + firstId + ",\"time\":1000}");

    assertEquals(1000, first.get(1, TimeUnit.SECONDS).timestamp().toEpochMilli());
    assertEquals(2000, second.get(1, TimeUnit.SECONDS).timestamp().toEpochMilli());
    assertFalse(first.get().roundTripTime().isNegative());
  }

  @Test
  void request_whenErrorAnswer_thenSessionExceptionWithCodeAndSessionContinues() {
    connect();
    CompletableFuture<Map<String, Object>> answer = connection.request("probe", Map.of("x", 1));
    connection.onText(
        "{\"t\":\"error\",\"id\":1,\"code\":1002,\"message\":\"Unknown type probe\"}");
    SessionException e = assertInstanceOf(SessionException.class, failure(answer));
    assertEquals(1002, e.getCode());
    assertEquals(Optional.of(ErrorCode.UNKNOWN_MESSAGE_TYPE), e.getErrorCode());
    assertEquals("Unknown type probe", e.getMessage());
    assertEquals(State.CONNECTED_ACTIVE, session.getState());
  }

  @Test
  void request_whenLargerThanGrantedMaxMessageSize_thenFailsWithoutSending() {
    connect();
    int before = transport.sent.size();
    CompletableFuture<Map<String, Object>> answer =
        connection.request("big", Map.of("data", "x".repeat(2000)));
    assertInstanceOf(IllegalArgumentException.class, failure(answer));
    assertEquals(before, transport.sent.size());
  }

  @Test
  void request_whenNotConnected_thenFailsAtOnce() {
    assertInstanceOf(IllegalStateException.class, failure(session.pingServer()));
    connect();
    session.close();
    SessionClosedException e =
        assertInstanceOf(SessionClosedException.class, failure(session.pingServer()));
    assertEquals(CloseReason.CLOSED_BY_CLIENT, e.getCloseReason());
  }

  @Test
  void batch_whenSeveralMessages_thenProcessedInArrayOrder() {
    List<Object> seen = new ArrayList<>();
    connection.setHandler("n", message -> seen.add(message.get("i")));
    connection.start(transport);
    connection.onText(
        "["
            + CONNECTED
            + ",{\"t\":\"n\",\"i\":1},{\"t\":\"n\",\"i\":2},"
            + "{\"t\":\"n\",\"i\":3}]");
    assertEquals(State.CONNECTED_ACTIVE, session.getState());
    assertEquals(List.of(1L, 2L, 3L), seen);
    connection.onText("[]");
    assertEquals(State.CONNECTED_ACTIVE, session.getState());
  }

  @Test
  void batch_whenCloseInTheMiddle_thenEarlierAnswersCompleteAndLaterAreIgnored() {
    connect();
    CompletableFuture<PingDetails> first = session.pingServer();
    CompletableFuture<PingDetails> second = session.pingServer();
    connection.onText(
        "[{\"t\":\"ok\",\"id\":1,\"time\":5},"
            + "{\"t\":\"close\",\"reason\":\"CLOSED_BY_CONTROLLER\",\"code\":1,\"message\":\"bye\"},"
            + "{\"t\":\"ok\",\"id\":2,\"time\":6}]");
    assertEquals(5, first.join().timestamp().toEpochMilli());
    assertEquals(
        CloseReason.CLOSED_BY_CONTROLLER,
        assertInstanceOf(SessionClosedException.class, failure(second)).getCloseReason());
  }

  @Test
  void serverClose_whenClosedByController_thenClosedByServerWithReason() {
    connect();
    connection.onText(
        "{\"t\":\"close\",\"reason\":\"CLOSED_BY_CONTROLLER\",\"code\":1,\"message\":\"admin\"}");
    connection.onClosed(4001, "");
    assertEquals(State.CLOSED_BY_SERVER, session.getState());
    assertEquals(Optional.of(CloseReason.CLOSED_BY_CONTROLLER), session.getCloseReason());
    assertEquals(
        List.of(
            "CONNECTING->CONNECTED_ACTIVE",
            "CONNECTED_ACTIVE->CLOSED_BY_SERVER(CLOSED_BY_CONTROLLER)"),
        events);
  }

  @Test
  void serverClose_whenCode1009WithoutMessage_thenMessageTooLarge() {
    connect();
    connection.onClosed(1009, "");
    assertEquals(Optional.of(CloseReason.MESSAGE_TOO_LARGE), session.getCloseReason());
    assertEquals(State.CLOSED_FAILED, session.getState());
  }

  @Test
  void connectionLost_whenTransportError_thenConnectionErrorAndPendingFail() {
    connect();
    CompletableFuture<PingDetails> ping = session.pingServer();
    connection.onError(new IOException("reset"));
    assertEquals(Optional.of(CloseReason.CONNECTION_ERROR), session.getCloseReason());
    assertEquals(State.CLOSED_FAILED, session.getState());
    assertInstanceOf(SessionClosedException.class, failure(ping));
    assertTrue(transport.aborted);
  }

  @Test
  void close_whenPendingRequests_thenTheyFailAndCloseIsSent() {
    connect();
    CompletableFuture<PingDetails> ping = session.pingServer();
    CompletableFuture<Boolean> change = session.changePrincipal("admin", "password");
    session.close();
    assertEquals(
        CloseReason.CLOSED_BY_CLIENT,
        assertInstanceOf(SessionClosedException.class, failure(ping)).getCloseReason());
    assertInstanceOf(SessionClosedException.class, failure(change));
    assertEquals(Map.of("t", "close"), transport.lastSent());
    assertFalse(transport.aborted, "the server closed the connection in time");
  }

  @Test
  void close_whenCalledTwice_thenClosesOnceAndListenerSeesWholeLifecycle() {
    connect();
    session.close();
    session.close();
    assertEquals(State.CLOSED_BY_CLIENT, session.getState());
    assertEquals(1, transport.sent.stream().filter(text -> text.contains("\"close\"")).count());
    assertEquals(
        List.of(
            "CONNECTING->CONNECTED_ACTIVE", "CONNECTED_ACTIVE->CLOSED_BY_CLIENT(CLOSED_BY_CLIENT)"),
        events);
  }

  @Test
  void close_whenServerNeverClosesConnection_thenAbortedAfterBriefWait() {
    FakeTransport deaf = new FakeTransport(null);
    connection.start(deaf);
    connection.onText(CONNECTED);
    long start = System.nanoTime();
    session.close();
    assertTrue(deaf.aborted);
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(4).toNanos());
  }

  @Test
  void changePrincipal_whenAccepted_thenTrueAndIdentityUpdated() throws Exception {
    connect();
    CompletableFuture<Boolean> change = session.changePrincipal("admin", "password");
    Map<String, Object> request = transport.lastSent();
    assertEquals("changePrincipal", request.get("t"));
    assertEquals("admin", request.get("principal"));
    assertEquals("password", request.get("credentials"));
    connection.onText(
        "{\"t\":\"ok\",\"id\":"
            + request.get("id")
            + ",\"principal\":\"admin\",\"roles\":[\"ADMINISTRATOR\",\"CLIENT\"]}");
    assertTrue(change.get(1, TimeUnit.SECONDS));
    assertEquals("admin", session.getPrincipal());
    assertEquals(Set.of("ADMINISTRATOR", "CLIENT"), session.getRoles());
  }

  @Test
  void changePrincipal_whenAuthenticationFails_thenFalseAndIdentityKept() throws Exception {
    connect();
    CompletableFuture<Boolean> change = session.changePrincipal("admin", "wrong");
    connection.onText("{\"t\":\"error\",\"id\":1,\"code\":2001,\"message\":\"denied\"}");
    assertFalse(change.get(1, TimeUnit.SECONDS));
    assertEquals("client", session.getPrincipal());
  }

  @Test
  void changePrincipal_whenOtherError_thenCompletesExceptionally() {
    connect();
    CompletableFuture<Boolean> change = session.changePrincipal("admin", "password");
    connection.onText("{\"t\":\"error\",\"id\":1,\"code\":3001,\"message\":\"AUTHENTICATE\"}");
    assertEquals(3001, assertInstanceOf(SessionException.class, failure(change)).getCode());
  }

  @Test
  void incoming_whenUnknownTypeMalformedOrUncorrelated_thenIgnored() {
    connect();
    connection.onText("{\"t\":\"fromTheFuture\",\"x\":1}");
    connection.onText("not json");
    connection.onText("[1,\"x\",{\"t\":\"ok\",\"id\":99}]");
    connection.onText("{\"t\":\"error\",\"code\":1001,\"message\":\"Malformed\"}");
    connection.onText(CONNECTED);
    assertEquals(State.CONNECTED_ACTIVE, session.getState());
  }

  @Test
  void listener_whenAddedAndRemoved_thenSeesOnlyChangesInBetween() {
    List<State> seen = new ArrayList<>();
    Session.Listener listener = (s, oldState, newState) -> seen.add(newState);
    session.addListener(listener);
    connect();
    session.removeListener(listener);
    session.close();
    assertEquals(List.of(State.CONNECTED_ACTIVE), seen);
  }

  @Test
  void listener_whenItThrows_thenOtherListenersAndSessionUnaffected() {
    session.addListener(
        (s, oldState, newState) -> {
          throw new IllegalStateException("boom");
        });
    connect();
    assertEquals(State.CONNECTED_ACTIVE, session.getState());
    assertEquals(List.of("CONNECTING->CONNECTED_ACTIVE"), events);
  }
}
