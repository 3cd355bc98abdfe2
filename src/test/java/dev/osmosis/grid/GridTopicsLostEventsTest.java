package dev.osmosis.grid;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.osmosis.control.Caller;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.subscribe.ValueLimits;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/CLUSTER.md "Lost events": Hazelcast does not resend the map events of a partition owner that
 * dies, so a node can miss an update that the grid's record holds. Here a node misses events as
 * such a node does (its listener taken off while another member updates), on real embedded members.
 * Every wait has a deadline; nothing asserts on time.
 */
class GridTopicsLostEventsTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));
  static final String PATH = "lost/t";

  final String cluster = "osmosis-lost-" + UUID.randomUUID();
  final List<Node> nodes = new ArrayList<>();

  /** One Osmosis node's topic side on its own grid member. */
  final class Node {
    final HazelcastInstance grid;
    final Sessions sessions = TestSessions.sessions();
    final Subscriptions subscriptions = TestSessions.subscriptions();
    final GridTopics replication;
    final TopicControl topics;

    Node(Duration waitForApply) {
      grid = Hazelcast.newHazelcastInstance(EmbeddedGrid.config(cluster, 6261));
      replication = new GridTopics(grid, subscriptions, waitForApply);
      replication.start();
      topics =
          new TopicControl(subscriptions, TestSessions::store, ValueLimits.defaults(), replication);
      nodes.add(this);
    }

    TopicTree tree() {
      return subscriptions.tree();
    }

    long sequence() {
      return tree().get(PATH).sequence();
    }

    TestSessions.RecordingConnection subscriber() {
      var connection = new TestSessions.RecordingConnection();
      subscriptions.select(
          sessions.open(handshake("client", "password", Map.of()), connection), PATH);
      return connection;
    }

    void set(String value) {
      topics.set(ADMIN, PATH, TopicType.STRING, value);
    }
  }

  @AfterEach
  void shutdown() {
    for (Node node : nodes) {
      node.replication.close();
      node.grid.getLifecycleService().terminate();
    }
  }

  /** Two members sharing a topic at update 1, the second subscribed to it. */
  private Node[] twoMembers(Duration waitForApply) {
    Node a = new Node(waitForApply);
    Node b = new Node(waitForApply);
    EmbeddedGrid.eventually("two members", () -> b.grid.getCluster().getMembers().size() == 2);
    a.topics.add(
        ADMIN,
        PATH,
        TopicSpecification.of(TopicType.STRING).withProperty(TopicSpecification.CONFLATION, "off"));
    a.set("v1");
    EmbeddedGrid.eventually("update 1 on b", () -> b.tree().get(PATH) != null && b.sequence() == 1);
    return new Node[] {a, b};
  }

  static List<String> sent(TestSessions.RecordingConnection connection) {
    synchronized (connection) {
      return new ArrayList<>(connection.sent);
    }
  }

  /** The messages after the subscription's first value, by kind and value: "value v2". */
  static List<String> after(TestSessions.RecordingConnection connection, int first) {
    List<String> kinds = new ArrayList<>();
    for (String m : sent(connection).subList(first, sent(connection).size())) {
      if (m.startsWith("{\"t\":\"lostUpdates\"")) {
        kinds.add("lostUpdates");
      } else {
        int v = m.indexOf(",\"v\":\"");
        assertTrue(v > 0 && m.startsWith("{\"t\":\"value\""), m);
        kinds.add("value " + m.substring(v + 6, m.length() - 2));
      }
    }
    return kinds;
  }

  @Test
  void oneEventLost_thenTheNextEventCarriesIt_andSubscribersSeeEveryValueInOrder() {
    Node[] ab = twoMembers(Duration.ofSeconds(10));
    Node a = ab[0];
    Node b = ab[1];
    var onB = b.subscriber();
    int first = sent(onB).size();

    b.replication.stopListening();
    a.set("v2"); // its event never reaches b
    b.replication.listenAgain();
    a.set("v3");

    EmbeddedGrid.eventually("update 3 on b", () -> b.sequence() == 3);
    EmbeddedGrid.eventually("two values to b's subscriber", () -> sent(onB).size() == first + 2);
    assertEquals(List.of("value v2", "value v3"), after(onB, first));
    assertEquals(0, b.replication.gaps());
    assertEquals(1, b.replication.recovered());
  }

  @Test
  void twoEventsLost_thenTheSubscriberIsToldOfTheLoss_beforeTheLatestValue() {
    Node[] ab = twoMembers(Duration.ofSeconds(10));
    Node a = ab[0];
    Node b = ab[1];
    var onB = b.subscriber();
    int first = sent(onB).size();

    b.replication.stopListening();
    a.set("v2");
    a.set("v3");
    b.replication.listenAgain();
    a.set("v4");

    EmbeddedGrid.eventually("update 4 on b", () -> b.sequence() == 4);
    EmbeddedGrid.eventually(
        "notice and value to b's subscriber", () -> sent(onB).size() >= first + 2);
    assertEquals(List.of("lostUpdates", "value v4"), after(onB, first));
    String notice = sent(onB).get(first);
    assertTrue(notice.endsWith(",\"after\":1,\"n\":4}"), notice);
    assertEquals(1, b.replication.gaps());
  }

  @Test
  void aMemberLeavesAfterAnUpdateWhoseEventWasLost_thenTheOthersReadItFromTheGrid() {
    Node[] ab = twoMembers(Duration.ofSeconds(10));
    Node b = ab[1];
    Node c = new Node(Duration.ofSeconds(10));
    EmbeddedGrid.eventually("three members", () -> b.grid.getCluster().getMembers().size() == 3);
    var onB = b.subscriber();
    int first = sent(onB).size();

    b.replication.stopListening();
    c.set("v2"); // decided; its event never reaches b
    b.replication.listenAgain();
    c.replication.close();
    c.grid.getLifecycleService().terminate(); // as kill -9: no goodbye
    nodes.remove(c);

    EmbeddedGrid.eventually("update 2 on b", () -> b.sequence() == 2);
    EmbeddedGrid.eventually("the value to b's subscriber", () -> sent(onB).size() == first + 1);
    assertEquals(List.of("value v2"), after(onB, first));
    assertEquals(0, b.replication.gaps());
  }

  /** Three members sharing the topic at update 1; the third is killed by {@link #kill}. */
  private Node[] threeMembers() {
    Node[] ab = twoMembers(Duration.ofSeconds(10));
    Node c = new Node(Duration.ofSeconds(10));
    EmbeddedGrid.eventually(
        "three members", () -> ab[1].grid.getCluster().getMembers().size() == 3);
    EmbeddedGrid.eventually("update 1 on c", () -> c.tree().get(PATH) != null);
    return new Node[] {ab[0], ab[1], c};
  }

  private void kill(Node node) {
    node.replication.close();
    node.grid.getLifecycleService().terminate(); // as kill -9: no goodbye
    nodes.remove(node);
  }

  @Test
  void aMemberLeavesAfterTwoUpdatesWhoseEventsWereLost_thenTheNewestIsAppliedAfterTheNotice() {
    Node[] abc = threeMembers();
    Node b = abc[1];
    Node c = abc[2];
    var onB = b.subscriber();
    int first = sent(onB).size();

    b.replication.stopListening();
    c.set("v2");
    c.set("v3"); // both decided; their events never reach b
    b.replication.listenAgain();
    kill(c);

    // the record is two ahead: read again once events still on their way would have come, then
    // applied over the gap
    EmbeddedGrid.eventually("update 3 on b", () -> b.sequence() == 3);
    EmbeddedGrid.eventually(
        "notice and value to b's subscriber", () -> sent(onB).size() >= first + 2);
    assertEquals(List.of("lostUpdates", "value v3"), after(onB, first));
    assertEquals(1, b.replication.gaps());
  }

  @Test
  void aMemberLeavesAfterARemovalWhoseEventWasLost_thenTheOthersRemoveTheTopicToo() {
    Node[] abc = threeMembers();
    Node b = abc[1];
    Node c = abc[2];

    b.replication.stopListening();
    assertEquals(1, c.topics.remove(ADMIN, PATH)); // its event never reaches b
    b.replication.listenAgain();
    assertTrue(b.tree().get(PATH) != null, "b still has it");
    kill(c);

    EmbeddedGrid.eventually("removed on b", () -> b.tree().get(PATH) == null);
    assertEquals(null, abc[0].tree().get(PATH));
  }

  @Test
  void aNodeWhoseOwnEventIsLost_thenAppliesItsChangeFromTheRecordBeforeItReturns() {
    Node[] ab = twoMembers(Duration.ofSeconds(30));
    Node b = ab[1];
    var onB = b.subscriber();
    int first = sent(onB).size();

    b.replication.stopListening();
    b.set("v2"); // returns once b shows it: from the record, as its event never comes

    assertEquals(2, b.sequence());
    assertEquals(List.of("value v2"), after(onB, first));
    b.replication.listenAgain();
  }
}
