package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.session.Transport;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.wire.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SessionLimits through the protocol state machine: fetches in flight, invalid messages (count,
 * log, close).
 */
class ProtocolLimitsTest {
  final Sessions sessions = TestSessions.sessions();
  final Subscriptions subscriptions = TestSessions.subscriptions();
  final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);

  /**
   * Records like RecordingConnection, but keeps tracked replies queued until the test releases
   * them.
   */
  static final class HoldingConnection implements dev.osmosis.session.Connection {
    final TestSessions.RecordingConnection recorded = new TestSessions.RecordingConnection();
    final List<String> sent = recorded.sent;
    final List<CloseReason> closes = recorded.closes;
    final List<String> closeMessages = recorded.closeMessages;
    final List<Runnable> held = new ArrayList<>();

    @Override
    public void send(String message) {
      recorded.send(message);
    }

    @Override
    public synchronized void sendTracked(String message, Runnable taken) {
      recorded.send(message);
      held.add(taken);
    }

    @Override
    public void close(CloseReason reason, String message) {
      recorded.close(reason, message);
    }

    @Override
    public String remoteAddress() {
      return recorded.remoteAddress();
    }

    String last() {
      return recorded.last();
    }
  }

  final HoldingConnection connection = new HoldingConnection();
  final ClientConnection client =
      new ClientConnection(
              sessions,
              TestSessions.control(sessions),
              subscriptions,
              topics,
              connection,
              Transport.WEBSOCKET,
              TestSessions.CLOCK)
          .limits(new SessionLimits(1 << 20, 1 << 20, 2, 10, 65536));

  final List<LogRecord> logged = new ArrayList<>();
  final Logger log = Logger.getLogger(ClientConnection.class.getName());
  final Handler handler =
      new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  ProtocolLimitsTest() {
    log.addHandler(handler);
    client.onText("{\"t\":\"connect\",\"v\":1}");
    connection.sent.clear();
  }

  @AfterEach
  void removeHandler() {
    log.removeHandler(handler);
  }

  @Test
  void registrations_whenTheSessionHoldsTheMost_thenLimitExceeded_untilOneIsRemoved() {
    TestSessions.RecordingConnection out = new TestSessions.RecordingConnection();
    ClientConnection admin =
        new ClientConnection(
                sessions,
                TestSessions.control(sessions),
                subscriptions,
                topics,
                out,
                Transport.WEBSOCKET,
                TestSessions.CLOCK)
            .limits(new SessionLimits(1 << 20, 1 << 20, 2, 10, 65536, 3));
    admin.onText("{\"t\":\"connect\",\"v\":1,\"principal\":\"admin\",\"credentials\":\"secret\"}");
    admin.onText("{\"t\":\"addMissingTopicHandler\",\"id\":1,\"path\":\"games\"}");
    admin.onText("{\"t\":\"selectNotifications\",\"id\":2,\"selector\":\"?a//\"}");
    admin.onText("{\"t\":\"addSessionListener\",\"id\":3,\"keys\":[\"$Principal\"]}");
    out.sent.clear();
    admin.onText("{\"t\":\"selectNotifications\",\"id\":4,\"selector\":\"?b//\"}");
    assertEquals(
        "{\"t\":\"error\",\"id\":4,\"code\":4029,\"message\":\"a session may hold at most 3"
            + " registrations (osmosis.maxRegistrationsPerSession: request handlers, missing-topic"
            + " handlers, notification selections and session properties listeners together); this"
            + " one holds 3: remove one first\"}",
        out.last());
    admin.onText("{\"t\":\"addSessionListener\",\"id\":5,\"keys\":[]}");
    assertTrue(out.last().contains("\"id\":5,\"code\":4029"), out.last());
    admin.onText("{\"t\":\"selectNotifications\",\"id\":6,\"selector\":\"?a//\"}");
    assertEquals("{\"t\":\"ok\",\"id\":6,\"count\":0}", out.last(), "one it holds: nothing new");
    admin.onText("{\"t\":\"removeSessionListener\",\"id\":7,\"listener\":3}");
    admin.onText("{\"t\":\"selectNotifications\",\"id\":8,\"selector\":\"?b//\"}");
    assertEquals("{\"t\":\"ok\",\"id\":8,\"count\":0}", out.last());
  }

  @Test
  void fetch_whenTooManyAnswersWaitToBeWritten_thenLimitExceeded_untilOneIsTaken() {
    client.onText("{\"t\":\"fetch\",\"id\":1,\"selector\":\"?a/.*\"}");
    client.onText("{\"t\":\"fetch\",\"id\":2,\"selector\":\"?a/.*\"}");
    client.onText("{\"t\":\"fetch\",\"id\":3,\"selector\":\"?a/.*\"}");
    assertEquals(
        "{\"t\":\"error\",\"id\":3,\"code\":4029,\"message\":\"at most 2 fetch answers may wait to be sent "
            + "to a session; read them before fetching more\"}",
        connection.last());
    connection.held.remove(0).run();
    client.onText("{\"t\":\"fetch\",\"id\":4,\"selector\":\"?a/.*\"}");
    assertTrue(connection.last().startsWith("{\"t\":\"ok\",\"id\":4,"), connection.last());
  }

  @Test
  void fetch_whenRefusedForAnotherReason_thenItDoesNotCountAsInFlight() {
    for (int id = 1; id <= 5; id++) {
      client.onText("{\"t\":\"fetch\",\"id\":" + id + ",\"selector\":\"?secret/.*\"}");
      assertTrue(connection.last().contains("\"code\":3001"), connection.last());
    }
  }

  @Test
  void invalidMessages_whenAFrameFloodsThem_thenFirstLoggedOnce_andTheSessionClosedPastTheLimit() {
    client.onText(
        "[" + "{},".repeat(4_999) + "{}]"); // the 15 KB frame: 5,000 invalid messages
    assertEquals(
        10, connection.sent.size(), "one error per invalid message up to the limit, then nothing");
    assertTrue(connection.sent.stream().allMatch(m -> m.contains("\"code\":1002")));
    assertEquals(List.of(CloseReason.INVALID_INBOUND_MESSAGE), connection.closes);
    assertEquals("more than 10 invalid messages within 60 s", connection.closeMessages.get(0));
    assertEquals(2, logged.size(), "the first invalid message and the close, not 5,000 lines");
    assertTrue(logged.get(1).getMessage().contains("closed"), logged.get(1).getMessage());
  }

  @Test
  void invalidMessages_belowTheLimit_thenEachAnswered_butLoggedOncePerMinute() {
    for (int i = 0; i < 10; i++) {
      client.onText("{\"t\":\"nonsense\",\"id\":" + (i + 1) + "}");
    }
    assertEquals(10, connection.sent.size());
    assertEquals(List.of(), connection.closes);
    assertEquals(1, logged.size());
  }

  @Test
  void refusal_whenTheFirstMessageQuotesALongClientString_thenTheLogLineIsCut() {
    ClientConnection fresh =
        new ClientConnection(
            sessions,
            TestSessions.control(sessions),
            subscriptions,
            topics,
            new HoldingConnection(),
            Transport.WEBSOCKET,
            TestSessions.CLOCK);
    logged.clear();
    fresh.onText("{\"t\":\"" + "x".repeat(60_000) + "\"}");
    assertEquals(1, logged.size());
    String quoted = String.valueOf(logged.get(0).getParameters()[2]);
    assertTrue(quoted.length() <= 203 && quoted.endsWith("..."), quoted.length() + " characters");
  }
}
