package dev.osmosis.grid;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.osmosis.cluster.SessionDirectory;
import dev.osmosis.cluster.SessionRegistrations;
import dev.osmosis.cluster.SessionReplication;
import dev.osmosis.cluster.SessionReplication.Claim;
import dev.osmosis.cluster.SessionReplication.Claimed;
import dev.osmosis.cluster.SessionReplication.Refused;
import dev.osmosis.cluster.SessionReplication.Replica;
import dev.osmosis.cluster.SessionSummary;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.wire.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Session replication (fail-over) on real embedded Hazelcast members in this JVM: a node whose
 * member is terminated without goodbye leaves its sequenced sessions resumable on the others
 * (exactly one claim wins), its plain sessions gone, and what no client resumed is removed when its
 * reconnect timeout has passed.
 */
class GridSessionStoreTest {
  static final String CLUSTER = "osmosis-failover-" + UUID.randomUUID();
  static final List<Node> nodes = new ArrayList<>();

  /** What every test session registered besides its selection. */
  static final SessionRegistrations REGISTERED =
      new SessionRegistrations(
          List.of(new SessionRegistrations.Handler("svc", List.of("Team"))),
          List.of(new SessionRegistrations.Handler("games", List.of())),
          List.of("?n//"),
          List.of(new SessionRegistrations.Listener(9, List.of("$Principal", "*U"))));

  /**
   * One Osmosis node's sessions on its own grid member, each selecting {@code >x/y} and registering
   * {@link #REGISTERED}.
   */
  static final class Node {
    final HazelcastInstance grid =
        Hazelcast.newHazelcastInstance(EmbeddedGrid.config(CLUSTER, 5981));
    final Sessions sessions = TestSessions.sessions();
    final GridCluster cluster = new GridCluster(grid);
    final GridSessionStore store =
        new GridSessionStore(cluster, s -> List.of(">x/y"), s -> REGISTERED);
    final GridSessionDirectory directory =
        new GridSessionDirectory(cluster, sessions.registry(), store);

    Node() {
      nodes.add(this);
    }

    Session sequenced(long reconnectTimeout, long received) {
      Session s =
          sessions.open(
              handshake("admin", "secret", Map.of("Team", "red")),
              new TestSessions.RecordingConnection());
      s.grantReconnectTimeout(reconnectTimeout);
      store.changed(s, received, seq -> {});
      return s;
    }

    Optional<SessionSummary> seen(Session s) {
      return directory.session(s.id().toString());
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
    for (Node node : nodes) {
      node.grid.getLifecycleService().terminate();
    }
  }

  @Test
  void nodeDies_thenItsSequencedSessionsAreResumableOnceUntilTheirTimeoutItsPlainSessionGone()
      throws Exception {
    Node a = new Node();
    EmbeddedGrid.eventually("three members", () -> b.grid.getCluster().getMembers().size() == 3);
    Session kept = a.sequenced(60_000, 7);
    Session brief = a.sequenced(300, 0);
    Session plain =
        a.sessions.open(
            handshake("admin", "secret", Map.of()), new TestSessions.RecordingConnection());
    EmbeddedGrid.eventually(
        "on b: the plain one, and the sequenced ones resumable (refused while a lives)",
        () ->
            b.seen(plain).isPresent()
                && b.store.claim(kept.id().toString(), kept.token()) instanceof Refused refused
                && refused.reason() == CloseReason.IDLE_CONNECTION
                && b.store.claim(brief.id().toString(), brief.token()) instanceof Refused);

    String aId = a.cluster.nodeId();
    a.grid.getLifecycleService().terminate();
    EmbeddedGrid.eventually(
        "the plain session gone, the sequenced one recovering on its old node",
        () ->
            b.seen(plain).isEmpty()
                && b.seen(kept).map(s -> s.state().equals("RECOVERING_RECONNECT")).orElse(false));
    assertEquals(aId, b.seen(kept).orElseThrow().node());
    assertNull(b.store.claim(kept.id().toString(), "wrong token"), "a wrong token resumes nothing");

    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Claim>> racing = new ArrayList<>();
    for (Node node : List.of(b, c)) {
      racing.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                return node.store.claim(kept.id().toString(), kept.token());
              }));
    }
    start.countDown();
    List<Claim> claims = new ArrayList<>();
    for (CompletableFuture<Claim> claim : racing) {
      claims.add(claim.get());
    }
    List<Claimed> won =
        claims.stream().filter(Claimed.class::isInstance).map(Claimed.class::cast).toList();
    assertEquals(1, won.size(), "exactly one node resumes the session: " + claims);
    assertEquals(
        1, claims.stream().filter(Refused.class::isInstance).count(), "the other is refused");
    SessionReplication.Replica replica = won.get(0).replica();
    assertEquals(kept.id().toString(), replica.id());
    assertEquals(aId, replica.node());
    assertEquals("admin", replica.principal());
    assertEquals(kept.roles(), replica.roles());
    assertEquals(kept.properties(), replica.properties());
    assertEquals(List.of(">x/y"), replica.selections());
    assertEquals(7, replica.received());
    assertEquals(REGISTERED, replica.registrations(), "its handlers and listeners, to make again");
    assertEquals(60_000, replica.reconnectTimeoutMillis());
    Node winner = claims.get(0) instanceof Claimed ? b : c;
    assertEquals(winner.cluster.nodeId(), c.seen(kept).orElseThrow().node());
    assertEquals("CONNECTED_ACTIVE", c.seen(kept).orElseThrow().state());

    EmbeddedGrid.eventually(
        "the one no client resumed removed by a sweep once its 300 ms passed",
        () -> {
          c.store.sweep(0);
          return b.seen(brief).isEmpty();
        });
    assertTrue(b.seen(kept).isPresent(), "the resumed session stays");
    assertEquals(
        CloseReason.RECOVERY_EXPIRED,
        ((Refused) b.store.claim(brief.id().toString(), brief.token())).reason(),
        "expired: said so, to its token only");
    assertNull(b.store.claim(brief.id().toString(), "wrong token"));
  }

  @Test
  void windowPassed_thenEveryNodeAnswersRecoveryExpiredToItsTokenOnly() throws Exception {
    Node a = new Node();
    EmbeddedGrid.eventually("three members", () -> b.grid.getCluster().getMembers().size() == 3);
    Session dead = a.sequenced(300, 0);
    Session late = a.sequenced(300, 0);
    Session own = b.sequenced(60_000, 0);
    EmbeddedGrid.eventually(
        "their records", () -> c.seen(dead).isPresent() && c.seen(late).isPresent());
    Map<String, CloseReason> heard = new java.util.concurrent.ConcurrentHashMap<>();
    SessionDirectory.Watching unwatch =
        c.directory.watch(
            new SessionDirectory.Watcher() {
              @Override
              public void opened(SessionSummary session) {}

              @Override
              public void updated(SessionSummary before, SessionSummary after) {}

              @Override
              public void closed(SessionSummary last, CloseReason reason) {
                heard.putIfAbsent(last.id(), reason);
              }
            });
    a.grid.getLifecycleService().terminate();
    EmbeddedGrid.eventually(
        "the window passed (cluster time)", () -> windowPassed(dead) && windowPassed(late));

    // a client coming back after the window, before any sweep removed the record
    Refused expired = (Refused) c.store.claim(id(late), late.token());
    assertEquals(CloseReason.RECOVERY_EXPIRED, expired.reason());
    assertTrue(c.seen(late).isEmpty(), "the expired record is gone");
    assertEquals(
        CloseReason.RECOVERY_EXPIRED,
        ((Refused) b.store.claim(id(late), late.token())).reason(),
        "and every node says so (its tombstone)");
    assertNull(b.store.claim(id(late), "wrong token"), "a wrong token learns nothing");

    // removed by a sweep, then a client comes back to any node
    EmbeddedGrid.eventually(
        "removed by a sweep",
        () -> {
          b.store.sweep(0);
          return c.seen(dead).isEmpty();
        });
    EmbeddedGrid.eventually(
        "c's session listeners hear both close with RECOVERY_EXPIRED", () -> heard.size() == 2);
    assertEquals(
        Map.of(id(dead), CloseReason.RECOVERY_EXPIRED, id(late), CloseReason.RECOVERY_EXPIRED),
        heard);
    unwatch.stop();
    Refused refused = (Refused) c.store.claim(id(dead), dead.token());
    assertEquals(CloseReason.RECOVERY_EXPIRED, refused.reason());
    assertEquals(
        "the session's recovery window (reconnect timeout of 300 ms) passed before it came back",
        refused.message());
    assertNull(c.store.claim(id(dead), "wrong token"));
    assertNull(c.store.claim("no-such-session", dead.token()));

    // a live node expires its own session: another node answers its client as it would
    own.close(CloseReason.RECOVERY_EXPIRED, "expired");
    Object[] last = new Object[1];
    try {
      EmbeddedGrid.eventually(
          "another node answers RECOVERY_EXPIRED",
          () -> {
            last[0] = c.store.claim(id(own), own.token());
            return last[0] instanceof Refused r && r.reason() == CloseReason.RECOVERY_EXPIRED;
          });
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + ": last "
              + last[0]
              + ", record "
              + rawRecord(own)
              + ", tombstone "
              + c.grid.getMap(SessionTombstones.MAP).get(id(own))
              + ", writing "
              + b.store.writing(own),
          e);
    }
    assertNull(c.store.claim(id(own), "wrong token"));
  }

  @Test
  void staleCopyOfASessionResumedElsewhere_thenItsWritesAreUndoneAndItClosesHereOnly() {
    // b plays a node that paused past the failure detection: c resumed its sessions meanwhile
    Session changes = b.sequenced(60_000, 0);
    Session expires = b.sequenced(60_000, 0);
    EmbeddedGrid.eventually(
        "their records", () -> c.seen(changes).isPresent() && c.seen(expires).isPresent());
    Session changesOnC = resumeOnC(changes);
    Session expiresOnC = resumeOnC(expires);
    String cId = c.cluster.nodeId();
    EmbeddedGrid.eventually(
        "c's copies wrote their records",
        () -> c.seen(changes).get().node().equals(cId) && c.seen(expires).get().node().equals(cId));

    // b wakes up: its copy of one changes, its copy of the other expires
    b.store.changed(changes, 9, seq -> {});
    expires.close(CloseReason.RECOVERY_EXPIRED, "expired");

    EmbeddedGrid.eventually(
        "b's stale copy closed on b", () -> !changes.isOpen() && !b.store.writing(changes));
    EmbeddedGrid.eventually("b's expired copy done writing", () -> !b.store.writing(expires));
    for (Session resumed : List.of(changesOnC, expiresOnC)) {
      assertTrue(resumed.isOpen(), "the resumed session is untouched");
      SessionSummary record = c.seen(resumed).orElseThrow();
      assertEquals(cId, record.node(), "its record is c's");
      assertEquals("CONNECTED_ACTIVE", record.state());
      assertEquals(1, SessionWriter.epochOf(rawRecord(resumed)));
    }
    assertNull(
        c.grid.getMap(SessionTombstones.MAP).get(id(expires)),
        "no tombstone for a session alive on another node");
  }

  /**
   * Issue 16 (docs/RECONNECTION.md, fail-over): a session properties listener on the node that
   * resumes a dead node's session had heard it DISCONNECTED; it hears RECONNECTED, not an OPEN
   * (which both clients drop as a duplicate, leaving it disconnected), then its changes.
   */
  @Test
  void nodeDies_thenAListenerOnTheNodeThatResumesItsSessionHearsItReconnected() throws Exception {
    Node a = new Node();
    EmbeddedGrid.eventually("three members", () -> c.grid.getCluster().getMembers().size() == 3);
    Session s = a.sequenced(60_000, 0);
    EmbeddedGrid.eventually("its record", () -> c.seen(s).isPresent());
    List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());
    Runnable stop = listenOnC(id(s), heard);
    EmbeddedGrid.eventually("heard open", () -> heard.contains("OPEN"));
    a.grid.getLifecycleService().terminate();
    EmbeddedGrid.eventually("heard disconnected", () -> heard.contains("DISCONNECTED"));
    Replica[] claimed = new Replica[1];
    EmbeddedGrid.eventually(
        "claimed by c",
        () ->
            c.store.claim(id(s), s.token()) instanceof Claimed won
                && (claimed[0] = won.replica()) != null);
    Replica r = claimed[0];
    Session resumed =
        c.sessions.restore(
            s.id(),
            s.token(),
            r.startTime(),
            r.principal(),
            r.roles(),
            r.properties(),
            new TestSessions.RecordingConnection());
    resumed.updateUserProperties(Map.of("Team", "blue"));
    EmbeddedGrid.eventually("heard its change", () -> heard.contains("UPDATED blue"));
    stop.run();
    assertEquals(List.of("OPEN", "DISCONNECTED", "RECONNECTED", "UPDATED blue"), heard);
  }

  /**
   * As above, the session marked recovering and claimed by c at once: the mark's event may reach
   * c's listener before or after c has the session; after, it is stale and dropped. Either way the
   * listener ends with the session connected.
   */
  @Test
  void sessionMarkedAndResumedAtOnce_thenAListenerOnTheResumingNodeEndsWithItConnected() {
    Session s = b.sequenced(60_000, 0);
    EmbeddedGrid.eventually("its record", () -> c.seen(s).isPresent());
    List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());
    Runnable stop = listenOnC(id(s), heard);
    EmbeddedGrid.eventually("heard open", () -> heard.contains("OPEN"));
    Session resumed = resumeOnC(s);
    resumed.updateUserProperties(Map.of("Team", "blue"));
    EmbeddedGrid.eventually("heard its change", () -> heard.contains("UPDATED blue"));
    stop.run();
    List<String> events = List.copyOf(heard);
    assertTrue(
        events.equals(List.of("OPEN", "UPDATED blue"))
            || events.equals(List.of("OPEN", "DISCONNECTED", "RECONNECTED", "UPDATED blue")),
        "heard " + events);
    s.close(CloseReason.CLOSED_BY_SERVER, "b's copy"); // b's stale copy, as a fenced node's
  }

  /**
   * A session properties listener (key Team) on c that records what it hears of session {@code id}.
   */
  static Runnable listenOnC(String id, List<String> heard) {
    dev.osmosis.control.ClientControl control = TestSessions.control(c.sessions);
    control.connect(c.directory);
    return control.listen(
        new dev.osmosis.control.Caller("admin", java.util.Set.of("ADMINISTRATOR")),
        List.of("Team"),
        new dev.osmosis.control.SessionEvents.Sink() {
          @Override
          public void opened(String session, Map<String, String> properties) {
            record(session, "OPEN");
          }

          @Override
          public void updated(
              String session, Map<String, String> properties, Map<String, String> previous) {
            record(session, "UPDATED " + properties.get("Team"));
          }

          @Override
          public void closed(String session, Map<String, String> properties, CloseReason reason) {
            record(session, "CLOSED");
          }

          @Override
          public void connection(
              String session, Map<String, String> properties, boolean connected) {
            record(session, connected ? "RECONNECTED" : "DISCONNECTED");
          }

          private void record(String session, String event) {
            if (session.equals(id)) {
              heard.add(event);
            }
          }
        });
  }

  /** As if b had left the cluster and c resumed {@code s}: claimed and restored on c. */
  static Session resumeOnC(Session s) {
    var map =
        c.grid.<String, com.hazelcast.core.HazelcastJsonValue>getMap(GridSessionDirectory.MAP);
    Replica[] claimed = new Replica[1];
    EmbeddedGrid.eventually(
        "its node marked gone and the session claimed by c",
        () -> {
          var old = map.get(id(s));
          if (old == null || !c.store.resumable(id(s))) {
            return false; // b's writes still landing
          }
          var json =
              jakarta.json.Json.createReader(new java.io.StringReader(old.toString())).readObject();
          String gone =
              jakarta.json.Json.createObjectBuilder(json)
                  .add("node", "a-node-that-left")
                  .add("state", "RECOVERING_RECONNECT")
                  .add("disconnectedAt", c.grid.getCluster().getClusterTime())
                  .build()
                  .toString();
          if (map.replace(id(s), old, new com.hazelcast.core.HazelcastJsonValue(gone))
              && c.store.claim(id(s), s.token()) instanceof Claimed won) {
            claimed[0] = won.replica();
            return true;
          }
          return false;
        });
    Replica r = claimed[0];
    return c.sessions.restore(
        s.id(),
        s.token(),
        r.startTime(),
        r.principal(),
        r.roles(),
        r.properties(),
        new TestSessions.RecordingConnection());
  }

  /**
   * Fail-over of the server messages in flight: each record write carries what the session's
   * connection has in flight and tells it once landed; the node that claims the session gets them.
   */
  @Test
  void serverMessagesInFlight_rideInTheRecord_andReachTheClaimingNode() {
    Node a = new Node();
    EmbeddedGrid.eventually("three members", () -> b.grid.getCluster().getMembers().size() == 3);
    Session s = a.sequenced(60_000, 2);
    SessionReplication.InFlight inFlight =
        new SessionReplication.InFlight(
            4,
            List.of(new SessionReplication.Sent(4, "{\"t\":\"ok\",\"id\":5}")),
            List.of("{\"t\":\"error\",\"id\":6,\"code\":4004}"));
    java.util.concurrent.atomic.AtomicLong recorded = new java.util.concurrent.atomic.AtomicLong();
    a.store.keepInFlight(
        s,
        new SessionReplication.InFlightSource() {
          @Override
          public SessionReplication.InFlight inFlight() {
            return inFlight;
          }

          @Override
          public void recorded(long through) {
            recorded.set(through);
          }
        });
    a.store.inFlightChanged(s);
    EmbeddedGrid.eventually("the record landed", () -> recorded.get() == 4);
    assertTrue(rawRecord(s).contains("\"inFlight\""), rawRecord(s));

    a.grid.getLifecycleService().terminate();
    EmbeddedGrid.eventually(
        "recovering on its old node",
        () -> b.seen(s).map(x -> x.state().equals("RECOVERING_RECONNECT")).orElse(false));
    Claim claim = b.store.claim(id(s), s.token());
    assertTrue(claim instanceof Claimed, String.valueOf(claim));
    assertEquals(inFlight, ((Claimed) claim).replica().inFlight());
  }

  static String rawRecord(Session s) {
    return String.valueOf(c.grid.getMap(GridSessionDirectory.MAP).get(id(s)));
  }

  /** Whether {@code s}'s record says its node died more than its reconnect timeout ago. */
  static boolean windowPassed(Session s) {
    var value = c.grid.<String, Object>getMap(GridSessionDirectory.MAP).get(id(s));
    if (value == null) {
      return false;
    }
    var json =
        jakarta.json.Json.createReader(new java.io.StringReader(value.toString())).readObject();
    return json.containsKey("disconnectedAt")
        && c.grid.getCluster().getClusterTime()
            >= json.getJsonNumber("disconnectedAt").longValue() + s.reconnectTimeoutMillis();
  }

  static String id(Session s) {
    return s.id().toString();
  }
}
