package dev.osmosis.grid;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.osmosis.control.Caller;
import dev.osmosis.error.RequestException;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.subscribe.UpdateConstraint;
import dev.osmosis.subscribe.ValueLimits;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicType;
import dev.osmosis.topic.TopicValue;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Topic replication on real embedded Hazelcast members in this JVM (loopback tcp-ip join, no
 * multicast, a cluster name of its own): two members shared by the tests, a third joining late.
 * Every wait has a deadline; nothing asserts on time.
 */
class GridTopicsTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));
  static final String CLUSTER = "osmosis-test-" + UUID.randomUUID();
  static final long DEADLINE_MS = 30_000;

  static Node a;
  static Node b;
  static final List<Node> nodes = new ArrayList<>();

  /** One Osmosis node's topic side on its own grid member. */
  static final class Node {
    final HazelcastInstance grid;
    final Sessions sessions = TestSessions.sessions();
    final Subscriptions subscriptions = TestSessions.subscriptions();
    final GridTopics replication;
    final TopicControl topics;
    final int loaded;

    Node() {
      this(config());
    }

    Node(Config config) {
      grid = Hazelcast.newHazelcastInstance(config);
      replication = new GridTopics(grid, subscriptions, Duration.ofSeconds(10));
      loaded = replication.start();
      topics =
          new TopicControl(subscriptions, TestSessions::store, ValueLimits.defaults(), replication);
      nodes.add(this);
    }

    TopicTree tree() {
      return subscriptions.tree();
    }

    Session subscriber(TestSessions.RecordingConnection connection, String selector) {
      Session s = sessions.open(handshake("client", "password", Map.of()), connection);
      subscriptions.select(s, selector);
      return s;
    }
  }

  static Config config() {
    return EmbeddedGrid.config(CLUSTER, 5901);
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
      node.replication.close();
      node.grid.shutdown();
    }
  }

  static void eventually(String what, BooleanSupplier condition) {
    EmbeddedGrid.eventually(what, condition);
  }

  static List<String> sent(TestSessions.RecordingConnection connection) {
    synchronized (connection) {
      return new ArrayList<>(connection.sent);
    }
  }

  static TopicSpecification noConflation(TopicType type) {
    return TopicSpecification.of(type).withProperty(TopicSpecification.CONFLATION, "off");
  }

  /**
   * docs/CLUSTER.md "History": no grid structure for it; each member records the updates it
   * applies, so both members keep the same history, whichever member published.
   */
  @Test
  void historyOfATopic_thenEveryMemberKeepsTheSameUpdatesWithTheirNumbers() {
    TopicSpecification spec =
        noConflation(TopicType.INT64).withProperty(TopicSpecification.HISTORY_SIZE, "5");
    a.topics.add(ADMIN, "history/t", spec);
    eventually("history/t on b", () -> b.tree().get("history/t") != null);
    for (long n = 1; n <= 8; n++) {
      (n % 2 == 0 ? a : b).topics.set(ADMIN, "history/t", TopicType.INT64, n);
    }
    for (Node node : List.of(a, b)) {
      eventually("update 8 on a member", () -> node.tree().get("history/t").sequence() == 8);
      Topic topic = node.tree().get("history/t");
      List<String> kept = new ArrayList<>();
      topic.ordered(
          () ->
              topic
                  .history()
                  .forEachAfter(
                      0,
                      topic.millis(),
                      (sequence, value) ->
                          kept.add(sequence + "=" + ((TopicValue.OfInt64) value).value())));
      assertEquals(List.of("4=4", "5=5", "6=6", "7=7", "8=8"), kept);
    }
  }

  /**
   * docs/TOPICS.md "Acked delivery": every member keeps an acked topic's updates, whoever published
   * them and whatever this member's sessions acknowledged, so a session that was on another member
   * is replayed every update after its client's number here (fail-over).
   */
  @Test
  void ackedTopic_thenEveryMemberKeepsEveryUpdate_andReplaysThemFromAClientsNumber() {
    TopicSpecification spec =
        TopicSpecification.of(TopicType.INT64).withProperty(TopicSpecification.DELIVERY, "acked");
    a.topics.add(ADMIN, "acked/t", spec);
    eventually("acked/t on b", () -> b.tree().get("acked/t") != null);
    TestSessions.RecordingConnection onB = new TestSessions.RecordingConnection();
    Session resumed = b.subscriber(onB, "acked/t");
    for (long n = 1; n <= 30; n++) {
      (n % 2 == 0 ? a : b).topics.set(ADMIN, "acked/t", TopicType.INT64, n);
    }
    for (Node node : List.of(a, b)) {
      eventually("update 30 on a member", () -> node.tree().get("acked/t").sequence() == 30);
      Topic topic = node.tree().get("acked/t");
      int[] kept = {0};
      topic.ordered(() -> kept[0] = topic.history().size());
      assertEquals(30, kept[0], "nothing released by acknowledgements on a grid member");
    }
    synchronized (onB) {
      onB.sent.clear();
    }
    dev.osmosis.subscribe.TopicResume.Result result =
        new dev.osmosis.subscribe.TopicResume(b.subscriptions)
            .resume(resumed, Map.of("acked/t", 3L));
    assertEquals(new dev.osmosis.subscribe.TopicResume.Result(1, 27, List.of()), result);
    List<String> sent = sent(onB);
    assertEquals(27, sent.size(), sent.toString());
    assertTrue(sent.get(0).contains("\"n\":4,"), sent.get(0));
    assertTrue(sent.get(26).contains("\"n\":30,"), sent.get(26));
  }

  @Test
  void addedOnOneMember_thenSameSpecificationAndValueOnTheOther() {
    TopicSpecification spec =
        TopicSpecification.of(TopicType.JSON)
            .withProperty(TopicSpecification.PRIORITY, "high")
            .withProperty(TopicSpecification.CONFLATION, "off");
    assertEquals(
        TopicTree.AddResult.ADDED, a.topics.addAndSet(ADMIN, "added/x", spec, "{\"n\":1}"));
    // the call returns once the adding node shows it
    assertEquals(1, a.tree().get("added/x").sequence());

    eventually("added/x on b", () -> b.tree().get("added/x") != null);
    eventually("its value on b", () -> b.tree().get("added/x").sequence() == 1);
    Topic onB = b.tree().get("added/x");
    assertEquals(spec, onB.specification());
    assertEquals(TopicValue.json("{\"n\":1}"), onB.value());
    // the same path added again through the other node: the one topic, already there
    assertEquals(TopicTree.AddResult.EXISTS, b.topics.add(ADMIN, "added/x", spec));
    RequestException different =
        assertThrows(
            RequestException.class,
            () -> b.topics.add(ADMIN, "added/x", TopicSpecification.of(TopicType.STRING)));
    assertEquals(ErrorCode.INVALID_ARGUMENT, different.code());
  }

  @Test
  void updatesFromBothMembers_thenEverySubscriberSeesOneOrderWithoutGaps() throws Exception {
    int each = 300;
    a.topics.add(ADMIN, "order/t", noConflation(TopicType.STRING));
    eventually("order/t on b", () -> b.tree().get("order/t") != null);
    var onA = new TestSessions.RecordingConnection();
    var onB = new TestSessions.RecordingConnection();
    a.subscriber(onA, ">order/t");
    b.subscriber(onB, ">order/t");
    long gapsBefore = a.replication.gaps() + b.replication.gaps();

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CyclicBarrier start = new CyclicBarrier(2);
      List<Future<?>> publishers = new ArrayList<>();
      for (Node node : List.of(a, b)) {
        String name = node == a ? "a" : "b";
        publishers.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 1; i <= each; i++) {
                    node.topics.set(ADMIN, "order/t", TopicType.STRING, name + i);
                  }
                  return null;
                }));
      }
      for (Future<?> f : publishers) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    // subscribe message + 2 * each values on each node
    eventually("every update on a", () -> sent(onA).size() == 1 + 2 * each);
    eventually("every update on b", () -> sent(onB).size() == 1 + 2 * each);
    List<String> seenA = sent(onA).subList(1, 1 + 2 * each);
    List<String> seenB = sent(onB).subList(1, 1 + 2 * each);
    // one order: the same on both nodes (the topic ids differ per node, so compare the values)
    assertEquals(values(seenA), values(seenB));
    // each publisher's own updates in the order it made them
    for (String name : List.of("a", "b")) {
      List<String> own = values(seenA).stream().filter(v -> v.startsWith(name)).toList();
      List<String> expected = new ArrayList<>();
      for (int i = 1; i <= each; i++) {
        expected.add(name + i);
      }
      assertEquals(expected, own);
    }
    assertEquals(2L * each, a.tree().get("order/t").sequence());
    assertEquals(2L * each, b.tree().get("order/t").sequence());
    assertEquals(gapsBefore, a.replication.gaps() + b.replication.gaps());
  }

  /** The STRING values of {"t":"value","a":ID,"v":"x"} messages. */
  static List<String> values(List<String> messages) {
    List<String> values = new ArrayList<>();
    for (String m : messages) {
      int v = m.indexOf(",\"v\":\"");
      assertTrue(v > 0 && m.startsWith("{\"t\":\"value\""), m);
      values.add(m.substring(v + 6, m.length() - 2));
    }
    return values;
  }

  @Test
  void twoMembersRacingAConstraint_thenExactlyOneWinsEachRound() throws Exception {
    a.topics.addAndSet(ADMIN, "race/t", TopicSpecification.of(TopicType.INT64), 0L);
    eventually("race/t on b", () -> b.tree().get("race/t") != null);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (long round = 0; round < 40; round++) {
        long expected = round;
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Boolean>> racers = new ArrayList<>();
        for (Node node : List.of(a, b)) {
          Callable<Boolean> racer =
              () -> {
                start.await();
                try {
                  node.topics.set(
                      ADMIN,
                      "race/t",
                      TopicType.INT64,
                      expected + 1,
                      new UpdateConstraint.Value(expected),
                      TopicControl.NO_LOCKS);
                  return true;
                } catch (RequestException e) {
                  assertEquals(ErrorCode.UNSATISFIED_CONSTRAINT, e.code(), e.getMessage());
                  return false;
                }
              };
          racers.add(pool.submit(racer));
        }
        int wins = 0;
        for (Future<Boolean> f : racers) {
          wins += f.get() ? 1 : 0;
        }
        assertEquals(1, wins, "round " + round);
        // the winner's node shows it; the loser's node may lag: wait for both
        eventually("round on a", () -> a.tree().get("race/t").sequence() == expected + 2);
        eventually("round on b", () -> b.tree().get("race/t").sequence() == expected + 2);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(TopicValue.int64(40), a.tree().get("race/t").value());
  }

  @Test
  void twoMembersRacingAddAndSetWithNoTopic_thenExactlyOneAdds() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        String path = "racing/add" + round;
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Boolean>> racers = new ArrayList<>();
        for (Node node : List.of(a, b)) {
          racers.add(
              pool.submit(
                  () -> {
                    start.await();
                    try {
                      node.topics.addAndSet(
                          ADMIN,
                          path,
                          TopicSpecification.of(TopicType.STRING),
                          node == a ? "a" : "b",
                          new UpdateConstraint.NoTopic(),
                          TopicControl.NO_LOCKS);
                      return true;
                    } catch (RequestException e) {
                      assertEquals(ErrorCode.UNSATISFIED_CONSTRAINT, e.code(), e.getMessage());
                      return false;
                    }
                  }));
        }
        int wins = 0;
        for (Future<Boolean> f : racers) {
          wins += f.get() ? 1 : 0;
        }
        assertEquals(1, wins, path);
        eventually(path + " on both", () -> sameValue(path));
        assertEquals(1, a.tree().get(path).sequence());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static boolean sameValue(String path) {
    Topic onA = a.tree().get(path);
    Topic onB = b.tree().get(path);
    return onA != null
        && onB != null
        && onA.value() != null
        && onA.value().equals(onB.value())
        && onA.sequence() == onB.sequence();
  }

  @Test
  void jsonPatchOnOneMember_thenDeltaToSubscriberOnTheOther() {
    String document = "{\"a\":1,\"b\":\"" + "x".repeat(200) + "\"}";
    a.topics.addAndSet(ADMIN, "patch/t", noConflation(TopicType.JSON), document);
    eventually("patch/t on b", () -> b.tree().get("patch/t") != null);
    var onA = new TestSessions.RecordingConnection();
    a.subscriber(onA, ">patch/t");
    eventually("patch/t's value on b", () -> sameValue("patch/t"));

    b.topics.applyJsonPatch(
        ADMIN,
        "patch/t",
        Json.createArrayBuilder()
            .add(Json.createObjectBuilder().add("op", "replace").add("path", "/a").add("value", 2))
            .build(),
        UpdateConstraint.NONE,
        TopicControl.NO_LOCKS);

    eventually("the patch on a", () -> sent(onA).size() == 3); // subscribe, value, delta
    String delta = sent(onA).get(2);
    assertTrue(delta.startsWith("{\"t\":\"delta\""), delta);
    assertEquals(
        TopicValue.json(document.replace("\"a\":1", "\"a\":2")), a.tree().get("patch/t").value());
    assertEquals(2, a.tree().get("patch/t").sequence());
  }

  @Test
  void removedOnOneMember_thenGoneOnTheOther_andAddedAgainIsANewTopic() {
    a.topics.addAndSet(ADMIN, "gone/t", TopicSpecification.of(TopicType.STRING), "one");
    eventually("gone/t on b", () -> sameValue("gone/t"));
    var onA = new TestSessions.RecordingConnection();
    a.subscriber(onA, ">gone/t");

    assertEquals(1, b.topics.remove(ADMIN, ">gone/t"));
    assertNull(b.tree().get("gone/t"));
    eventually("gone/t removed on a", () -> a.tree().get("gone/t") == null);
    assertEquals(0, a.topics.remove(ADMIN, ">gone/t")); // nothing left to remove

    b.topics.addAndSet(ADMIN, "gone/t", TopicSpecification.of(TopicType.STRING), "two");
    eventually("gone/t again on a", () -> sameValue("gone/t"));
    assertEquals(TopicValue.string("two"), a.tree().get("gone/t").value());
    assertEquals(1, a.tree().get("gone/t").sequence());
    // the subscriber's selection persists: unsubscribed, then subscribed to the new topic
    eventually("re-subscribed on a", () -> sent(onA).size() == 5);
    List<String> seen = sent(onA);
    assertTrue(seen.get(2).startsWith("{\"t\":\"unsubscribe\""), seen.toString());
    assertTrue(seen.get(3).startsWith("{\"t\":\"subscribe\""), seen.toString());
  }

  @Test
  void aMemberJoiningLate_thenLoadsTheWholeTreeBeforeItServes() {
    int count = 50;
    for (int i = 0; i < count; i++) {
      a.topics.addAndSet(ADMIN, "late/t" + i, TopicSpecification.of(TopicType.INT64), (long) i);
      a.topics.set(ADMIN, "late/t" + i, TopicType.INT64, (long) i * 10);
    }
    Node c = new Node();
    for (int i = 0; i < count; i++) {
      Topic topic = c.tree().get("late/t" + i);
      assertNotNull(topic, "late/t" + i);
      assertEquals(TopicValue.int64(i * 10L), topic.value());
      assertEquals(2, topic.sequence());
    }
    assertTrue(c.loaded >= count, "loaded " + c.loaded);
    assertEquals(a.tree().size(), c.tree().size());
    // and from now on it follows
    a.topics.set(ADMIN, "late/t0", TopicType.INT64, 7L);
    eventually("late/t0 on c", () -> c.tree().get("late/t0").sequence() == 3);
    c.replication.close();
    c.grid.shutdown();
    nodes.remove(c);
  }

  @Test
  void aNodeThatDivergedInASplit_thenResyncMakesItsTreeTheGridsAgain() {
    a.topics.addAndSet(ADMIN, "split/t", TopicSpecification.of(TopicType.STRING), "kept");
    eventually("split/t on b", () -> sameValue("split/t"));
    var onB = new TestSessions.RecordingConnection();
    b.subscriber(onB, ">split/t");
    // b's side of a split went on without a: its own numbers, which the merge discarded
    Topic diverged = b.tree().get("split/t");
    b.subscriptions.apply(diverged, TopicValue.string("lost"), 5);

    b.replication.resync();

    Topic now = b.tree().get("split/t");
    assertTrue(diverged.isRemoved());
    assertEquals(TopicValue.string("kept"), now.value());
    assertEquals(1, now.sequence());
    // and it follows the grid's numbers again
    a.topics.set(ADMIN, "split/t", TopicType.STRING, "next");
    eventually("next on b", () -> b.tree().get("split/t").sequence() == 2);
    assertEquals(TopicValue.string("next"), b.tree().get("split/t").value());
  }

  @Test
  void topicNotificationsOnOneMember_thenSeeTopicsAddedAndRemovedThroughTheOther() {
    var onB = new TestSessions.RecordingConnection();
    Session listener = b.sessions.open(handshake("client", "password", Map.of()), onB);
    b.subscriptions.notifications().select(listener, "?notes//");

    a.topics.add(ADMIN, "notes/x", TopicSpecification.of(TopicType.STRING));
    eventually("the addition's notification on b", () -> sent(onB).size() == 1);
    a.topics.remove(ADMIN, ">notes/x");
    eventually("the removal's notification on b", () -> sent(onB).size() == 2);

    List<String> seen = sent(onB);
    assertTrue(
        seen.get(0).contains("\"notes/x\"") && seen.get(0).contains("ADDED"), seen.toString());
    assertTrue(
        seen.get(1).contains("\"notes/x\"") && seen.get(1).contains("REMOVED"), seen.toString());
  }

  /** Reads of the topics map's records at their owners, both members together. */
  static long recordReads() {
    long reads = 0;
    for (Node node : List.of(a, b)) {
      reads += node.grid.getMap(GridTopics.MAP).getLocalMapStats().getGetOperationCount();
    }
    return reads;
  }

  @Test
  void aNodeUpdatingATopicOnlyItWrites_thenReadsNoRecordBeforeEachUpdate() {
    a.topics.addAndSet(ADMIN, "hint/mine", noConflation(TopicType.INT64), 0L);
    long before = recordReads();
    for (long i = 1; i <= 20; i++) {
      a.topics.set(ADMIN, "hint/mine", TopicType.INT64, i);
    }
    assertEquals(TopicValue.int64(20), a.tree().get("hint/mine").value());
    assertEquals(21, a.tree().get("hint/mine").sequence());
    // its last record is the expected value of its next replace: no read per update (a wait for
    // its own event past 200 ms may still read once)
    long reads = recordReads() - before;
    assertTrue(reads < 10, reads + " reads for 20 updates");
  }

  @Test
  void anotherNodeUpdatedInBetween_thenConstraintsAndNumbersFollowTheClustersRecord() {
    a.topics.addAndSet(ADMIN, "hint/stale", noConflation(TopicType.INT64), 1L);
    eventually("hint/stale on b", () -> b.tree().get("hint/stale") != null);
    b.topics.set(ADMIN, "hint/stale", TopicType.INT64, 2L);
    // a's hint (value 1) is stale, whether or not a applied b's record yet: the constraint is
    // decided on the cluster's value, the old one is refused
    a.topics.set(
        ADMIN,
        "hint/stale",
        TopicType.INT64,
        3L,
        new UpdateConstraint.Value(2L),
        TopicControl.NO_LOCKS);
    RequestException refused =
        assertThrows(
            RequestException.class,
            () ->
                a.topics.set(
                    ADMIN,
                    "hint/stale",
                    TopicType.INT64,
                    9L,
                    new UpdateConstraint.Value(2L),
                    TopicControl.NO_LOCKS));
    assertEquals(ErrorCode.UNSATISFIED_CONSTRAINT, refused.code());
    b.topics.set(ADMIN, "hint/stale", TopicType.INT64, 4L);
    a.topics.set(ADMIN, "hint/stale", TopicType.INT64, 5L); // a stale hint, no constraint
    assertEquals(TopicValue.int64(5), a.tree().get("hint/stale").value());
    assertEquals(5, a.tree().get("hint/stale").sequence());
    eventually("5 on b", () -> b.tree().get("hint/stale").sequence() == 5);
    assertEquals(TopicValue.int64(5), b.tree().get("hint/stale").value());
  }

  @Test
  void aOneMemberGrid_thenTopicsWorkAsOnOneServer() {
    Node alone = new Node(config().setClusterName(CLUSTER + "-alone"));
    try {
      assertEquals(1, alone.grid.getCluster().getMembers().size());
      var connection = new TestSessions.RecordingConnection();
      alone.subscriber(connection, ">alone/t");
      alone.topics.addAndSet(ADMIN, "alone/t", noConflation(TopicType.STRING), "one");
      alone.topics.set(ADMIN, "alone/t", TopicType.STRING, "two");
      // the calls return once this node applied them: nothing to wait for
      assertEquals(2, alone.tree().get("alone/t").sequence());
      assertEquals(List.of("one", "two"), values(sent(connection).subList(1, 3)));
      assertEquals(1, alone.topics.remove(ADMIN, ">alone/t"));
      assertNull(alone.tree().get("alone/t"));
    } finally {
      alone.replication.close();
      alone.grid.shutdown();
      nodes.remove(alone);
    }
  }
}
