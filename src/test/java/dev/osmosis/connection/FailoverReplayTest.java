package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.osmosis.cluster.SessionReplication;
import dev.osmosis.connection.ReconnectTest.FakeLink;
import dev.osmosis.control.Caller;
import dev.osmosis.grid.EmbeddedGrid;
import dev.osmosis.grid.GridTopics;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.session.Transport;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.subscribe.ValueLimits;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.topic.TopicValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fail-over of a publisher (docs/RECONNECTION.md): its node processes client messages that update
 * topics, then dies before the grid recorded them (the "processed but not recorded" window); the
 * client replays them to another node, which recognises each update's idempotency key in the
 * topic's record and answers as the dead node decided, without applying it again. Real embedded
 * grid members: two shared, a third per test that is terminated (no graceful leave).
 */
class FailoverReplayTest {
  static final String CLUSTER = "osmosis-replay-" + UUID.randomUUID();
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));
  static final Pattern ID = Pattern.compile("\"sessionId\":\"([^\"]+)\"");
  static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
  static final List<Node> nodes = new ArrayList<>();
  static Node a;
  static Node b;

  /** One Osmosis node: sessions, the grid's topics, a session replication the test decides. */
  static final class Node {
    final HazelcastInstance grid =
        Hazelcast.newHazelcastInstance(EmbeddedGrid.config(CLUSTER, 6001));
    final Sessions sessions = TestSessions.sessions();
    final Subscriptions subscriptions = TestSessions.subscriptions();
    final GridTopics gridTopics = new GridTopics(grid, subscriptions, Duration.ofSeconds(10));
    final TopicControl topics =
        new TopicControl(subscriptions, TestSessions::store, ValueLimits.defaults(), gridTopics);
    final AtomicReference<SessionReplication.Claim> claim = new AtomicReference<>();

    /** Records nothing: every message this node processes stays in the window. */
    final SessionReplication replication =
        new SessionReplication() {
          @Override
          public Claim claim(String id, String token) {
            return claim.get();
          }

          @Override
          public void changed(Session session, long seq, LongConsumer recorded) {}

          @Override
          public void sweep(long now) {}

          @Override
          public String sweepName() {
            return "test";
          }
        };

    Node() {
      gridTopics.start();
      nodes.add(this);
    }

    ClientConnection client(FakeLink link) {
      return new ClientConnection(
              sessions,
              TestSessions.control(sessions),
              subscriptions,
              topics,
              link,
              Transport.WEBSOCKET,
              TestSessions.CLOCK)
          .reconnectable(Runnable::run)
          .replication(replication);
    }
  }

  @BeforeAll
  static void cluster() {
    a = new Node();
    b = new Node();
    EmbeddedGrid.eventually("two members", () -> b.grid.getCluster().getMembers().size() == 2);
  }

  @AfterAll
  static void shutdown() {
    for (Node node : nodes) {
      node.gridTopics.close();
      node.grid.getLifecycleService().terminate();
    }
  }

  /** The session a dead node had: its id and token. */
  record Dead(String id, String token) {}

  /**
   * A publisher's node joins, its sequenced session sends {@code messages} (numbered from 1), which
   * it processes; then it dies with none of them recorded.
   */
  static Dead processedThenDied(String... messages) {
    Node d = new Node();
    EmbeddedGrid.eventually("three members", () -> b.grid.getCluster().getMembers().size() == 3);
    FakeLink link = new FakeLink();
    ClientConnection c = d.client(link);
    c.onText(
        "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"principal\":\"admin\","
            + "\"credentials\":\"secret\",\"reconnectTimeout\":60000}");
    String connected = link.frames.get(0);
    for (String m : messages) {
      c.onText(m);
    }
    d.gridTopics.close();
    d.grid.getLifecycleService().terminate();
    EmbeddedGrid.eventually("two members", () -> b.grid.getCluster().getMembers().size() == 2);
    return new Dead(group(ID, connected), group(TOKEN, connected));
  }

  /** Node b resumes the dead node's session, its record saying {@code recorded}; the replay. */
  static String resumedOnB(Dead dead, long recorded, String... replay) {
    b.claim.set(
        new SessionReplication.Claimed(
            new SessionReplication.Replica(
                dead.id(),
                "node-d",
                "admin",
                Set.of("ADMINISTRATOR"),
                Map.of("$SessionId", dead.id()),
                0L,
                60000,
                List.of(),
                recorded)));
    FakeLink link = new FakeLink();
    ClientConnection c = b.client(link);
    c.onText(
        "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
            + dead.id()
            + "\",\"token\":\""
            + dead.token()
            + "\",\"ack\":0}");
    assertTrue(link.frames.get(0).contains("\"reconnected\":true"), link.frames.get(0));
    for (String m : replay) {
      c.onText(m);
    }
    return String.join("\n", link.frames);
  }

  static String group(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertTrue(m.find(), text);
    return m.group(1);
  }

  static String append(long seq, String path, int item) {
    return "{\"t\":\"applyJsonPatch\",\"id\":"
        + seq
        + ",\"seq\":"
        + seq
        + ",\"path\":\""
        + path
        + "\",\"patch\":[{\"op\":\"add\",\"path\":\"/items/-\",\"value\":"
        + item
        + "}]}";
  }

  @Test
  void jsonPatchesProcessedByTheDeadNode_whenReplayed_thenAnsweredOkAndNotAppliedAgain() {
    a.topics.addAndSet(
        ADMIN, "replay/doc", TopicSpecification.of(TopicType.JSON), "{\"items\":[]}");
    long replaysBefore = b.gridTopics.replays();
    String m1 = append(1, "replay/doc", 1);
    String m2 = append(2, "replay/doc", 2);
    String m3 = append(3, "replay/doc", 3);

    Dead dead = processedThenDied(m1, m2, m3);
    String answers = resumedOnB(dead, 1, m2, m3, append(4, "replay/doc", 4));

    assertTrue(answers.contains("{\"t\":\"ok\",\"id\":2}"), answers);
    assertTrue(answers.contains("{\"t\":\"ok\",\"id\":3}"), answers);
    assertTrue(answers.contains("{\"t\":\"ok\",\"id\":4}"), answers);
    assertEquals(
        TopicValue.json("{\"items\":[1,2,3,4]}"),
        b.subscriptions.tree().get("replay/doc").value(),
        "every patch once: 2 and 3 were applied by the dead node, not again");
    assertEquals(5, b.subscriptions.tree().get("replay/doc").sequence());
    assertEquals(replaysBefore + 2, b.gridTopics.replays());
    EmbeddedGrid.eventually(
        "a's tree", () -> a.subscriptions.tree().get("replay/doc").sequence() == 5);
    assertEquals(
        TopicValue.json("{\"items\":[1,2,3,4]}"), a.subscriptions.tree().get("replay/doc").value());
  }

  @Test
  void anUpdateTheDeadNodeRefused_whenReplayedAfterTheValueChanged_thenRefusedAgain() {
    a.topics.addAndSet(ADMIN, "replay/n", TopicSpecification.of(TopicType.INT64), 1L);
    String refused =
        "{\"t\":\"set\",\"id\":1,\"seq\":1,\"path\":\"replay/n\",\"type\":\"INT64\",\"v\":10,"
            + "\"constraint\":{\"value\":5}}";

    Dead dead = processedThenDied(refused);
    a.topics.set(ADMIN, "replay/n", TopicType.INT64, 5L); // the constraint would hold now
    String answers = resumedOnB(dead, 0, refused);

    assertTrue(answers.contains("\"t\":\"error\",\"id\":1,\"code\":4012"), answers);
    assertEquals(TopicValue.int64(5), b.subscriptions.tree().get("replay/n").value());
    assertEquals(2, b.subscriptions.tree().get("replay/n").sequence());
  }

  @Test
  void anAddAndSetThatAddedTheTopic_whenReplayed_thenAnsweredAddedAndSetOnce() {
    String addAndSet =
        "{\"t\":\"addAndSet\",\"id\":1,\"seq\":1,\"path\":\"replay/new\",\"type\":\"STRING\","
            + "\"v\":\"first\",\"constraint\":{\"noTopic\":true}}";

    Dead dead = processedThenDied(addAndSet);
    String answers = resumedOnB(dead, 0, addAndSet);

    assertTrue(answers.contains("{\"t\":\"ok\",\"id\":1,\"result\":\"ADDED\"}"), answers);
    assertEquals(TopicValue.string("first"), b.subscriptions.tree().get("replay/new").value());
    assertEquals(1, b.subscriptions.tree().get("replay/new").sequence());
  }
}
