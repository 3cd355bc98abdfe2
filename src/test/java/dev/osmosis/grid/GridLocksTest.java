package dev.osmosis.grid;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.osmosis.error.RequestException;
import dev.osmosis.lock.SessionLockScope;
import dev.osmosis.lock.SessionLocks;
import dev.osmosis.lock.SessionLocks.Grant;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Session locks on real embedded Hazelcast members in this JVM (loopback tcp-ip join, a cluster
 * name of its own): two members shared by the tests, a third started to be terminated. Every wait
 * has a deadline; nothing asserts on time.
 */
class GridLocksTest {
  static final String CLUSTER = "osmosis-locks-" + UUID.randomUUID();
  static final long DEADLINE_MS = 30_000;
  static final SessionLockScope SESSION = SessionLockScope.UNLOCK_ON_SESSION_LOSS;
  static final SessionLockScope CONNECTION = SessionLockScope.UNLOCK_ON_CONNECTION_LOSS;

  static Node a;
  static Node b;
  static final List<Node> nodes = new ArrayList<>();

  /** One Osmosis node's locks on its own grid member. */
  static final class Node {
    final HazelcastInstance grid = Hazelcast.newHazelcastInstance(config());
    final Sessions sessions = TestSessions.sessions();
    final GridLocks table = new GridLocks(grid, 3).servers(GridLocksTest::server).start();
    final SessionLocks locks = new SessionLocks(TestSessions::store, table);

    Node() {
      nodes.add(this);
    }

    Session session() {
      return sessions.open(
          handshake("admin", "secret", Map.of()), new TestSessions.RecordingConnection());
    }

    CompletableFuture<Grant> lock(Session s, String name, SessionLockScope scope) {
      CompletableFuture<Grant> granted = new CompletableFuture<>();
      locks.lock(s, name, scope, granted::complete);
      return granted;
    }
  }

  /** A session's server name as the directory would say: "server-<n>" of the node it is open on. */
  static String server(String session) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).sessions.registry().get(SessionId.parse(session)).isPresent()) {
        return "server-" + i;
      }
    }
    return "";
  }

  static Config config() {
    return EmbeddedGrid.config(CLUSTER, 5941);
  }

  @BeforeAll
  static void cluster() {
    a = new Node();
    b = new Node();
    eventually("two members", () -> b.grid.getCluster().getMembers().size() == 2);
  }

  @AfterAll
  static void shutdown() {
    for (Node node : nodes) {
      node.table.close();
      node.grid.getLifecycleService().terminate();
    }
  }

  static void eventually(String what, BooleanSupplier condition) {
    EmbeddedGrid.eventually(what, condition);
  }

  static Grant granted(CompletableFuture<Grant> grant) throws Exception {
    return grant.get(DEADLINE_MS, TimeUnit.MILLISECONDS);
  }

  @Test
  void sessionsOnBothMembersRacing_thenOneOwnerAtATimeEachGrantedOnceInIncreasingOrder()
      throws Exception {
    int each = 8;
    List<Session> onA = new ArrayList<>();
    List<Session> onB = new ArrayList<>();
    for (int i = 0; i < each; i++) {
      onA.add(a.session());
      onB.add(b.session());
    }
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    ConcurrentLinkedQueue<Long> order = new ConcurrentLinkedQueue<>();
    CountDownLatch all = new CountDownLatch(2 * each);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      for (Node node : List.of(a, b)) {
        for (Session s : node == a ? onA : onB) {
          pool.submit(
              () -> {
                start.await();
                node.locks.lock(
                    s,
                    "race",
                    SESSION,
                    grant ->
                        pool.submit(
                            () -> {
                              if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                              }
                              order.add(grant.sequence());
                              inside.decrementAndGet();
                              assertTrue(node.locks.unlock(s, "race", grant.sequence()));
                              all.countDown();
                            }));
                return null;
              });
        }
      }
      start.countDown();
      assertTrue(all.await(DEADLINE_MS, TimeUnit.MILLISECONDS), "every session granted once");
    } finally {
      pool.shutdown();
    }
    assertEquals(0, overlaps.get(), "never two owners at once");
    List<Long> sequences = new ArrayList<>(order);
    assertEquals(2 * each, sequences.size());
    for (int i = 1; i < sequences.size(); i++) {
      assertTrue(sequences.get(i) > sequences.get(i - 1), "increasing: " + sequences);
    }
    eventually("the lock forgotten", () -> a.locks.current("race").isEmpty());
  }

  @Test
  void releasedAndTakenAgainInOneMillisecondOrOnAClockBehind_thenEachSequenceGreater()
      throws Exception {
    Session s = a.session();
    Session t = b.session();
    long now = a.grid.getCluster().getClusterTime();
    a.table.free.clock(() -> now); // every grant on a in the same millisecond
    b.table.free.clock(() -> now - 5_000); // b's cluster clock behind a's
    try {
      Grant first = granted(a.lock(s, "retaken", SESSION));
      assertTrue(a.locks.unlock(s, "retaken", first.sequence()));
      Grant second = granted(a.lock(s, "retaken", SESSION));
      assertTrue(second.sequence() > first.sequence(), first + " then " + second);
      assertTrue(a.locks.unlock(s, "retaken", second.sequence()));
      Grant third = granted(b.lock(t, "retaken", SESSION));
      assertTrue(third.sequence() > second.sequence(), second + " then " + third);
      assertTrue(b.locks.unlock(t, "retaken", third.sequence()));
    } finally {
      a.table.free.clock(a.grid.getCluster()::getClusterTime);
      b.table.free.clock(b.grid.getCluster()::getClusterTime);
    }
    assertTrue(a.locks.current("retaken").isEmpty(), "free");
  }

  @Test
  void freeLockOlderThanTheMargin_thenItsRecordDeletedByTheNodeThatFreedIt() throws Exception {
    Session s = b.session();
    long now = b.grid.getCluster().getClusterTime();
    b.table.free.clock(() -> now);
    try {
      Grant g = granted(b.lock(s, "forgotten", SESSION));
      assertTrue(b.locks.unlock(s, "forgotten", g.sequence()));
      b.table.free.forget();
      assertTrue(a.grid.getMap(GridLocks.MAP).containsKey("forgotten"), "kept: too recent");
      b.table.free.clock(() -> now + FreeLocks.FORGET_MILLIS + 1);
      b.table.free.forget();
      assertFalse(a.grid.getMap(GridLocks.MAP).containsKey("forgotten"), "deleted");
    } finally {
      b.table.free.clock(b.grid.getCluster()::getClusterTime);
    }
  }

  @Test
  void holderOnAUnlocks_thenWaiterOnBGrantedWithGreaterSequence() throws Exception {
    Session holder = a.session();
    Session waiter = b.session();
    Grant first = granted(a.lock(holder, "handover", SESSION));
    CompletableFuture<Grant> waiting = b.lock(waiter, "handover", CONNECTION);
    assertFalse(waiting.isDone());
    assertFalse(b.locks.unlock(waiter, "handover", first.sequence()), "not the owner");
    assertEquals(first, b.locks.current("handover").orElseThrow());

    assertTrue(a.locks.unlock(holder, "handover", first.sequence()));
    Grant next = granted(waiting);
    assertEquals(CONNECTION, next.scope());
    assertTrue(next.sequence() > first.sequence());
    assertTrue(b.locks.isOwner(waiter, "handover", next.sequence()));
    assertFalse(a.locks.isOwner(holder, "handover", first.sequence()));
    assertFalse(a.locks.unlock(holder, "handover", first.sequence()), "a stale handle");
  }

  @Test
  void holders_lockOwnedOnA_thenBListsItsOwnerAndServer_andWaitersAreNoHolders() throws Exception {
    Session owner = a.session();
    Session waiter = b.session();
    Grant held = granted(a.lock(owner, "query/held", SESSION));
    CompletableFuture<Grant> waiting = b.lock(waiter, "query/held", SESSION);
    Grant other = granted(b.lock(waiter, "query/other", CONNECTION));
    SessionLocks.Holder expected =
        new SessionLocks.Holder("query/held", owner.id().toString(), "server-0", held.sequence());

    assertEquals(List.of(expected), b.locks.holders(waiter, "query/held"));
    assertEquals(List.of(expected), b.table.holders("query/held"));
    List<SessionLocks.Holder> all = a.table.holders(null);
    assertTrue(all.contains(expected), "all: " + all);
    assertTrue(
        all.contains(
            new SessionLocks.Holder(
                "query/other", waiter.id().toString(), "server-1", other.sequence())),
        "all: " + all);
    List<String> names = all.stream().map(SessionLocks.Holder::name).toList();
    assertEquals(names.stream().sorted().toList(), names, "sorted by name");
    assertEquals(List.of(), a.table.holders("query/nobody"));

    assertTrue(a.locks.unlock(owner, "query/held", held.sequence()));
    Grant next = granted(waiting);
    assertEquals(
        List.of(
            new SessionLocks.Holder(
                "query/held", waiter.id().toString(), "server-1", next.sequence())),
        a.table.holders("query/held"));
    assertTrue(b.locks.unlock(waiter, "query/held", next.sequence()));
    assertTrue(b.locks.unlock(waiter, "query/other", other.sequence()));
    assertEquals(List.of(), a.table.holders("query/held"), "free: no holder");
    assertTrue(
        a.table.holders(null).stream().noneMatch(h -> h.name().startsWith("query/")), "none held");
  }

  @Test
  void ownerAsksAgain_thenSameSequenceWeakestScope() throws Exception {
    Session s = b.session();
    Grant first = granted(b.lock(s, "again", CONNECTION));
    Grant second = granted(b.lock(s, "again", SESSION));
    assertEquals(first.sequence(), second.sequence());
    assertEquals(SESSION, second.scope());
  }

  @Test
  void holderSessionCloses_thenWaiterOnOtherMemberGrantedAndClosedWaiterSkipped() throws Exception {
    Session holder = a.session();
    Session quitter = b.session();
    Session waiter = a.session();
    granted(a.lock(holder, "closing", SESSION));
    CompletableFuture<Grant> quitting = b.lock(quitter, "closing", SESSION);
    CompletableFuture<Grant> waiting = a.lock(waiter, "closing", SESSION);
    quitter.close(CloseReason.CLOSED_BY_CLIENT, "");
    holder.close(CloseReason.CONNECTION_ERROR, "lost");
    Grant next = granted(waiting);
    assertTrue(a.locks.isOwner(waiter, "closing", next.sequence()));
    assertFalse(quitting.isDone(), "a closed session's wait is dropped");
  }

  @Test
  void connectionLost_thenOnlyConnectionScopedLocksReleased() throws Exception {
    Session s = b.session();
    Grant kept = granted(b.lock(s, "kept", SESSION));
    granted(b.lock(s, "dropped", CONNECTION));
    b.locks.connectionLost(s);
    assertTrue(a.locks.current("dropped").isEmpty());
    assertEquals(kept, a.locks.current("kept").orElseThrow());
  }

  @Test
  void pastTheLimit_thenLimitExceeded() throws Exception {
    Session s = a.session();
    for (int i = 0; i < 3; i++) {
      granted(a.lock(s, "limit/" + i, SESSION));
    }
    RequestException e = assertThrows(RequestException.class, () -> a.lock(s, "limit/3", SESSION));
    assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
  }

  @Test
  void holdersMemberTerminated_thenItsGrantsAndWaitsDroppedAndWaiterOnAGranted() throws Exception {
    Node c = new Node();
    eventually("three members", () -> a.grid.getCluster().getMembers().size() == 3);
    Session holder = c.session();
    Session ghost = c.session();
    Session waiter = a.session();
    Session after = b.session();
    Grant held = granted(c.lock(holder, "dies", SESSION));
    c.lock(ghost, "dies", SESSION);
    CompletableFuture<Grant> waiting = a.lock(waiter, "dies", SESSION);
    CompletableFuture<Grant> next = b.lock(after, "dies", SESSION);
    eventually(
        "both waits queued",
        () ->
            LockRecord.decode(a.grid.<String, byte[]>getMap(GridLocks.MAP).get("dies"))
                    .waiters()
                    .size()
                == 3);

    c.table.close();
    c.grid.getLifecycleService().terminate(); // as kill -9: no goodbye
    nodes.remove(c);

    Grant got = granted(waiting);
    assertTrue(got.sequence() > held.sequence());
    assertTrue(a.locks.isOwner(waiter, "dies", got.sequence()));
    assertTrue(a.locks.unlock(waiter, "dies", got.sequence()));
    // the dead member's waiting session was dropped: the live one on b is next
    assertTrue(granted(next).sequence() > got.sequence());
  }

  @Test
  void ownerOnANodeThatLeftBeforeAnyoneListened_thenDroppedWhenATableStarts() throws Exception {
    a.grid
        .<String, byte[]>getMap(GridLocks.MAP)
        .put(
            "orphan",
            LockRecord.taken(new LockRecord.Holder("s", "no-such-node", SESSION), 0).encode());
    Session waiter = b.session();
    CompletableFuture<Grant> waiting = b.lock(waiter, "orphan", SESSION);
    assertFalse(waiting.isDone());
    b.table.dropAbsentNodes(); // what start() does
    assertTrue(b.locks.isOwner(waiter, "orphan", granted(waiting).sequence()));
  }

  @Test
  void recordLostInAMerge_thenTheWaitingSessionAsksAgainAndGetsIt() throws Exception {
    Session holder = a.session();
    Session waiter = b.session();
    granted(a.lock(holder, "merged", SESSION));
    CompletableFuture<Grant> waiting = b.lock(waiter, "merged", SESSION);
    a.grid.getMap(GridLocks.MAP).delete("merged"); // as a merge keeping the other side's map
    b.table.rejoinWaits(); // what the MERGED event does
    assertTrue(b.locks.isOwner(waiter, "merged", granted(waiting).sequence()));
  }
}
