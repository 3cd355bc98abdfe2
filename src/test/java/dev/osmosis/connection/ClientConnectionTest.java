package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.session.SessionState;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.session.Transport;
import dev.osmosis.wire.CloseReason;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The protocol state machine on a fake connection: the transport tier of STYLE.md's three test
 * tiers.
 */
class ClientConnectionTest {
  final TestSessions.RecordingConnection connection = new TestSessions.RecordingConnection();
  final Sessions sessions = TestSessions.sessions();
  final dev.osmosis.subscribe.Subscriptions subscriptions = TestSessions.subscriptions();
  final dev.osmosis.subscribe.TopicControl topics =
      new dev.osmosis.subscribe.TopicControl(subscriptions, TestSessions::store);
  final ClientConnection client =
      new ClientConnection(
          sessions,
          TestSessions.control(sessions),
          subscriptions,
          topics,
          connection,
          Transport.WEBSOCKET,
          TestSessions.CLOCK);

  @Test
  void connect_whenValid_thenConnectedMessageWithGrantedLimits() {
    client.onText("{\"t\":\"connect\",\"v\":1,\"clientType\":\"JAVA\",\"reconnectTimeout\":5000}");
    assertNotNull(client.session());
    String connected = connection.last();
    assertTrue(
        connected.startsWith(
            "{\"t\":\"connected\",\"v\":1,\"sessionId\":\"" + client.session().id()),
        connected);
    assertTrue(connected.contains("\"reconnectTimeout\":5000"), connected);
    assertTrue(connected.contains("\"token\":\"" + client.session().token() + "\""), connected);
  }

  @Test
  void firstMessage_whenNotConnect_thenClosedInvalidInboundMessage() {
    client.onText("{\"t\":\"ping\",\"id\":1}");
    assertNull(client.session());
    assertEquals(List.of(CloseReason.INVALID_INBOUND_MESSAGE), connection.closes);
    client.onText("{\"t\":\"connect\",\"v\":1}");
    assertNull(client.session(), "nothing is accepted after the refusal");
  }

  @Test
  void firstMessage_whenNotJson_thenClosedInvalidInboundMessageSayingWhy() {
    client.onText("hello");
    assertEquals(List.of(CloseReason.INVALID_INBOUND_MESSAGE), connection.closes);
    assertTrue(
        connection.closeMessages.get(0).contains("not valid JSON"),
        connection.closeMessages.get(0));
  }

  @Test
  void connect_whenVersionUnsupported_thenHandshakeRejected() {
    client.onText("{\"t\":\"connect\",\"v\":2}");
    assertEquals(List.of(CloseReason.HANDSHAKE_REJECTED), connection.closes);
  }

  @Test
  void connect_whenWrongPassword_thenAccessDenied() {
    client.onText("{\"t\":\"connect\",\"v\":1,\"principal\":\"client\",\"credentials\":\"x\"}");
    assertEquals(List.of(CloseReason.ACCESS_DENIED), connection.closes);
    assertEquals(0, sessions.registry().size());
  }

  @Test
  void handshakeOverdue_onlyWithoutSessionAndPastTheTimeout() {
    long start = TestSessions.CLOCK.millis();
    assertFalse(client.handshakeOverdue(start + 9_999, 10_000));
    assertTrue(client.handshakeOverdue(start + 10_000, 10_000));
    client.onText("{\"t\":\"connect\",\"v\":1}");
    assertFalse(client.handshakeOverdue(start + 60_000, 10_000), "a session was opened");
  }

  @Test
  void handshakeTimeout_afterARefusedHandshake_thenNothingMore() {
    client.onText("{\"t\":\"connect\",\"v\":1,\"clientType\":\"TOASTER\"}");
    assertEquals(List.of(CloseReason.HANDSHAKE_REJECTED), connection.closes);
    client.onHandshakeTimeout();
    assertEquals(
        List.of(CloseReason.HANDSHAKE_REJECTED),
        connection.closes,
        "refused once, not again as idle");
  }

  @Test
  void handshakeTimeout_whenNotConnected_thenIdleConnection_elseIgnored() {
    client.onHandshakeTimeout();
    assertEquals(List.of(CloseReason.IDLE_CONNECTION), connection.closes);

    TestSessions.RecordingConnection other = new TestSessions.RecordingConnection();
    ClientConnection connected =
        new ClientConnection(
            sessions,
            TestSessions.control(sessions),
            subscriptions,
            topics,
            other,
            Transport.WEBSOCKET,
            TestSessions.CLOCK);
    connected.onText("{\"t\":\"connect\",\"v\":1}");
    connected.onHandshakeTimeout();
    assertEquals(List.of(), other.closes);
  }

  @Test
  void messages_whenConnected_thenPingAnsweredAndBadOnesGetCodedErrors() {
    client.onText("{\"t\":\"connect\",\"v\":1}");
    client.onText("{\"t\":\"ping\",\"id\":3}");
    assertEquals(
        "{\"t\":\"ok\",\"id\":3,\"time\":" + TestSessions.CLOCK.millis() + "}", connection.last());
    client.onText("{\"t\":\"ping\"}");
    assertTrue(connection.last().contains("\"code\":1003"), connection.last());
    client.onText("{\"t\":\"ping\",\"id\":-4}");
    assertTrue(connection.last().contains("\"code\":1003"), connection.last());
    client.onText("{\"t\":\"nope\",\"id\":4}");
    assertEquals(
        "{\"t\":\"error\",\"id\":4,\"code\":1002,\"message\":\"unknown message type \\\"nope\\\"\"}",
        connection.last());
    client.onText("[1,2]");
    assertTrue(connection.last().contains("\"code\":1001"), connection.last());
    client.onText("{\"t\":\"connect\",\"v\":1}");
    assertTrue(connection.last().contains("\"code\":1005"), connection.last());
    client.onBinary();
    assertTrue(connection.last().contains("\"code\":1001"), connection.last());
    assertEquals(SessionState.CONNECTED_ACTIVE, client.session().state());
  }

  @Test
  void changePrincipal_thenOkWithRolesOrError2001() {
    client.onText("{\"t\":\"connect\",\"v\":1}");
    client.onText(
        "{\"t\":\"changePrincipal\",\"id\":5,\"principal\":\"admin\",\"credentials\":\"bad\"}");
    assertTrue(
        connection.last().startsWith("{\"t\":\"error\",\"id\":5,\"code\":2001"), connection.last());
    client.onText(
        "{\"t\":\"changePrincipal\",\"id\":6,\"principal\":\"admin\",\"credentials\":\"secret\"}");
    assertEquals(
        "{\"t\":\"ok\",\"id\":6,\"principal\":\"admin\",\"roles\":[\"ADMINISTRATOR\"]}",
        connection.last());
  }

  @Test
  void close_whenClientSaysClose_thenClosedByClientAndReleased() {
    client.onText("{\"t\":\"connect\",\"v\":1}");
    client.onText("{\"t\":\"close\"}");
    assertEquals(SessionState.CLOSED_BY_CLIENT, client.session().state());
    assertEquals(0, sessions.registry().size());
  }

  @Test
  void transportClosed_whenConnected_thenSessionEndsWithTheTransportsReason() {
    client.onText("{\"t\":\"connect\",\"v\":1}");
    client.onTransportClosed(CloseReason.MESSAGE_TOO_LARGE, "1009");
    assertEquals(CloseReason.MESSAGE_TOO_LARGE, client.session().closeReason());
    assertEquals(0, sessions.registry().size());
  }

  @Test
  void slowConsumer_thenClosedMessageQueueLimitReached() {
    client.onText("{\"t\":\"connect\",\"v\":1}");
    client.onSlowConsumer();
    assertEquals(CloseReason.MESSAGE_QUEUE_LIMIT_REACHED, client.session().closeReason());
  }

  @Test
  void batch_whenMixed_thenEachAnsweredInOrder() {
    client.onText(
        "[{\"t\":\"connect\",\"v\":1},{\"t\":\"ping\",\"id\":1},7,{\"t\":\"ping\",\"id\":2}]");
    List<String> sent = connection.sent;
    assertEquals(4, sent.size(), sent.toString());
    assertTrue(sent.get(1).contains("\"id\":1"));
    assertTrue(sent.get(2).contains("\"code\":1001"));
    assertTrue(sent.get(3).contains("\"id\":2"));
  }

  @Test
  void addSessionListener_whenIdReused_thenError4001AndNoListenerLeaks() {
    client.onText("{\"t\":\"connect\",\"v\":1,\"principal\":\"admin\",\"credentials\":\"secret\"}");
    client.onText("{\"t\":\"addSessionListener\",\"id\":7,\"keys\":[\"$Principal\"]}");
    client.onText("{\"t\":\"addSessionListener\",\"id\":7,\"keys\":[\"$Principal\"]}");
    assertTrue(
        connection.last().startsWith("{\"t\":\"error\",\"id\":7,\"code\":4001"), connection.last());
    int sent = connection.sent.size();
    sessions.open(
        TestSessions.handshake(null, null, java.util.Map.of()),
        new TestSessions.RecordingConnection());
    assertEquals(
        1,
        connection.sent.size() - sent,
        "one OPEN event, from the one listener 7: " + connection.sent);
    client.onText("{\"t\":\"removeSessionListener\",\"id\":8,\"listener\":7}");
    sent = connection.sent.size();
    sessions.open(
        TestSessions.handshake(null, null, java.util.Map.of()),
        new TestSessions.RecordingConnection());
    assertEquals(0, connection.sent.size() - sent, "no listener left behind: " + connection.sent);
  }

  @Test
  void addSessionListener_whenCapReached_thenError4029AndNothingRegistered() {
    client.onText("{\"t\":\"connect\",\"v\":1,\"principal\":\"admin\",\"credentials\":\"secret\"}");
    for (int id = 1; id <= 17; id++) {
      client.onText("{\"t\":\"addSessionListener\",\"id\":" + id + ",\"keys\":[]}");
    }
    assertTrue(
        connection.last().startsWith("{\"t\":\"error\",\"id\":17,\"code\":4029"),
        connection.last());
    int sent = connection.sent.size();
    sessions.open(
        TestSessions.handshake(null, null, java.util.Map.of()),
        new TestSessions.RecordingConnection());
    assertEquals(16, connection.sent.size() - sent, "an OPEN event from each of the 16 listeners");
  }

  @Test
  void addSessionListener_whenPermissionMissing_thenOnlyError3001NoOk() {
    client.onText("{\"t\":\"connect\",\"v\":1}");
    int sent = connection.sent.size();
    client.onText("{\"t\":\"addSessionListener\",\"id\":9,\"keys\":[]}");
    assertEquals(
        1,
        connection.sent.size() - sent,
        connection.sent.subList(sent, connection.sent.size()).toString());
    assertTrue(
        connection.last().startsWith("{\"t\":\"error\",\"id\":9,\"code\":3001"), connection.last());
  }

  @Test
  void changePrincipal_whenOneIsBeingVerified_thenTheNextIsError4029UntilItIsAnswered() {
    List<Runnable> pool = new java.util.ArrayList<>();
    client.logins(pool::add);
    client.onText("{\"t\":\"connect\",\"v\":1}");
    client.onText(
        "[{\"t\":\"changePrincipal\",\"id\":5,\"principal\":\"admin\",\"credentials\":\"bad\"},"
            + "{\"t\":\"changePrincipal\",\"id\":6,\"principal\":\"admin\",\"credentials\":\"bad\"},"
            + "{\"t\":\"changePrincipal\",\"id\":7,\"principal\":\"admin\",\"credentials\":\"bad\"}]");
    assertEquals(1, pool.size(), "only the first one was queued for verification");
    assertTrue(
        connection.sent.stream()
            .anyMatch(m -> m.startsWith("{\"t\":\"error\",\"id\":6,\"code\":4029")),
        connection.sent.toString());
    assertTrue(
        connection.last().startsWith("{\"t\":\"error\",\"id\":7,\"code\":4029"), connection.last());
    pool.remove(0).run();
    assertTrue(
        connection.last().startsWith("{\"t\":\"error\",\"id\":5,\"code\":2001"), connection.last());
    client.onText(
        "{\"t\":\"changePrincipal\",\"id\":8,\"principal\":\"admin\",\"credentials\":\"secret\"}");
    pool.remove(0).run();
    assertEquals(
        "{\"t\":\"ok\",\"id\":8,\"principal\":\"admin\",\"roles\":[\"ADMINISTRATOR\"]}",
        connection.last());
  }

  @Test
  void changePrincipal_whenLoginPoolIsFull_thenError4029AndTheNextOneMayGo() {
    List<Runnable> accepted = new java.util.ArrayList<>();
    boolean[] full = {true};
    client.logins(
        task -> {
          if (full[0]) {
            throw new java.util.concurrent.RejectedExecutionException("full");
          }
          accepted.add(task);
        });
    client.onText("{\"t\":\"connect\",\"v\":1}");
    client.onText(
        "{\"t\":\"changePrincipal\",\"id\":5,\"principal\":\"admin\",\"credentials\":\"secret\"}");
    assertTrue(
        connection.last().startsWith("{\"t\":\"error\",\"id\":5,\"code\":4029"), connection.last());
    assertTrue(connection.last().contains("busy"), connection.last());
    full[0] = false;
    client.onText(
        "{\"t\":\"changePrincipal\",\"id\":6,\"principal\":\"admin\",\"credentials\":\"secret\"}");
    assertEquals(
        1, accepted.size(), "the refusal did not leave the connection marked as verifying");
  }

  @Test
  void connect_withPrincipal_thenVerifiedOnTheLoginPool_anonymousNot() {
    java.util.concurrent.atomic.AtomicInteger pooled =
        new java.util.concurrent.atomic.AtomicInteger();
    client.logins(
        task -> {
          pooled.incrementAndGet();
          task.run();
        });
    client.onText("{\"t\":\"connect\",\"v\":1,\"principal\":\"admin\",\"credentials\":\"secret\"}");
    assertEquals("admin", client.session().principal());
    assertEquals(1, pooled.get());

    TestSessions.RecordingConnection other = new TestSessions.RecordingConnection();
    ClientConnection anonymous =
        new ClientConnection(
                sessions,
                TestSessions.control(sessions),
                subscriptions,
                topics,
                other,
                Transport.WEBSOCKET,
                TestSessions.CLOCK)
            .logins(
                task -> {
                  pooled.incrementAndGet();
                  task.run();
                });
    anonymous.onText("{\"t\":\"connect\",\"v\":1}");
    assertNotNull(anonymous.session());
    assertEquals(1, pooled.get(), "nothing to verify: not pooled");
  }

  @Test
  void connect_withPrincipal_whenLoginPoolFull_thenClosedIdleConnectionToTryAgain() {
    client.logins(
        task -> {
          throw new java.util.concurrent.RejectedExecutionException("full");
        });
    client.onText("{\"t\":\"connect\",\"v\":1,\"principal\":\"admin\",\"credentials\":\"secret\"}");
    assertNull(client.session());
    assertEquals(List.of(CloseReason.IDLE_CONNECTION), connection.closes);
    assertTrue(connection.closeMessages.get(0).contains("busy"), connection.closeMessages.get(0));
  }

  @Test
  void connect_withPrincipal_whenRefusedOnThePool_thenAccessDenied() {
    client.logins(Runnable::run);
    client.onText("{\"t\":\"connect\",\"v\":1,\"principal\":\"admin\",\"credentials\":\"bad\"}");
    assertEquals(List.of(CloseReason.ACCESS_DENIED), connection.closes);
    assertEquals(0, sessions.registry().size());
  }

  @Test
  void changePrincipal_whenA64KiBFrameIsFullOfThem_thenOneVerificationAndTheRest4029() {
    List<Runnable> pool = new java.util.ArrayList<>();
    client.logins(pool::add);
    client.onText("{\"t\":\"connect\",\"v\":1}");
    StringBuilder frame = new StringBuilder("[");
    int n = 0;
    while (frame.length() < 64 * 1024 - 100) {
      frame
          .append(n == 0 ? "" : ",")
          .append("{\"t\":\"changePrincipal\",\"id\":")
          .append(++n)
          .append(",\"principal\":\"admin\",\"credentials\":\"g\"}");
    }
    int sent = connection.sent.size();
    client.onText(frame.append("]").toString());
    assertTrue(n > 700, "the issue's ~780 attempts per frame: " + n);
    assertEquals(1, pool.size(), "one verification queued for the whole frame");
    assertEquals(n - 1, connection.sent.size() - sent);
    assertTrue(
        connection.sent.subList(sent, connection.sent.size()).stream()
            .allMatch(m -> m.contains("\"code\":4029")));
  }
}
