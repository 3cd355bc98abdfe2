package dev.osmosis.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.osmosis.metrics.CollectorGroup;
import dev.osmosis.metrics.SessionMetricCollector;
import dev.osmosis.metrics.TopicMetricCollector;
import dev.osmosis.wire.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The codec of the metric collector messages (PROTOCOL.md §15). */
class MetricsFramesTest {

  private static ClientFrame one(String text) {
    List<ClientFrame> frames = FrameCodec.decode(text);
    assertEquals(1, frames.size());
    return frames.get(0);
  }

  private static ClientFrame.Invalid invalid(String text) {
    return assertInstanceOf(ClientFrame.Invalid.class, one(text));
  }

  @Test
  void decode_whenEveryField_thenTheCollector() {
    assertEquals(
        new ClientFrame.PutSessionMetricCollector(
            7,
            new SessionMetricCollector(
                "by-client", "all", List.of("$ClientType", "Department"), true, 10, true)),
        one(
            "{\"t\":\"putSessionMetricCollector\",\"id\":7,\"collector\":{\"name\":\"by-client\","
                + "\"sessionFilter\":\"all\",\"groupByProperties\":[\"$ClientType\",\"Department\"],"
                + "\"exportToPrometheus\":true,\"maximumGroups\":10,"
                + "\"removeMetricsWithNoMatches\":true}}"));
    assertEquals(
        new ClientFrame.PutTopicMetricCollector(
            8, new TopicMetricCollector("t", "?a//", true, true, 2, false, 3)),
        one(
            "{\"t\":\"putTopicMetricCollector\",\"id\":8,\"collector\":{\"name\":\"t\","
                + "\"topicSelector\":\"?a//\",\"groupByTopicType\":true,\"groupByTopicView\":true,"
                + "\"groupByPathPrefixParts\":2,\"maximumGroups\":3}}"));
  }

  @Test
  void decode_whenOptionalFieldsAbsent_thenDiffusionsDefaults() {
    assertEquals(
        new ClientFrame.PutSessionMetricCollector(
            1, new SessionMetricCollector("a", "x", List.of(), false, Integer.MAX_VALUE, false)),
        one(
            "{\"t\":\"putSessionMetricCollector\",\"id\":1,\"collector\":{\"name\":\"a\","
                + "\"sessionFilter\":\"x\"}}"));
    assertEquals(
        new ClientFrame.RemoveMetricCollector(2, "topic", "t"),
        one("{\"t\":\"removeTopicMetricCollector\",\"id\":2,\"name\":\"t\"}"));
    assertEquals(
        new ClientFrame.ListMetricCollectors(3, "session"),
        one("{\"t\":\"listSessionMetricCollectors\",\"id\":3}"));
    assertEquals(
        new ClientFrame.FetchMetrics(4, List.of()), one("{\"t\":\"fetchMetrics\",\"id\":4}"));
    assertEquals(
        new ClientFrame.FetchMetrics(5, List.of("a", "b")),
        one("{\"t\":\"fetchMetrics\",\"id\":5,\"filter\":[\"a\",\"b\"]}"));
  }

  @Test
  void decode_whenFieldsOfTheWrongType_then1003NamingTheField() {
    ClientFrame.Invalid noId = invalid("{\"t\":\"listTopicMetricCollectors\"}");
    assertEquals(ErrorCode.INVALID_FIELD, noId.code());
    assertEquals("message \"listTopicMetricCollectors\" needs an \"id\"", noId.message());

    ClientFrame.Invalid big =
        invalid(
            "{\"t\":\"putTopicMetricCollector\",\"id\":1,\"collector\":{\"name\":\"t\","
                + "\"topicSelector\":\"x\",\"maximumGroups\":2147483648}}");
    assertEquals(ErrorCode.INVALID_FIELD, big.code());
    assertEquals("\"maximumGroups\" must be an integer of at most 2147483647", big.message());

    ClientFrame.Invalid fraction =
        invalid(
            "{\"t\":\"putTopicMetricCollector\",\"id\":2,\"collector\":{\"name\":\"t\","
                + "\"topicSelector\":\"x\",\"groupByPathPrefixParts\":1.5}}");
    assertEquals(ErrorCode.INVALID_FIELD, fraction.code());

    ClientFrame.Invalid properties =
        invalid(
            "{\"t\":\"putSessionMetricCollector\",\"id\":3,\"collector\":{\"name\":\"a\","
                + "\"sessionFilter\":\"x\",\"groupByProperties\":[\"a\",1]}}");
    assertEquals("\"groupByProperties\" must be an array of strings", properties.message());

    ClientFrame.Invalid filter = invalid("{\"t\":\"fetchMetrics\",\"id\":4,\"filter\":\"a\"}");
    assertEquals("\"filter\" must be an array of strings", filter.message());
    assertEquals(4, filter.id());

    ClientFrame.Invalid noSelector =
        invalid("{\"t\":\"putTopicMetricCollector\",\"id\":5,\"collector\":{\"name\":\"t\"}}");
    assertEquals("\"topicSelector\" is required: a string", noSelector.message());
  }

  @Test
  void groups_whenEncoded_thenLabelsAndValuesInTheirOrder() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("type", "DOUBLE");
    labels.put("path", "prices/fx");
    Map<String, Long> values = new LinkedHashMap<>();
    values.put("topics", 2L);
    values.put("subscriptions", 5L);
    assertEquals(
        "{\"t\":\"ok\",\"id\":9,\"groups\":[{\"kind\":\"topic\",\"collector\":\"prices\","
            + "\"labels\":{\"type\":\"DOUBLE\",\"path\":\"prices/fx\"},\"values\":{\"topics\":2,"
            + "\"subscriptions\":5}}],\"omitted\":3}",
        MetricsFrames.groups(9, List.of(new CollectorGroup("topic", "prices", labels, values)), 3));
  }
}
