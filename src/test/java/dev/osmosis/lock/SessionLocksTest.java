package dev.osmosis.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.error.RequestException;
import dev.osmosis.message.MessagingFixtures;
import dev.osmosis.session.Session;
import dev.osmosis.session.TestSessions;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Session locks: fairness, sequences, scopes, release on unlock and on the session's end. */
class SessionLocksTest {
  final MessagingFixtures fx = new MessagingFixtures();
  final SessionLocks locks = new SessionLocks(() -> fx.store, 3);
  final List<String> grants = new ArrayList<>();

  Session control() {
    return fx.open("control", Map.of(), new TestSessions.RecordingConnection());
  }

  void lock(Session s, String name, SessionLockScope scope, String who) {
    locks.lock(
        s,
        name,
        scope,
        g -> grants.add(who + " " + g.name() + " " + g.sequence() + " " + g.scope()));
  }

  @Test
  void lock_whenFree_thenGrantedAtOnceWithSequence() {
    Session a = control();
    lock(a, "/orders/", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "a");
    assertEquals(List.of("a orders 1 UNLOCK_ON_SESSION_LOSS"), grants);
    assertTrue(locks.isOwner(a, "orders", 1));
  }

  @Test
  void lock_whenHeld_thenWaitersGrantedInOrderWithIncreasingSequences() {
    Session a = control();
    Session b = control();
    Session c = control();
    lock(a, "x", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "a");
    lock(b, "x", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "b");
    lock(c, "x", SessionLockScope.UNLOCK_ON_CONNECTION_LOSS, "c");
    assertEquals(1, grants.size());

    assertTrue(locks.unlock(a, "x", 1));
    assertEquals("b x 2 UNLOCK_ON_SESSION_LOSS", grants.get(1));
    assertEquals(2, grants.size());
    assertTrue(locks.unlock(b, "x", 2));
    assertEquals("c x 3 UNLOCK_ON_CONNECTION_LOSS", grants.get(2));
    assertTrue(locks.unlock(c, "x", 3));
    assertEquals(0, locks.size(), "a lock nobody holds or wants is forgotten");
  }

  @Test
  void unlock_whenNotOwnerOrStaleSequence_thenNothingReleased() {
    Session a = control();
    Session b = control();
    lock(a, "x", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "a");
    assertFalse(locks.unlock(b, "x", 1));
    assertFalse(locks.unlock(a, "x", 7));
    assertFalse(locks.unlock(a, "other", 1));
    assertTrue(locks.isOwner(a, "x", 1));
  }

  @Test
  void lock_whenOwnerAsksAgain_thenSameLockAndWeakestScopeWins() {
    Session a = control();
    lock(a, "x", SessionLockScope.UNLOCK_ON_CONNECTION_LOSS, "a");
    lock(a, "x", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "a");
    lock(a, "x", SessionLockScope.UNLOCK_ON_CONNECTION_LOSS, "a");
    assertEquals(
        List.of(
            "a x 1 UNLOCK_ON_CONNECTION_LOSS",
            "a x 1 UNLOCK_ON_SESSION_LOSS",
            "a x 1 UNLOCK_ON_SESSION_LOSS"),
        grants);
  }

  @Test
  void lock_whenWaiterAsksTwice_thenBothAnsweredByOneGrantWithWeakestScope() {
    Session a = control();
    Session b = control();
    lock(a, "x", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "a");
    lock(b, "x", SessionLockScope.UNLOCK_ON_CONNECTION_LOSS, "b1");
    lock(b, "x", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "b2");
    locks.unlock(a, "x", 1);
    assertEquals(
        List.of(
            "a x 1 UNLOCK_ON_SESSION_LOSS",
            "b1 x 2 UNLOCK_ON_SESSION_LOSS",
            "b2 x 2 UNLOCK_ON_SESSION_LOSS"),
        grants);
  }

  @Test
  void sessionEnd_whenOwnerCloses_thenNextWaiterGranted() {
    Session a = control();
    Session b = control();
    lock(a, "x", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "a");
    lock(b, "x", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "b");
    a.close(CloseReason.CONNECTION_ERROR, "lost");
    assertEquals("b x 2 UNLOCK_ON_SESSION_LOSS", grants.get(1));
  }

  @Test
  void sessionEnd_whenWaiterCloses_thenItsWaitIsDroppedAndTheNextIsGranted() {
    Session a = control();
    Session b = control();
    Session c = control();
    lock(a, "x", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "a");
    lock(b, "x", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "b");
    lock(c, "x", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "c");
    b.close(CloseReason.CLOSED_BY_CLIENT, "");
    locks.unlock(a, "x", 1);
    assertEquals(List.of("a x 1 UNLOCK_ON_SESSION_LOSS", "c x 2 UNLOCK_ON_SESSION_LOSS"), grants);
  }

  @Test
  void sessionEnd_whenOwnerOfSeveralLocks_thenAllReleased() {
    Session a = control();
    lock(a, "x", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "a");
    lock(a, "y", SessionLockScope.UNLOCK_ON_CONNECTION_LOSS, "a");
    a.close(CloseReason.CLOSED_BY_CLIENT, "");
    assertEquals(0, locks.size());
  }

  @Test
  void connectionLost_thenOnlyConnectionScopedLocksReleased() {
    Session a = control();
    Session b = control();
    lock(a, "keep", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "a");
    lock(a, "drop", SessionLockScope.UNLOCK_ON_CONNECTION_LOSS, "a");
    lock(b, "drop", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "b");
    locks.connectionLost(a);
    assertTrue(locks.isOwner(a, "keep", 1));
    assertTrue(locks.isOwner(b, "drop", 3));
  }

  @Test
  void lock_whenNoAcquireLockPermission_thenPermissionDeniedNamingIt() {
    Session client = fx.open(null, Map.of(), new TestSessions.RecordingConnection());
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> lock(client, "x", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "c"));
    assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
    assertTrue(e.getMessage().contains("ACQUIRE_LOCK"));
    e =
        assertThrows(
            RequestException.class,
            () -> lock(control(), "secret/plans", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "c"));
    assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
  }

  @Test
  void lock_whenBadName_thenInvalidArgument() {
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> lock(control(), "", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "c"));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
  }

  @Test
  void lock_whenTooManyHeldOrAwaited_thenLimitExceeded() {
    Session a = control();
    Session b = control();
    for (String name : List.of("1", "2", "3", "4")) {
      lock(a, name, SessionLockScope.UNLOCK_ON_SESSION_LOSS, "a");
    }
    lock(b, "1", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "b");
    lock(b, "2", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "b");
    lock(b, "3", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "b");
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> lock(b, "4", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "b"));
    assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
  }

  @Test
  void lock_whenClosedSessionAsks_thenNothingIsLeftHeld() {
    Session a = control();
    a.close(CloseReason.CLOSED_BY_CLIENT, "");
    lock(a, "x", SessionLockScope.UNLOCK_ON_SESSION_LOSS, "a");
    assertEquals(0, locks.size());
  }
}
