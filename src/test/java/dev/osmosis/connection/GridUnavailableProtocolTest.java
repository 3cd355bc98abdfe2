package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.OperationTimeoutException;
import dev.osmosis.connection.ReconnectTest.FakeLink;
import dev.osmosis.control.Caller;
import dev.osmosis.grid.EmbeddedGrid;
import dev.osmosis.grid.FailingGrid;
import dev.osmosis.grid.GridTopics;
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
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * docs/PROTOCOL.md §4: an update the cluster's data grid does not answer (a member frozen) is
 * answered {@code 5003 UNAVAILABLE}, not {@code 5000}; the session goes on and its next update is
 * applied.
 */
class GridUnavailableProtocolTest {

  @Test
  void anUpdateTheGridDoesNotAnswer_thenError5003_andTheSessionGoesOn() {
    HazelcastInstance member =
        Hazelcast.newHazelcastInstance(
            EmbeddedGrid.config("osmosis-unavailable-" + UUID.randomUUID(), 6161));
    FailingGrid grid = new FailingGrid(member);
    Subscriptions subscriptions = TestSessions.subscriptions();
    GridTopics gridTopics = new GridTopics(grid.instance(), subscriptions, Duration.ofSeconds(10));
    try {
      gridTopics.start();
      Sessions sessions = TestSessions.sessions();
      TopicControl topics =
          new TopicControl(subscriptions, TestSessions::store, ValueLimits.defaults(), gridTopics);
      topics.addAndSet(
          new Caller("admin", Set.of("ADMINISTRATOR")),
          "unavailable/p",
          TopicSpecification.of(TopicType.INT64),
          0L);
      FakeLink link = new FakeLink();
      ClientConnection client =
          new ClientConnection(
              sessions,
              TestSessions.control(sessions),
              subscriptions,
              topics,
              link,
              Transport.WEBSOCKET,
              TestSessions.CLOCK);
      client.onText(
          "{\"t\":\"connect\",\"v\":1,\"principal\":\"admin\",\"credentials\":\"secret\"}");

      grid.failWith(new OperationTimeoutException("no response from the partition owner"));
      client.onText(
          "{\"t\":\"set\",\"id\":1,\"path\":\"unavailable/p\",\"type\":\"INT64\",\"v\":1}");
      grid.failWith(null);
      client.onText(
          "{\"t\":\"set\",\"id\":2,\"path\":\"unavailable/p\",\"type\":\"INT64\",\"v\":2}");

      List<String> frames = link.frames;
      assertEquals(
          "{\"t\":\"error\",\"id\":1,\"code\":5003,\"message\":\"the cluster's data grid did not"
              + " answer (a node is unreachable or leaving): try again\"}",
          frames.get(frames.size() - 2));
      assertEquals("{\"t\":\"ok\",\"id\":2}", frames.get(frames.size() - 1));
      assertTrue(link.closes.isEmpty(), link.closes.toString());
      assertEquals(TopicValue.int64(2), subscriptions.tree().get("unavailable/p").value());
    } finally {
      gridTopics.close();
      member.getLifecycleService().terminate();
    }
  }
}
