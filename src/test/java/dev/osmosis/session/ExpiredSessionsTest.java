package dev.osmosis.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.wire.CloseReason;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The memory of expired sessions: id and token both needed, bounded. */
class ExpiredSessionsTest {

  @Test
  void remembered_onlyWithTheRightToken_andTheOldestForgottenPastTheCapacity() {
    Sessions sessions = TestSessions.sessions();
    ExpiredSessions expired = new ExpiredSessions(2);
    Session a =
        sessions.open(
            TestSessions.handshake("", "", java.util.Map.of()),
            new TestSessions.RecordingConnection());
    Session b =
        sessions.open(
            TestSessions.handshake("", "", java.util.Map.of()),
            new TestSessions.RecordingConnection());
    Session c =
        sessions.open(
            TestSessions.handshake("", "", java.util.Map.of()),
            new TestSessions.RecordingConnection());
    expired.remember(a);
    assertEquals(OptionalLong.of(a.reconnectTimeoutMillis()), expired.expired(a.id(), a.token()));
    assertTrue(expired.expired(a.id(), "wrong").isEmpty());
    assertTrue(expired.expired(b.id(), b.token()).isEmpty());
    expired.remember(b);
    expired.remember(c);
    assertEquals(2, expired.size());
    assertTrue(expired.expired(a.id(), a.token()).isEmpty(), "the oldest is forgotten");
    assertTrue(expired.expired(c.id(), c.token()).isPresent());
  }

  @Test
  void registry_remembersOnlySessionsClosedWithRecoveryExpired() {
    Sessions sessions = TestSessions.sessions();
    Session expiredOne =
        sessions.open(
            TestSessions.handshake("", "", java.util.Map.of()),
            new TestSessions.RecordingConnection());
    Session closedOne =
        sessions.open(
            TestSessions.handshake("", "", java.util.Map.of()),
            new TestSessions.RecordingConnection());
    expiredOne.close(CloseReason.RECOVERY_EXPIRED, "late");
    closedOne.close(CloseReason.CLOSED_BY_SERVER, "shutdown");
    ExpiredSessions memory = sessions.registry().expired();
    assertTrue(memory.expired(expiredOne.id(), expiredOne.token()).isPresent());
    assertTrue(memory.expired(closedOne.id(), closedOne.token()).isEmpty());
  }
}
