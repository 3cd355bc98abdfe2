package dev.osmosis.subscribe;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.cluster.SessionDirectory;
import dev.osmosis.cluster.SessionSummary;
import dev.osmosis.control.Caller;
import dev.osmosis.filter.SessionFilter;
import dev.osmosis.message.MessagingFixtures.MutableClock;
import dev.osmosis.protocol.JsonTopicEncoder;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.selector.TopicSelectors;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.topic.TopicTree;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * REMOVAL policies on a node of a cluster (docs/CLUSTER.md "Topics"): the session directory lists
 * the sessions of the other nodes; here a list the test edits, as the grid's directory changes when
 * a session of another node opens, closes or its node leaves.
 */
class TopicExpiryClusterTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));
  static final long S = 1000;

  final MutableClock clock = new MutableClock();
  final SecurityStore store = TestSessions.store();
  final TopicTree tree = new TopicTree(clock);
  final Subscriptions subscriptions =
      new Subscriptions(tree, new TopicSelectors(), () -> store, JsonTopicEncoder.INSTANCE);
  final TopicControl topics = new TopicControl(subscriptions, () -> store);
  final Sessions here = TestSessions.sessions();
  final Sessions otherNode = TestSessions.sessions();

  /** The directory's entries of the other node. */
  final List<SessionSummary> listed = new CopyOnWriteArrayList<>();

  final SessionDirectory directory =
      new SessionDirectory() {
        @Override
        public List<SessionSummary> sessions(SessionFilter filter) {
          return listed.stream().filter(s -> filter == null || filter.matches(s)).toList();
        }

        @Override
        public Optional<SessionSummary> session(String id) {
          return listed.stream().filter(s -> s.id().equals(id)).findFirst();
        }

        @Override
        public boolean elsewhere(String id) {
          return session(id).isPresent(); // the list holds the other nodes' sessions only
        }
      };

  /** The other nodes' published subscriber counts, and what this node published. */
  final Map<String, Integer> othersCount = new java.util.concurrent.ConcurrentHashMap<>();

  final List<String> published = new CopyOnWriteArrayList<>();

  final SubscriberCounts counts =
      new SubscriberCounts() {
        @Override
        public void publish(String path, int count) {
          published.add(path + "=" + count);
        }

        @Override
        public int others(String path) {
          return othersCount.getOrDefault(path, 0);
        }

        @Override
        public void withdraw(String path) {
          published.add(path + " withdrawn");
        }
      };

  final TopicExpiry expiry =
      new TopicExpiry(
          tree,
          here.registry(),
          new TopicSelectors(),
          clock,
          new LocalTopics(subscriptions),
          directory,
          counts);
  final long t0 = clock.millis();

  int sweepAt(long offset) {
    clock.advance(t0 + offset - clock.millis());
    return expiry.sweep();
  }

  Session openElsewhere(String principal, String password) {
    Session session =
        otherNode.open(
            handshake(principal, password, Map.of()), new TestSessions.RecordingConnection());
    listed.add(SessionSummary.of(session, "node-b"));
    return session;
  }

  @Test
  void noSessionHas_whenAMatchingSessionIsOnAnotherNode_thenKeptUntilItIsGone() {
    topics.add(
        ADMIN, "n", TopicExpiryTest.spec("when no session has '$Principal is \"client\"' for 10s"));
    openElsewhere("client", "password");
    assertEquals(0, sweepAt(100 * S), "a matching session on another node counts");
    listed.clear(); // it closed, or its node left the cluster
    assertEquals(0, sweepAt(101 * S));
    assertEquals(1, sweepAt(111 * S));
  }

  @Test
  void subscriptionsBelow_whenSubscribersOnAnotherNode_thenTheyCountUntilTheirCountDrops() {
    topics.add(ADMIN, "s", TopicExpiryTest.spec("when subscriptions < 2 for 10s"));
    Session client =
        here.open(
            handshake("client", "password", Map.of()), new TestSessions.RecordingConnection());
    subscriptions.select(client, "s");
    othersCount.put("s", 2);
    assertEquals(0, sweepAt(100 * S), "one here + two elsewhere");
    assertEquals(0, sweepAt(200 * S));
    othersCount.put("s", 0); // they unsubscribed, or their node left
    assertEquals(0, sweepAt(201 * S));
    assertEquals(1, sweepAt(211 * S), "below 2 cluster-wide for 10 s");
    assertEquals(List.of("s=1", "s withdrawn"), published.stream().distinct().toList());
  }

  @Test
  void subscriptionsBelow_whenLocal_thenOtherNodesDoNotCountAndNothingIsPublished() {
    topics.add(ADMIN, "s", TopicExpiryTest.spec("when local subscriptions < 1 for 10s"));
    othersCount.put("s", 5);
    assertEquals(0, sweepAt(5 * S));
    assertEquals(1, sweepAt(10 * S), "local: this node's subscribers only");
    assertEquals(List.of(), published);
  }

  @Test
  void subscriptionsBelow_whenManySubscribersHere_thenTheCapIsPublished() {
    topics.add(ADMIN, "s", TopicExpiryTest.spec("when subscriptions < 2 for 10s"));
    for (int i = 0; i < 3; i++) {
      subscriptions.select(
          here.open(
              handshake("client", "password", Map.of()), new TestSessions.RecordingConnection()),
          "s");
    }
    assertEquals(0, sweepAt(100 * S));
    assertEquals(List.of("s=2"), published, "capped at the threshold: more changes nothing");
  }

  @Test
  void noLocalSessionHas_whenTheMatchingSessionIsOnAnotherNode_thenItDoesNotCount() {
    topics.add(
        ADMIN, "n", TopicExpiryTest.spec("when no local session has '$Principal is \"client\"'"));
    openElsewhere("client", "password");
    assertEquals(1, sweepAt(1 * S), "local: this node's sessions only");
  }

  @Test
  void thisSessionCloses_whenCreatorIsOnAnotherNode_thenRemovedOnceTheDirectoryDropsIt() {
    Session creator = openElsewhere("admin", "secret");
    topics.add(
        new Caller(creator.principal(), creator.roles(), creator.id().toString()),
        "theirs",
        TopicExpiryTest.spec("when this session closes"));
    assertEquals(0, sweepAt(100 * S), "open on its node");
    assertTrue(tree.get("theirs") != null);

    listed.clear(); // its node died: the directory dropped its sessions

    assertEquals(1, sweepAt(101 * S));
    assertEquals(null, tree.get("theirs"));
    assertEquals(0, expiry.tracked());
  }

  @Test
  void thisSessionCloses_whenCreatorIsHere_thenItsCloseRemovesAtOnceAsOnOneNode() {
    Session creator =
        here.open(handshake("admin", "secret", Map.of()), new TestSessions.RecordingConnection());
    topics.add(
        new Caller(creator.principal(), creator.roles(), creator.id().toString()),
        "mine",
        TopicExpiryTest.spec("when this session closes"));
    assertEquals(0, sweepAt(100 * S));
    creator.close(dev.osmosis.wire.CloseReason.CLOSED_BY_CLIENT, "bye");
    assertEquals(null, tree.get("mine"));
  }

  @Test
  void thisSessionCloses_whenAStaleCopyClosesHereWhileResumedElsewhere_thenKeptUntilItCloses() {
    Session creator =
        here.open(handshake("admin", "secret", Map.of()), new TestSessions.RecordingConnection());
    topics.add(
        new Caller(creator.principal(), creator.roles(), creator.id().toString()),
        "resumed",
        TopicExpiryTest.spec("when this session closes"));
    assertEquals(0, sweepAt(100 * S));
    listed.add(SessionSummary.of(creator, "node-b")); // its client resumed it on node b

    creator.close(dev.osmosis.wire.CloseReason.CLOSED_BY_SERVER, "resumed on another node");
    assertTrue(tree.get("resumed") != null, "the copy here closed, not the session");
    assertEquals(0, sweepAt(101 * S));

    listed.clear(); // it closed on node b
    assertEquals(1, sweepAt(102 * S));
    assertEquals(null, tree.get("resumed"));
  }
}
