package dev.osmosis.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.osmosis.control.Caller;
import dev.osmosis.durable.TopicJournal;
import dev.osmosis.durable.TopicState;
import dev.osmosis.durable.TopicStore;
import dev.osmosis.session.TestSessions;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.subscribe.ValueLimits;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.topic.TopicValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Persistence on the grid, on real embedded members: each change of a persistent topic reaches the
 * journal of the one node that decided it, and the stored topics are loaded into the grid once per
 * cluster.
 */
class GridTopicsPersistenceTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));
  static final TopicSpecification STRING = TopicSpecification.of(TopicType.STRING);

  final String cluster = "osmosis-persist-" + UUID.randomUUID();
  final List<Node> nodes = new ArrayList<>();

  /** A store that keeps what it is given, and answers {@link #rows} on load. */
  static final class ListStore implements TopicStore {
    final List<TopicState> rows = new ArrayList<>();
    final List<TopicState> written = new ArrayList<>();

    @Override
    public synchronized List<TopicState> loadAll() {
      return List.copyOf(rows);
    }

    @Override
    public synchronized void write(List<TopicState> batch) {
      written.addAll(batch);
    }
  }

  /** One node: a grid member, its tree, its journal on its own store. */
  final class Node {
    final HazelcastInstance grid =
        Hazelcast.newHazelcastInstance(EmbeddedGrid.config(cluster, 6241));
    final Subscriptions subscriptions = TestSessions.subscriptions();
    final ListStore store = new ListStore();
    final TopicJournal journal = new TopicJournal(store, 100, 1_000);
    final GridTopics replication =
        new GridTopics(grid, subscriptions, Duration.ofSeconds(10), journal);
    final TopicControl topics =
        new TopicControl(subscriptions, TestSessions::store, ValueLimits.defaults(), replication);
    final int restored;

    Node(List<TopicState> stored) {
      nodes.add(this);
      store.rows.addAll(stored);
      restored = GridTopicRestore.restore(grid, store);
      replication.start();
    }

    /** What this node's journal wrote, flushed now. */
    List<TopicState> written() {
      journal.close();
      synchronized (store) {
        return List.copyOf(store.written);
      }
    }
  }

  @AfterEach
  void shutdown() {
    for (Node node : nodes) {
      node.replication.close();
      node.grid.shutdown();
    }
  }

  @Test
  void restore_whenTheFirstMemberStarts_thenItLoadsTheStoreAndLaterMembersDoNot() {
    TopicSpecification json = TopicSpecification.of(TopicType.JSON);
    List<TopicState> stored =
        List.of(
            TopicState.of("s/a", 11, json, TopicValue.json("{\"n\":5}"), 5),
            TopicState.of("s/b", 12, STRING, TopicValue.string("b"), 2));
    Node a = new Node(stored);
    Node b = new Node(List.of(TopicState.of("s/other", 13, STRING, TopicValue.string("x"), 1)));
    EmbeddedGrid.eventually("two members", () -> b.grid.getCluster().getMembers().size() == 2);
    assertEquals(2, a.restored);
    assertEquals(-1, b.restored); // the cluster has them: b's store is not read into the grid
    for (Node node : List.of(a, b)) {
      Topic topic = node.subscriptions.tree().get("s/a");
      assertEquals(json, topic.specification());
      assertEquals(TopicValue.json("{\"n\":5}"), topic.value());
      assertEquals(5, topic.sequence());
      assertEquals(null, node.subscriptions.tree().get("s/other"));
    }
    a.topics.set(ADMIN, "s/a", TopicType.JSON, "{\"n\":6}");
    List<TopicState> written = a.written();
    assertEquals(List.of(TopicState.of("s/a", 11, json, TopicValue.json("{\"n\":6}"), 6)), written);
  }

  @Test
  void changes_whenTwoNodesDecide_thenEachIsJournaledOnceByTheNodeThatDecidedIt() {
    Node a = new Node(List.of());
    Node b = new Node(List.of());
    EmbeddedGrid.eventually("two members", () -> b.grid.getCluster().getMembers().size() == 2);
    a.topics.add(ADMIN, "p", STRING);
    a.topics.add(ADMIN, "t", STRING.withProperty(TopicSpecification.PERSISTENT, "false"));
    EmbeddedGrid.eventually("p on b", () -> b.subscriptions.tree().get("p") != null);
    EmbeddedGrid.eventually("t on b", () -> b.subscriptions.tree().get("t") != null);
    b.topics.set(ADMIN, "p", TopicType.STRING, "one");
    b.topics.set(ADMIN, "t", TopicType.STRING, "not persisted");
    a.topics.set(ADMIN, "p", TopicType.STRING, "two");
    List<TopicState> byA = a.written();
    long incarnation = byA.get(0).incarnation();
    assertEquals(
        List.of(TopicState.of("p", incarnation, STRING, TopicValue.string("two"), 2)), byA);
    List<TopicState> byB = b.written();
    assertEquals(
        List.of(TopicState.of("p", incarnation, STRING, TopicValue.string("one"), 1)), byB);

    b.topics.remove(ADMIN, "?p|t");
    assertTrue(b.written().contains(TopicState.removal("p", incarnation)));
    assertEquals(2, b.written().size()); // no removal of t
    assertEquals(1, a.written().size());
  }
}
