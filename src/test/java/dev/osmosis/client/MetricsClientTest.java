package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The metrics feature (PROTOCOL.md §15) driven by a fake transport, and its builders. */
class MetricsClientTest {

  final ClientSession session = new ClientSession(Osmosis.sessions().config(), Runnable::run);
  final Connection connection = session.connection();
  final FakeTransport transport = new FakeTransport(connection);
  final Metrics metrics = session.metrics();

  MetricsClientTest() {
    connection.start(transport);
    connection.onText(ConnectionTest.CONNECTED);
  }

  private long lastId() {
    return (Long) transport.lastSent().get("id");
  }

  private static <T> T result(CompletableFuture<T> future) throws Exception {
    return future.get(1, TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------ builders

  @Test
  void sessionBuilder_whenDefaults_thenDiffusionDefaults() {
    Metrics.SessionMetricCollector collector =
        Osmosis.newSessionMetricCollectorBuilder().create("all", "$ClientType is 'JAVA'");
    assertEquals(
        new Metrics.SessionMetricCollector(
            "all", "$ClientType is 'JAVA'", List.of(), false, Integer.MAX_VALUE, false),
        collector);
  }

  @Test
  void sessionBuilder_whenStepped_thenEarlierBuilderUnchangedAndResetGivesDefaults() {
    SessionMetricCollectorBuilder base =
        Osmosis.newSessionMetricCollectorBuilder().groupByProperty("$ClientType");
    SessionMetricCollectorBuilder more =
        base.groupByProperty("Department")
            .exportToPrometheus(true)
            .maximumGroups(10)
            .removeMetricsWithNoMatches(true);
    assertEquals(List.of("$ClientType"), base.create("a", "all").groupByProperties());
    assertEquals(
        new Metrics.SessionMetricCollector(
            "b", "all", List.of("$ClientType", "Department"), true, 10, true),
        more.create("b", "all"));
    assertEquals(
        List.of("Tier"),
        more.groupByProperties(List.of("Tier")).create("c", "x").groupByProperties());
    assertEquals(
        Osmosis.newSessionMetricCollectorBuilder().create("d", "x"), more.reset().create("d", "x"));
  }

  @Test
  void topicBuilder_whenSet_thenEveryFieldAndDefaults() {
    TopicMetricCollectorBuilder builder = Osmosis.newTopicMetricCollectorBuilder();
    assertEquals(
        new Metrics.TopicMetricCollector("t", "?a//", false, false, 0, false, Integer.MAX_VALUE),
        builder.create("t", "?a//"));
    assertEquals(
        new Metrics.TopicMetricCollector("t", "?a//", true, true, 2, true, 5),
        builder
            .groupByTopicType(true)
            .groupByTopicView(true)
            .groupByPathPrefixParts(2)
            .exportToPrometheus(true)
            .maximumGroups(5)
            .create("t", "?a//"));
    assertEquals(builder.create("t", "x"), builder.groupByTopicType(true).reset().create("t", "x"));
  }

  @Test
  void builders_whenBadArguments_thenRefusedBeforeSending() {
    SessionMetricCollectorBuilder session = Osmosis.newSessionMetricCollectorBuilder();
    TopicMetricCollectorBuilder topic = Osmosis.newTopicMetricCollectorBuilder();
    assertThrows(IllegalArgumentException.class, () -> session.maximumGroups(0));
    assertThrows(IllegalArgumentException.class, () -> topic.maximumGroups(-1));
    assertThrows(IllegalArgumentException.class, () -> topic.groupByPathPrefixParts(-1));
    assertThrows(IllegalArgumentException.class, () -> session.create("", "x"));
    assertThrows(IllegalArgumentException.class, () -> topic.create("", "x"));
    assertThrows(NullPointerException.class, () -> session.create("a", null));
    assertThrows(NullPointerException.class, () -> session.groupByProperty(null));
    assertThrows(NullPointerException.class, () -> metrics.removeTopicMetricCollector(null));
  }

  // ------------------------------------------------------------ requests and answers

  @Test
  void putSessionMetricCollector_whenSent_thenEveryFieldOnTheWireAndOkCompletes() throws Exception {
    CompletableFuture<Void> put =
        metrics.putSessionMetricCollector(
            Osmosis.newSessionMetricCollectorBuilder()
                .groupByProperties(List.of("$ClientType", "Department"))
                .exportToPrometheus(true)
                .maximumGroups(10)
                .create("by-client", "$Principal ne 'probe'"));
    assertEquals("putSessionMetricCollector", transport.lastSent().get("t"));
    assertEquals(
        Map.of(
            "name",
            "by-client",
            "sessionFilter",
            "$Principal ne 'probe'",
            "groupByProperties",
            List.of("$ClientType", "Department"),
            "exportToPrometheus",
            true,
            "maximumGroups",
            10L,
            "removeMetricsWithNoMatches",
            false),
        transport.lastSent().get("collector"));
    connection.onText("{\"t\":\"ok\",\"id\":" + lastId() + "}");
    assertNull(result(put));
  }

  @Test
  void putTopicMetricCollector_whenRefused_thenSessionExceptionWithCodeAndPosition() {
    CompletableFuture<Void> put =
        metrics.putTopicMetricCollector(
            Osmosis.newTopicMetricCollectorBuilder().create("bad", "?a//("));
    assertEquals("putTopicMetricCollector", transport.lastSent().get("t"));
    assertEquals("?a//(", ((Map<?, ?>) transport.lastSent().get("collector")).get("topicSelector"));
    connection.onText(
        "{\"t\":\"error\",\"id\":"
            + lastId()
            + ",\"code\":4001,\"message\":\"topicSelector: column 5: unclosed group\"}");
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> put.get(1, TimeUnit.SECONDS));
    SessionException cause = assertInstanceOf(SessionException.class, e.getCause());
    assertEquals(4001, cause.getCode());
    assertTrue(cause.getMessage().contains("column 5"), cause.getMessage());
  }

  @Test
  void listCollectors_whenAnswered_thenDecodedInOrder() throws Exception {
    CompletableFuture<List<Metrics.SessionMetricCollector>> sessions =
        metrics.listSessionMetricCollectors();
    assertEquals("listSessionMetricCollectors", transport.lastSent().get("t"));
    connection.onText(
        "{\"t\":\"ok\",\"id\":"
            + lastId()
            + ",\"collectors\":[{\"name\":\"b\",\"sessionFilter\":\"all\",\"groupByProperties\":"
            + "[\"Tier\"],\"exportToPrometheus\":true,\"maximumGroups\":3,"
            + "\"removeMetricsWithNoMatches\":true},{\"name\":\"a\",\"sessionFilter\":\"x\","
            + "\"groupByProperties\":[],\"exportToPrometheus\":false,\"maximumGroups\":2147483647,"
            + "\"removeMetricsWithNoMatches\":false}]}");
    assertEquals(
        List.of(
            new Metrics.SessionMetricCollector("b", "all", List.of("Tier"), true, 3, true),
            new Metrics.SessionMetricCollector(
                "a", "x", List.of(), false, Integer.MAX_VALUE, false)),
        result(sessions));

    CompletableFuture<List<Metrics.TopicMetricCollector>> topics =
        metrics.listTopicMetricCollectors();
    assertEquals("listTopicMetricCollectors", transport.lastSent().get("t"));
    connection.onText(
        "{\"t\":\"ok\",\"id\":"
            + lastId()
            + ",\"collectors\":[{\"name\":\"t\",\"topicSelector\":\"?a//\",\"groupByTopicType\":true,"
            + "\"groupByTopicView\":false,\"groupByPathPrefixParts\":2,\"exportToPrometheus\":false,"
            + "\"maximumGroups\":7}]}");
    assertEquals(
        List.of(new Metrics.TopicMetricCollector("t", "?a//", true, false, 2, false, 7)),
        result(topics));
  }

  @Test
  void removeCollectors_whenSent_thenNameOnTheWire() throws Exception {
    CompletableFuture<Void> session = metrics.removeSessionMetricCollector("a");
    assertEquals("removeSessionMetricCollector", transport.lastSent().get("t"));
    assertEquals("a", transport.lastSent().get("name"));
    connection.onText("{\"t\":\"ok\",\"id\":" + lastId() + "}");
    assertNull(result(session));
    CompletableFuture<Void> topic = metrics.removeTopicMetricCollector("t");
    assertEquals("removeTopicMetricCollector", transport.lastSent().get("t"));
    connection.onText(
        "{\"t\":\"error\",\"id\":"
            + lastId()
            + ",\"code\":3001,\"message\":\"CONTROL_SERVER permission required\"}");
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> topic.get(1, TimeUnit.SECONDS));
    assertEquals(3001, assertInstanceOf(SessionException.class, e.getCause()).getCode());
  }

  @Test
  void metricsRequest_whenFilteredAndFetched_thenFilterSentAndGroupsDecoded() throws Exception {
    MetricsRequest all = metrics.metricsRequest();
    MetricsRequest one = all.filter(List.of("by-client", "by-client"));
    assertEquals(List.of(), all.filter());
    assertEquals(List.of("by-client"), one.filter());

    CompletableFuture<Metrics.MetricsResult> unfiltered = all.fetch();
    assertEquals("fetchMetrics", transport.lastSent().get("t"));
    assertFalse(transport.lastSent().containsKey("filter"));
    connection.onText("{\"t\":\"ok\",\"id\":" + lastId() + ",\"groups\":[]}");
    assertEquals(new Metrics.MetricsResult(List.of(), 0), result(unfiltered));

    CompletableFuture<Metrics.MetricsResult> fetched = one.fetch();
    assertEquals(List.of("by-client"), transport.lastSent().get("filter"));
    connection.onText(
        "{\"t\":\"ok\",\"id\":"
            + lastId()
            + ",\"groups\":[{\"kind\":\"session\",\"collector\":\"by-client\",\"labels\":"
            + "{\"$ClientType\":\"JAVA\"},\"values\":{\"sessions\":3}},{\"kind\":\"session\","
            + "\"collector\":\"by-client\",\"labels\":{\"$ClientType\":\"\"},\"values\":"
            + "{\"sessions\":0}}],\"omitted\":2}");
    Metrics.MetricsResult result = result(fetched);
    assertEquals(2, result.omitted());
    assertEquals(
        new Metrics.MetricGroup(
            "session", "by-client", Map.of("$ClientType", "JAVA"), Map.of("sessions", 3L)),
        result.groups().get(0));
    assertEquals(2, result.groups("by-client").size());
    assertEquals(List.of(), result.groups("other"));
  }
}
