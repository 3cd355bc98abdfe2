package dev.osmosis.protocol;

import dev.osmosis.error.RequestException;
import dev.osmosis.metrics.CollectorGroup;
import dev.osmosis.metrics.SessionMetricCollector;
import dev.osmosis.metrics.TopicMetricCollector;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The metric collector messages of docs/PROTOCOL.md §15: decodes the seven requests for {@link
 * FrameCodec} and encodes collectors and their groups in Diffusion's JSON shapes. A field of the
 * wrong type is 1003; a value of the right type that makes a bad collector (an empty name, {@code
 * maximumGroups} below 1, a bad filter) is for {@code MetricCollectors} to refuse (4001).
 */
public final class MetricsFrames {
  private MetricsFrames() {}

  static ClientFrame decode(String type, JsonObject message, long id) {
    if (id == 0) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD, "message \"" + type + "\" needs an \"id\"");
    }
    return switch (type) {
      case "putSessionMetricCollector" ->
          new ClientFrame.PutSessionMetricCollector(id, sessionCollector(collector(message)));
      case "putTopicMetricCollector" ->
          new ClientFrame.PutTopicMetricCollector(id, topicCollector(collector(message)));
      case "removeSessionMetricCollector" ->
          new ClientFrame.RemoveMetricCollector(
              id, CollectorGroup.SESSION, required(message, "name"));
      case "removeTopicMetricCollector" ->
          new ClientFrame.RemoveMetricCollector(
              id, CollectorGroup.TOPIC, required(message, "name"));
      case "listSessionMetricCollectors" ->
          new ClientFrame.ListMetricCollectors(id, CollectorGroup.SESSION);
      case "listTopicMetricCollectors" ->
          new ClientFrame.ListMetricCollectors(id, CollectorGroup.TOPIC);
      case "fetchMetrics" -> new ClientFrame.FetchMetrics(id, filter(message));
      default ->
          throw new RequestException(
              ErrorCode.UNKNOWN_MESSAGE_TYPE, "unknown message type \"" + type + "\"");
    };
  }

  private static JsonObject collector(JsonObject message) {
    if (message.get("collector") instanceof JsonObject collector) {
      return collector;
    }
    throw new RequestException(
        ErrorCode.INVALID_FIELD, "\"collector\" is required: the collector, an object");
  }

  private static SessionMetricCollector sessionCollector(JsonObject c) {
    return new SessionMetricCollector(
        required(c, "name"),
        required(c, "sessionFilter"),
        strings(c, "groupByProperties"),
        bool(c, "exportToPrometheus"),
        integer(c, "maximumGroups", Integer.MAX_VALUE),
        bool(c, "removeMetricsWithNoMatches"));
  }

  private static TopicMetricCollector topicCollector(JsonObject c) {
    return new TopicMetricCollector(
        required(c, "name"),
        required(c, "topicSelector"),
        bool(c, "groupByTopicType"),
        bool(c, "groupByTopicView"),
        integer(c, "groupByPathPrefixParts", 0),
        bool(c, "exportToPrometheus"),
        integer(c, "maximumGroups", Integer.MAX_VALUE));
  }

  private static String required(JsonObject object, String field) {
    if (object.get(field) instanceof JsonString s) {
      return s.getString();
    }
    throw new RequestException(ErrorCode.INVALID_FIELD, "\"" + field + "\" is required: a string");
  }

  private static boolean bool(JsonObject object, String field) {
    JsonValue value = object.get(field);
    if (value == null || value == JsonValue.NULL || value == JsonValue.FALSE) {
      return false;
    }
    if (value == JsonValue.TRUE) {
      return true;
    }
    throw new RequestException(ErrorCode.INVALID_FIELD, "\"" + field + "\" must be a boolean");
  }

  private static int integer(JsonObject object, String field, int absent) {
    JsonValue value = object.get(field);
    if (value == null || value == JsonValue.NULL) {
      return absent;
    }
    if (value instanceof JsonNumber n
        && n.isIntegral()
        && n.bigIntegerValue().bitLength() < Integer.SIZE) {
      return n.intValue();
    }
    throw new RequestException(
        ErrorCode.INVALID_FIELD,
        "\"" + field + "\" must be an integer of at most " + Integer.MAX_VALUE);
  }

  private static List<String> strings(JsonObject object, String field) {
    JsonValue value = object.get(field);
    if (value == null || value == JsonValue.NULL) {
      return List.of();
    }
    if (value instanceof JsonArray array
        && array.stream().allMatch(element -> element instanceof JsonString)) {
      List<String> strings = new ArrayList<>(array.size());
      array.forEach(element -> strings.add(((JsonString) element).getString()));
      return List.copyOf(strings);
    }
    throw new RequestException(
        ErrorCode.INVALID_FIELD, "\"" + field + "\" must be an array of strings");
  }

  /** {@code filter}: collector names, absent or empty for every collector. */
  private static List<String> filter(JsonObject message) {
    return strings(message, "filter");
  }

  /** {@code {"t":"ok","id":n,"collectors":[{"name","sessionFilter",...}]}}, in order. */
  public static String sessionCollectors(long id, Collection<SessionMetricCollector> collectors) {
    return ServerFrames.write(
        g -> {
          g.write("t", "ok").write("id", id).writeStartArray("collectors");
          for (SessionMetricCollector c : collectors) {
            g.writeStartObject()
                .write("name", c.name())
                .write("sessionFilter", c.sessionFilter())
                .writeStartArray("groupByProperties");
            c.groupByProperties().forEach(g::write);
            g.writeEnd()
                .write("exportToPrometheus", c.exportToPrometheus())
                .write("maximumGroups", c.maximumGroups())
                .write("removeMetricsWithNoMatches", c.removeMetricsWithNoMatches())
                .writeEnd();
          }
          g.writeEnd();
        });
  }

  /** {@code {"t":"ok","id":n,"collectors":[{"name","topicSelector",...}]}}, in order. */
  public static String topicCollectors(long id, Collection<TopicMetricCollector> collectors) {
    return ServerFrames.write(
        g -> {
          g.write("t", "ok").write("id", id).writeStartArray("collectors");
          for (TopicMetricCollector c : collectors) {
            g.writeStartObject()
                .write("name", c.name())
                .write("topicSelector", c.topicSelector())
                .write("groupByTopicType", c.groupByTopicType())
                .write("groupByTopicView", c.groupByTopicView())
                .write("groupByPathPrefixParts", c.groupByPathPrefixParts())
                .write("exportToPrometheus", c.exportToPrometheus())
                .write("maximumGroups", c.maximumGroups())
                .writeEnd();
          }
          g.writeEnd();
        });
  }

  /**
   * {@code {"t":"ok","id":n,"groups":[{"kind","collector","labels":{},"values":{}}],"omitted":n}},
   * the groups in the order given (labels and values in theirs).
   */
  public static String groups(long id, Collection<CollectorGroup> groups, long omitted) {
    return ServerFrames.write(
        g -> {
          g.write("t", "ok").write("id", id).writeStartArray("groups");
          for (CollectorGroup group : groups) {
            g.writeStartObject()
                .write("kind", group.kind())
                .write("collector", group.collector())
                .writeStartObject("labels");
            group.labels().forEach(g::write);
            g.writeEnd().writeStartObject("values");
            for (Map.Entry<String, Long> value : group.values().entrySet()) {
              g.write(value.getKey(), value.getValue());
            }
            g.writeEnd().writeEnd();
          }
          g.writeEnd().write("omitted", omitted);
        });
  }
}
