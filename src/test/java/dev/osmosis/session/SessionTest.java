package dev.osmosis.session;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.wire.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionTest {
  final TestSessions.RecordingConnection connection = new TestSessions.RecordingConnection();
  final Sessions sessions = TestSessions.sessions();

  @Test
  void close_thenStateReasonConnectionAndRegistryAllUpdatedOnce() {
    Session s = sessions.open(handshake(null, null, Map.of()), connection);
    List<CloseReason> hooks = new ArrayList<>();
    s.onClose((session, reason) -> hooks.add(reason));

    assertTrue(s.close(CloseReason.CLOSED_BY_CONTROLLER, "bye"));
    assertFalse(s.close(CloseReason.CLOSED_BY_SERVER, "again"));

    assertEquals(SessionState.CLOSED_BY_SERVER, s.state());
    assertEquals(CloseReason.CLOSED_BY_CONTROLLER, s.closeReason());
    assertEquals(List.of(CloseReason.CLOSED_BY_CONTROLLER), connection.closes);
    assertEquals(List.of(CloseReason.CLOSED_BY_CONTROLLER), hooks);
    assertEquals(0, sessions.registry().size());
  }

  @Test
  void close_whenEachReason_thenMatchingClosedState() {
    assertEquals(SessionState.CLOSED_BY_CLIENT, close(CloseReason.CLOSED_BY_CLIENT));
    assertEquals(SessionState.CLOSED_BY_SERVER, close(CloseReason.CLOSED_BY_SERVER));
    assertEquals(SessionState.CLOSED_FAILED, close(CloseReason.MESSAGE_TOO_LARGE));
    assertEquals(SessionState.CLOSED_FAILED, close(CloseReason.CONNECTION_ERROR));
  }

  private SessionState close(CloseReason reason) {
    Session s = sessions.open(handshake(null, null, Map.of()), connection);
    s.close(reason, null);
    return s.state();
  }

  @Test
  void onClose_whenAlreadyClosed_thenRunsAtOnce() {
    Session s = sessions.open(handshake(null, null, Map.of()), connection);
    s.close(CloseReason.CLOSED_BY_CLIENT, null);
    List<CloseReason> hooks = new ArrayList<>();
    s.onClose((session, reason) -> hooks.add(reason));
    assertEquals(List.of(CloseReason.CLOSED_BY_CLIENT), hooks);
  }

  @Test
  void close_whenAHookThrows_thenOtherHooksStillRun() {
    Session s = sessions.open(handshake(null, null, Map.of()), connection);
    AtomicInteger ran = new AtomicInteger();
    s.onClose(
        (session, reason) -> {
          throw new IllegalStateException("boom");
        });
    s.onClose((session, reason) -> ran.incrementAndGet());
    s.close(CloseReason.CLOSED_BY_SERVER, null);
    assertEquals(1, ran.get());
    assertEquals(0, sessions.registry().size());
  }

  @Test
  void close_whenRacingFromManyThreads_thenExactlyOneWinsAndHooksRunOnce() throws Exception {
    for (int round = 0; round < 200; round++) {
      Session s = sessions.open(handshake(null, null, Map.of()), connection);
      AtomicInteger hookRuns = new AtomicInteger();
      AtomicInteger winners = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread thread =
            new Thread(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    return;
                  }
                  s.onClose((x, r) -> hookRuns.incrementAndGet());
                  if (s.close(CloseReason.CLOSED_BY_SERVER, null)) {
                    winners.incrementAndGet();
                  }
                });
        thread.start();
        threads.add(thread);
      }
      go.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
      assertEquals(1, winners.get());
      assertEquals(
          4, hookRuns.get(), "every hook runs exactly once, even those added while closing");
    }
    assertEquals(0, sessions.registry().size());
  }

  @Test
  void sessionId_whenParsed_thenRoundTripsAndRejectsGarbage() {
    SessionId id = SessionId.random();
    assertEquals(id, SessionId.parse(id.toString()));
    for (String bad :
        new String[] {
          "", "abc", "0123456789abcdef_0123456789abcdef", "0123456789ABCDEF-0123456789abcdef"
        }) {
      org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class, () -> SessionId.parse(bad), bad);
    }
  }

  @Test
  void filter_whenValuesCanonicalOrNot_thenSameAnswers() {
    String longValue =
        "x".repeat(200); // longer than the canonical pool takes: compared by contents
    Session s =
        sessions.open(
            handshake(
                null,
                null,
                Map.of("Department", new String("Accounts"), "Note", new String(longValue))),
            connection);

    assertTrue(dev.osmosis.filter.SessionFilter.parse("Department is 'Accounts'").matches(s));
    assertFalse(dev.osmosis.filter.SessionFilter.parse("Department is 'Account'").matches(s));
    assertTrue(dev.osmosis.filter.SessionFilter.parse("Note is '" + longValue + "'").matches(s));
    assertFalse(dev.osmosis.filter.SessionFilter.parse("Note is '" + longValue + "y'").matches(s));
    assertTrue(
        dev.osmosis.filter.SessionFilter.parse("Department ne 'Sales' and Note ne 'x'").matches(s));
    assertTrue(dev.osmosis.filter.SessionFilter.parse("$Transport is 'WEBSOCKET'").matches(s));

    s.updateUserProperties(Map.of("Department", new String("Sales")));
    assertFalse(dev.osmosis.filter.SessionFilter.parse("Department is 'Accounts'").matches(s));
    assertTrue(dev.osmosis.filter.SessionFilter.parse("Department eq 'Sales'").matches(s));
    assertEquals("Sales", s.property(dev.osmosis.filter.CanonicalKeys.of("Department")));
    assertEquals(longValue, s.properties().get("Note"));
  }
}
