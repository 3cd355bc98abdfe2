package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.filter.SessionFilters;
import dev.osmosis.metrics.CollectorStorage;
import dev.osmosis.metrics.MetricCollectors;
import dev.osmosis.metrics.MetricSettings;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.selector.TopicSelectors;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.session.Transport;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicType;
import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * The metric collector messages (PROTOCOL.md §15) through the protocol state machine, answered by
 * the real {@link MetricCollectors}.
 */
class MetricsProtocolTest {
  final Sessions sessions = TestSessions.sessions();
  final TopicTree tree = new TopicTree();
  final Subscriptions subscriptions = TestSessions.subscriptions(tree);
  final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);
  final SecurityStore store = TestSessions.store();
  final MetricCollectors collectors =
      new MetricCollectors(
          sessions.registry(),
          tree,
          new SessionFilters(),
          new TopicSelectors(),
          MetricSettings.defaults(),
          CollectorStorage.NONE);

  /** A pool whose tasks run when the test says so. */
  final Queue<Runnable> pool = new ArrayDeque<>();

  final class Peer {
    final TestSessions.RecordingConnection connection = new TestSessions.RecordingConnection();
    final ClientConnection client =
        new ClientConnection(
            sessions,
            TestSessions.control(sessions),
            subscriptions,
            topics,
            connection,
            Transport.WEBSOCKET,
            TestSessions.CLOCK);

    Peer(String principal, String password, boolean enabled) {
      if (enabled) {
        client.metrics(collectors, () -> store);
      }
      client.onText(
          "{\"t\":\"connect\",\"v\":1,\"clientType\":\"JAVA\",\"principal\":\""
              + principal
              + "\",\"credentials\":\""
              + password
              + "\"}");
      assertTrue(client.session() != null, connection.sent.toString());
      connection.sent.clear();
    }

    /** What the connection sent in answer, the last of it; null for nothing. */
    String send(String text) {
      connection.sent.clear();
      client.onText(text);
      return connection.sent.isEmpty() ? null : connection.last();
    }
  }

  Peer admin() {
    return new Peer("admin", "secret", true);
  }

  static String putSession(int id, String name, String filter, String more) {
    return "{\"t\":\"putSessionMetricCollector\",\"id\":"
        + id
        + ",\"collector\":{\"name\":\""
        + name
        + "\",\"sessionFilter\":\""
        + filter
        + "\""
        + more
        + "}}";
  }

  @Test
  void putSessionMetricCollector_whenControlServer_thenListedWithDefaultsAndFetched() {
    Peer admin = admin();
    assertEquals(
        "{\"t\":\"ok\",\"id\":1}",
        admin.send(
            putSession(
                1,
                "by-client",
                "$ClientType is 'JAVA'",
                ",\"groupByProperties\":" + "[\"$ClientType\"],\"exportToPrometheus\":true")));
    assertEquals(
        "{\"t\":\"ok\",\"id\":2,\"collectors\":[{\"name\":\"by-client\",\"sessionFilter\":"
            + "\"$ClientType is 'JAVA'\",\"groupByProperties\":[\"$ClientType\"],"
            + "\"exportToPrometheus\":true,\"maximumGroups\":2147483647,"
            + "\"removeMetricsWithNoMatches\":false}]}",
        admin.send("{\"t\":\"listSessionMetricCollectors\",\"id\":2}"));
    assertEquals(
        "{\"t\":\"ok\",\"id\":3,\"groups\":[{\"kind\":\"session\",\"collector\":\"by-client\","
            + "\"labels\":{\"$ClientType\":\"JAVA\"},\"values\":{\"sessions\":1,\"queued\":0}}],\"omitted\":0}",
        admin.send("{\"t\":\"fetchMetrics\",\"id\":3}"));
  }

  @Test
  void putSessionMetricCollector_whenSameName_thenReplacedInPlace() {
    Peer admin = admin();
    admin.send(putSession(1, "a", "all", ""));
    admin.send(putSession(2, "b", "all", ""));
    assertEquals(
        "{\"t\":\"ok\",\"id\":3}", admin.send(putSession(3, "a", "all", ",\"maximumGroups\":5")));
    assertEquals(
        "{\"t\":\"ok\",\"id\":4,\"collectors\":[{\"name\":\"a\",\"sessionFilter\":\"all\","
            + "\"groupByProperties\":[],\"exportToPrometheus\":false,\"maximumGroups\":5,"
            + "\"removeMetricsWithNoMatches\":false},{\"name\":\"b\",\"sessionFilter\":\"all\","
            + "\"groupByProperties\":[],\"exportToPrometheus\":false,"
            + "\"maximumGroups\":2147483647,\"removeMetricsWithNoMatches\":false}]}",
        admin.send("{\"t\":\"listSessionMetricCollectors\",\"id\":4}"));
  }

  @Test
  void topicCollector_whenPutListedFetchedAndRemoved_thenDiffusionShapes() {
    tree.add("prices/fx/eurusd", TopicType.DOUBLE);
    tree.add("prices/fx/gbpusd", TopicType.DOUBLE);
    tree.add("prices/news", TopicType.STRING);
    Peer admin = admin();
    assertEquals(
        "{\"t\":\"ok\",\"id\":1}",
        admin.send(
            "{\"t\":\"putTopicMetricCollector\",\"id\":1,\"collector\":{\"name\":\"prices\","
                + "\"topicSelector\":\"?prices//\",\"groupByTopicType\":true}}"));
    assertEquals(
        "{\"t\":\"ok\",\"id\":2,\"collectors\":[{\"name\":\"prices\",\"topicSelector\":"
            + "\"?prices//\",\"groupByTopicType\":true,\"groupByTopicView\":false,"
            + "\"groupByPathPrefixParts\":0,\"exportToPrometheus\":false,"
            + "\"maximumGroups\":2147483647}]}",
        admin.send("{\"t\":\"listTopicMetricCollectors\",\"id\":2}"));
    assertEquals(
        "{\"t\":\"ok\",\"id\":3,\"groups\":[{\"kind\":\"topic\",\"collector\":\"prices\","
            + "\"labels\":{\"type\":\"DOUBLE\"},\"values\":{\"topics\":2,\"subscriptions\":0,"
            + "\"updates\":0}},{\"kind\":\"topic\",\"collector\":\"prices\",\"labels\":"
            + "{\"type\":\"STRING\"},\"values\":{\"topics\":1,\"subscriptions\":0,\"updates\":0}}],"
            + "\"omitted\":0}",
        admin.send("{\"t\":\"fetchMetrics\",\"id\":3}"));
    assertEquals(
        "{\"t\":\"ok\",\"id\":4}",
        admin.send("{\"t\":\"removeTopicMetricCollector\",\"id\":4,\"name\":\"prices\"}"));
    assertEquals(
        "{\"t\":\"ok\",\"id\":5}",
        admin.send("{\"t\":\"removeTopicMetricCollector\",\"id\":5,\"name\":\"prices\"}"),
        "removing what is not there is not an error (Diffusion)");
    assertEquals(
        "{\"t\":\"ok\",\"id\":6,\"collectors\":[]}",
        admin.send("{\"t\":\"listTopicMetricCollectors\",\"id\":6}"));
  }

  @Test
  void fetchMetrics_whenFiltered_thenOnlyThoseCollectorsGroups() {
    Peer admin = admin();
    admin.send(putSession(1, "a", "all", ""));
    admin.send(putSession(2, "b", "$Principal is 'admin'", ""));
    assertEquals(
        "{\"t\":\"ok\",\"id\":3,\"groups\":[{\"kind\":\"session\",\"collector\":\"b\","
            + "\"labels\":{},\"values\":{\"sessions\":1,\"queued\":0}}],\"omitted\":0}",
        admin.send("{\"t\":\"fetchMetrics\",\"id\":3,\"filter\":[\"b\",\"unknown\"]}"));
  }

  @Test
  void changes_whenNoControlServer_then3001AndNothingChanged() {
    Peer admin = admin();
    admin.send(putSession(1, "a", "all", ""));
    Peer client = new Peer("client", "password", true);
    assertEquals(
        "{\"t\":\"error\",\"id\":2,\"code\":3001,\"message\":\"CONTROL_SERVER permission"
            + " required\"}",
        client.send(putSession(2, "b", "all", "")));
    assertEquals(
        "{\"t\":\"error\",\"id\":3,\"code\":3001,\"message\":\"CONTROL_SERVER permission"
            + " required\"}",
        client.send("{\"t\":\"removeSessionMetricCollector\",\"id\":3,\"name\":\"a\"}"));
    assertEquals(
        "{\"t\":\"error\",\"id\":4,\"code\":3001,\"message\":\"VIEW_SERVER permission"
            + " required\"}",
        client.send("{\"t\":\"listSessionMetricCollectors\",\"id\":4}"));
    assertEquals(
        "{\"t\":\"error\",\"id\":5,\"code\":3001,\"message\":\"VIEW_SERVER permission"
            + " required\"}",
        client.send("{\"t\":\"fetchMetrics\",\"id\":5}"));
    assertEquals(1, collectors.sessionCollectors().size());
    assertEquals("a", collectors.sessionCollectors().get(0).name());
  }

  @Test
  void put_whenFilterOrSelectorBad_then4001WithPositionAndNothingStored() {
    Peer admin = admin();
    String refused = admin.send(putSession(1, "bad", "Department is", ""));
    assertTrue(
        refused.startsWith("{\"t\":\"error\",\"id\":1,\"code\":4001,\"message\":\"sessionFilter: "),
        refused);
    assertTrue(refused.contains(" at 13"), refused);
    String selector =
        admin.send(
            "{\"t\":\"putTopicMetricCollector\",\"id\":2,\"collector\":{\"name\":\"bad\","
                + "\"topicSelector\":\"?a/[b\"}}");
    assertTrue(
        selector.startsWith(
            "{\"t\":\"error\",\"id\":2,\"code\":4001,\"message\":\"topicSelector: "),
        selector);
    String zero = admin.send(putSession(3, "zero", "all", ",\"maximumGroups\":0"));
    assertTrue(
        zero.startsWith("{\"t\":\"error\",\"id\":3,\"code\":4001,\"message\":\"maximumGroups"),
        zero);
    assertEquals(0, collectors.sessionCollectors().size());
    assertEquals(0, collectors.topicCollectors().size());
  }

  @Test
  void put_whenFieldOfWrongType_then1003() {
    Peer admin = admin();
    assertEquals(
        "{\"t\":\"error\",\"id\":1,\"code\":1003,\"message\":\"\\\"collector\\\" is required:"
            + " the collector, an object\"}",
        admin.send("{\"t\":\"putSessionMetricCollector\",\"id\":1}"));
    assertEquals(
        "{\"t\":\"error\",\"id\":2,\"code\":1003,\"message\":\"\\\"exportToPrometheus\\\" must be a"
            + " boolean\"}",
        admin.send(putSession(2, "a", "all", ",\"exportToPrometheus\":\"yes\"")));
    assertEquals(
        "{\"t\":\"error\",\"id\":3,\"code\":1003,\"message\":\"\\\"name\\\" is required: a"
            + " string\"}",
        admin.send("{\"t\":\"removeSessionMetricCollector\",\"id\":3}"));
  }

  @Test
  void metrics_whenNotEnabled_then1002() {
    Peer plain = new Peer("admin", "secret", false);
    assertEquals(
        "{\"t\":\"error\",\"id\":1,\"code\":1002,\"message\":\"metric collectors are not enabled"
            + " on this server\"}",
        plain.send("{\"t\":\"listSessionMetricCollectors\",\"id\":1}"));
    assertEquals(
        "{\"t\":\"error\",\"id\":2,\"code\":1002,\"message\":\"unknown message type"
            + " \\\"setMetricAlert\\\"\"}",
        admin().send("{\"t\":\"setMetricAlert\",\"id\":2,\"name\":\"a\",\"specification\":\"x\"}"));
  }

  @Test
  void changes_whenPooled_thenAnsweredByThePoolAtMostFourInFlight() {
    Peer admin = admin();
    admin.client.logins(pool::add);
    for (int id = 1; id <= MetricsRequests.MAX_IN_FLIGHT; id++) {
      assertNull(admin.send(putSession(id, "c" + id, "all", "")));
    }
    assertEquals(
        "{\"t\":\"error\",\"id\":5,\"code\":4029,\"message\":\"more than 4 metric collector changes"
            + " or fetches of this session in flight; wait for their answers\"}",
        admin.send("{\"t\":\"fetchMetrics\",\"id\":5}"));
    assertEquals(
        "{\"t\":\"ok\",\"id\":6,\"collectors\":[]}",
        admin.send("{\"t\":\"listSessionMetricCollectors\",\"id\":6}"),
        "a list reads at once, beside changes in flight");
    pool.poll().run();
    assertEquals("{\"t\":\"ok\",\"id\":1}", admin.connection.last());
    assertNull(
        admin.send("{\"t\":\"fetchMetrics\",\"id\":7}"),
        "a slot is free again: the fetch is queued, not refused");
    while (!pool.isEmpty()) {
      pool.poll().run();
    }
    assertEquals(4, collectors.sessionCollectors().size());
    assertTrue(
        admin.connection.last().startsWith("{\"t\":\"ok\",\"id\":7,\"groups\":["),
        admin.connection.last());
  }
}
