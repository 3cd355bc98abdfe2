package dev.osmosis.grid;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import dev.osmosis.cluster.SessionReplication.Claim;
import dev.osmosis.cluster.SessionReplication.Claimed;
import dev.osmosis.cluster.SessionReplication.Refused;
import dev.osmosis.cluster.SessionReplication.Replica;
import dev.osmosis.lock.SessionLockScope;
import dev.osmosis.lock.SessionLocks;
import dev.osmosis.lock.SessionLocks.Grant;
import dev.osmosis.protocol.JsonTopicEncoder;
import dev.osmosis.selector.TopicSelectors;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.subscribe.LocalTopics;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicExpiry;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.CloseReason;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The locks of a dead node's sessions under fail-over, on real embedded Hazelcast members: an
 * UNLOCK_ON_SESSION_LOSS lock of a resumable session stays held through its recovery window and is
 * the resumed session's on the node that resumes it; released when the window passes unresumed.
 * UNLOCK_ON_CONNECTION_LOSS locks and plain sessions' locks go at the death, as before. REMOVAL
 * policies that depend on such a session ({@code this session closes}, {@code no session has}) wait
 * for its window too. Every wait has a deadline; nothing asserts on time.
 */
class GridLockRecoveryTest {
  static final String CLUSTER = "osmosis-lock-recovery-" + UUID.randomUUID();
  static final SessionLockScope SESSION = SessionLockScope.UNLOCK_ON_SESSION_LOSS;
  static final SessionLockScope CONNECTION = SessionLockScope.UNLOCK_ON_CONNECTION_LOSS;
  static final List<Node> nodes = new ArrayList<>();

  /** One Osmosis node: its sessions replicated, its locks on the grid, with fail-over wired. */
  static final class Node {
    final HazelcastInstance grid =
        Hazelcast.newHazelcastInstance(EmbeddedGrid.config(CLUSTER, 6021));
    final Sessions sessions = TestSessions.sessions();
    final GridCluster cluster = new GridCluster(grid);
    final GridSessionStore store = new GridSessionStore(cluster, s -> List.of());
    final GridSessionDirectory directory =
        new GridSessionDirectory(cluster, sessions.registry(), store);
    final GridLocks table = new GridLocks(grid, 10);
    final SessionLocks locks = new SessionLocks(TestSessions::store, table);

    Node() {
      LockTableProducer.recover(table, store, sessions.registry());
      table.start();
      nodes.add(this);
    }

    Session plain() {
      return sessions.open(
          handshake("admin", "secret", Map.of()), new TestSessions.RecordingConnection());
    }

    Session sequenced(long reconnectTimeout) {
      Session s = plain();
      s.grantReconnectTimeout(reconnectTimeout);
      store.changed(s, 0, seq -> {});
      return s;
    }

    CompletableFuture<Grant> lock(Session s, String name, SessionLockScope scope) {
      CompletableFuture<Grant> granted = new CompletableFuture<>();
      locks.lock(s, name, scope, granted::complete);
      return granted;
    }

    /**
     * Resumes {@code s} of a dead node here, as Failover does. A claim waits a bounded time for the
     * record (its partition may still be moving after the death) and may answer "try again"
     * (IDLE_CONNECTION), as to a client: asked again, as the client would, until the deadline.
     */
    Session resume(Session s) {
      long deadline = System.currentTimeMillis() + EmbeddedGrid.DEADLINE_MS;
      Claim claim = store.claim(s.id().toString(), s.token());
      while (claim instanceof Refused no
          && no.reason() == CloseReason.IDLE_CONNECTION
          && System.currentTimeMillis() < deadline) {
        claim = store.claim(s.id().toString(), s.token());
      }
      Replica r = assertInstanceOf(Claimed.class, claim, "claimed").replica();
      return sessions.restore(
          SessionId.parse(r.id()),
          s.token(),
          r.startTime(),
          r.principal(),
          r.roles(),
          r.properties(),
          new TestSessions.RecordingConnection());
    }

    void kill() {
      table.close();
      grid.getLifecycleService().terminate(); // as kill -9: no goodbye
      nodes.remove(this);
    }
  }

  static Node b;
  static Node c;

  @BeforeAll
  static void cluster() {
    b = new Node();
    c = new Node();
    EmbeddedGrid.eventually("two members", () -> c.grid.getCluster().getMembers().size() == 2);
  }

  @AfterAll
  static void shutdown() {
    for (Node node : List.copyOf(nodes)) {
      node.table.close();
      node.grid.getLifecycleService().terminate();
    }
  }

  static Grant granted(CompletableFuture<Grant> grant) throws Exception {
    return grant.get(EmbeddedGrid.DEADLINE_MS, TimeUnit.MILLISECONDS);
  }

  Node deadNodeToBe() {
    Node a = new Node();
    EmbeddedGrid.eventually("three members", () -> b.grid.getCluster().getMembers().size() == 3);
    // Hazelcast survives the loss of one member without losing data once no partition is still
    // migrating: a member killed while partitions move to it may take a record's only fresh copy
    // with it (a lock released on one node in one failed run, under load, looked like that)
    EmbeddedGrid.eventually(
        "partitions settled", () -> b.grid.getPartitionService().isClusterSafe());
    return a;
  }

  @Test
  void nodeDies_thenItsResumableSessionsLockWaitsAndIsTheResumedSessionsTheOthersGoAtOnce()
      throws Exception {
    Node a = deadNodeToBe();
    Session resumable = a.sequenced(60_000);
    Session plain = a.plain();
    Grant held = granted(a.lock(resumable, "r/kept", SESSION));
    granted(a.lock(resumable, "r/connection", CONNECTION));
    granted(a.lock(plain, "r/plain", SESSION));
    Session waiter = b.plain();
    CompletableFuture<Grant> keptWait = b.lock(waiter, "r/kept", SESSION);
    CompletableFuture<Grant> connectionWait = b.lock(waiter, "r/connection", SESSION);
    CompletableFuture<Grant> plainWait = b.lock(waiter, "r/plain", SESSION);
    EmbeddedGrid.eventually(
        "the sequenced session's record on the grid", () -> b.store.resumable(id(resumable)));

    a.kill();

    granted(connectionWait);
    granted(plainWait);
    EmbeddedGrid.eventually(
        "b and c keep the lock", () -> b.table.keeps("r/kept") && c.table.keeps("r/kept"));
    b.table.sweep();
    c.table.sweep();
    assertFalse(keptWait.isDone(), "held through the recovery window");
    assertEquals(held, b.locks.current("r/kept").orElseThrow(), "the same grant");

    Session resumed = c.resume(resumable);
    assertTrue(c.locks.isOwner(resumed, "r/kept", held.sequence()), "the resumed session owns it");
    b.table.sweep();
    assertFalse(keptWait.isDone(), "its waiter still waits");
    assertFalse(c.table.keeps("r/kept"));
    assertTrue(c.locks.unlock(resumed, "r/kept", held.sequence()));
    assertTrue(granted(keptWait).sequence() > held.sequence());
    EmbeddedGrid.eventually(
        "b forgets it",
        () -> {
          b.table.sweep();
          return !b.table.keeps("r/kept");
        });
  }

  @Test
  void resumedSessionCloses_thenTheLockItTookOverGoesToTheWaiter() throws Exception {
    Node a = deadNodeToBe();
    Session resumable = a.sequenced(60_000);
    Grant held = granted(a.lock(resumable, "r/closes", SESSION));
    Session waiter = c.plain();
    CompletableFuture<Grant> waiting = c.lock(waiter, "r/closes", SESSION);
    EmbeddedGrid.eventually("its record", () -> b.store.resumable(id(resumable)));
    a.kill();
    EmbeddedGrid.eventually("b keeps the lock", () -> b.table.keeps("r/closes"));

    Session resumed = b.resume(resumable);
    assertTrue(b.locks.isOwner(resumed, "r/closes", held.sequence()));
    resumed.close(CloseReason.CLOSED_BY_CLIENT, "done");
    assertTrue(granted(waiting).sequence() > held.sequence());
  }

  @Test
  void windowPassesUnresumed_thenTheLockGoesToTheWaiter() throws Exception {
    Node a = deadNodeToBe();
    Session brief = a.sequenced(60_000);
    Grant held = granted(a.lock(brief, "r/expires", SESSION));
    Session waiter = b.plain();
    CompletableFuture<Grant> waiting = b.lock(waiter, "r/expires", SESSION);
    EmbeddedGrid.eventually("its record", () -> c.store.resumable(id(brief)));
    a.kill();
    EmbeddedGrid.eventually("c keeps the lock", () -> c.table.keeps("r/expires"));
    assertFalse(waiting.isDone(), "held until the window passes");

    endWindow(brief);
    EmbeddedGrid.eventually(
        "released by a sweep once its window passed",
        () -> {
          c.store.sweep(0); // the store's sweep runs the locks' too
          return waiting.isDone();
        });
    assertTrue(granted(waiting).sequence() > held.sequence());
    assertTrue(b.locks.isOwner(waiter, "r/expires", granted(waiting).sequence()));
  }

  @Test
  void nodeDies_thenRemovalPoliciesOfItsResumableSessionsWaitForTheWindow() throws Exception {
    TopicTree tree = new TopicTree(Clock.systemUTC());
    Subscriptions subscriptions =
        new Subscriptions(
            tree, new TopicSelectors(), TestSessions::store, JsonTopicEncoder.INSTANCE);
    TopicExpiry expiry =
        new TopicExpiry(
            tree,
            b.sessions.registry(),
            new TopicSelectors(),
            Clock.systemUTC(),
            new LocalTopics(subscriptions),
            b.directory);
    Node a = deadNodeToBe();
    String tag = UUID.randomUUID().toString();
    Session kept = a.sequenced(60_000);
    Session brief = a.sequenced(60_000);
    Session tagged =
        a.sessions.open(
            handshake("admin", "secret", Map.of("Tag", tag)),
            new TestSessions.RecordingConnection());
    tagged.grantReconnectTimeout(60_000);
    a.store.changed(tagged, 0, seq -> {});
    EmbeddedGrid.eventually(
        "their records",
        () ->
            b.store.resumable(id(kept))
                && b.store.resumable(id(brief))
                && b.store.resumable(id(tagged))
                && b.directory
                    .session(id(tagged))
                    .map(t -> t.properties().containsKey("Tag"))
                    .orElse(false));
    tree.add("removal/kept", spec("when this session closes"), id(kept));
    tree.add("removal/brief", spec("when this session closes"), id(brief));
    tree.add("removal/tagged", spec("when no session has 'Tag is \"" + tag + "\"'"), null);
    assertEquals(0, expiry.sweep(), "their sessions are open on a");

    a.kill();
    EmbeddedGrid.eventually(
        "b sees them recovering",
        () ->
            b.directory
                .session(id(kept))
                .map(x -> x.state().equals("RECOVERING_RECONNECT"))
                .orElse(false));
    int swept = expiry.sweep();
    assertEquals(
        0,
        swept,
        "recovering: their sessions still count "
            + tree.get("removal/kept")
            + tree.get("removal/brief")
            + tree.get("removal/tagged")
            + b.directory.session(id(tagged)));
    endWindow(brief);
    EmbeddedGrid.eventually(
        "the brief session expired by a sweep",
        () -> {
          c.store.sweep(0);
          return b.directory.session(id(brief)).isEmpty();
        });
    assertEquals(1, expiry.sweep(), "its topic goes once its window passed");
    assertEquals(null, tree.get("removal/brief"));

    Session resumed = c.resume(kept);
    assertEquals(0, expiry.sweep(), "resumed on c: its topic stays");
    assertNotNull(tree.get("removal/kept"));
    assertNotNull(tree.get("removal/tagged"), "the recovering tagged session still counts");
    resumed.close(CloseReason.CLOSED_BY_CLIENT, "done");
    EmbeddedGrid.eventually(
        "removed once the resumed session closed",
        () -> {
          expiry.sweep();
          return tree.get("removal/kept") == null;
        });
  }

  /**
   * As if {@code s}'s recovery window had passed: its record (of a dead node) says it was lost a
   * window and a second ago.
   */
  static void endWindow(Session s) {
    var map = b.grid.<String, HazelcastJsonValue>getMap(GridSessionDirectory.MAP);
    EmbeddedGrid.eventually(
        "recovering, then moved back in time",
        () -> {
          HazelcastJsonValue old = map.get(id(s));
          JsonObject json = Json.createReader(new StringReader(old.toString())).readObject();
          if (!json.containsKey("disconnectedAt")) {
            return false;
          }
          long lost = json.getJsonNumber("disconnectedAt").longValue();
          String earlier =
              Json.createObjectBuilder(json)
                  .add("disconnectedAt", lost - s.reconnectTimeoutMillis() - 1000)
                  .build()
                  .toString();
          return map.replace(id(s), old, new HazelcastJsonValue(earlier));
        });
  }

  static TopicSpecification spec(String removal) {
    return TopicSpecification.of(TopicType.STRING)
        .withProperty(TopicSpecification.REMOVAL, removal);
  }

  static String id(Session s) {
    return s.id().toString();
  }
}
