package dev.osmosis.metrics;

import dev.osmosis.error.RequestException;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Collectors and samples as JSON, with Diffusion's field names (the admin API's bodies, the stored
 * and shared form): a session collector {@code {"name", "sessionFilter", "groupByProperties",
 * "exportToPrometheus", "maximumGroups", "removeMetricsWithNoMatches"}}, a topic collector {@code
 * {"name", "topicSelector", "groupByTopicType", "groupByTopicView", "groupByPathPrefixParts",
 * "exportToPrometheus", "maximumGroups"}}. Reading, an absent field takes Diffusion's default; a
 * field of the wrong type is 4001 naming it.
 */
public final class CollectorJson {
  private CollectorJson() {}

  public static JsonObject json(SessionMetricCollector c) {
    JsonArrayBuilder by = Json.createArrayBuilder();
    c.groupByProperties().forEach(by::add);
    return Json.createObjectBuilder()
        .add("name", c.name())
        .add("sessionFilter", c.sessionFilter())
        .add("groupByProperties", by)
        .add("exportToPrometheus", c.exportToPrometheus())
        .add("maximumGroups", c.maximumGroups())
        .add("removeMetricsWithNoMatches", c.removeMetricsWithNoMatches())
        .build();
  }

  public static JsonObject json(TopicMetricCollector c) {
    return Json.createObjectBuilder()
        .add("name", c.name())
        .add("topicSelector", c.topicSelector())
        .add("groupByTopicType", c.groupByTopicType())
        .add("groupByTopicView", c.groupByTopicView())
        .add("groupByPathPrefixParts", c.groupByPathPrefixParts())
        .add("exportToPrometheus", c.exportToPrometheus())
        .add("maximumGroups", c.maximumGroups())
        .build();
  }

  /** {@code {"session": [...], "topic": [...]}}. */
  public static JsonObject json(CollectorSet set) {
    JsonArrayBuilder session = Json.createArrayBuilder();
    set.sessionCollectors().forEach(c -> session.add(json(c)));
    JsonArrayBuilder topic = Json.createArrayBuilder();
    set.topicCollectors().forEach(c -> topic.add(json(c)));
    return Json.createObjectBuilder().add("session", session).add("topic", topic).build();
  }

  /** {@code {"kind", "collector", "labels": {..}, "values": {..}}}. */
  public static JsonObject json(CollectorGroup group) {
    JsonObjectBuilder labels = Json.createObjectBuilder();
    group.labels().forEach(labels::add);
    JsonObjectBuilder values = Json.createObjectBuilder();
    group.values().forEach(values::add);
    return Json.createObjectBuilder()
        .add("kind", group.kind())
        .add("collector", group.collector())
        .add("labels", labels)
        .add("values", values)
        .build();
  }

  /** {@code {"groups": [...], "omitted": n}}. */
  public static JsonObject json(CollectorSamples samples) {
    JsonArrayBuilder groups = Json.createArrayBuilder();
    samples.groups().forEach(g -> groups.add(json(g)));
    return Json.createObjectBuilder()
        .add("groups", groups)
        .add("omitted", samples.omitted())
        .build();
  }

  /**
   * A session collector from {@code body}; {@code name} when given (a path's name) wins over the
   * body's.
   */
  public static SessionMetricCollector sessionCollector(String name, JsonObject body) {
    return new SessionMetricCollector(
        name != null ? name : string(body, "name"),
        string(body, "sessionFilter"),
        strings(body, "groupByProperties"),
        bool(body, "exportToPrometheus", false),
        integer(body, "maximumGroups", Integer.MAX_VALUE),
        bool(body, "removeMetricsWithNoMatches", false));
  }

  /** A topic collector from {@code body}; {@code name} when given wins over the body's. */
  public static TopicMetricCollector topicCollector(String name, JsonObject body) {
    return new TopicMetricCollector(
        name != null ? name : string(body, "name"),
        string(body, "topicSelector"),
        bool(body, "groupByTopicType", false),
        bool(body, "groupByTopicView", false),
        integer(body, "groupByPathPrefixParts", 0),
        bool(body, "exportToPrometheus", false),
        integer(body, "maximumGroups", Integer.MAX_VALUE));
  }

  /** The set {@link #json(CollectorSet)} wrote (stored or shared: no validation). */
  public static CollectorSet collectorSet(String text) {
    JsonObject o;
    try (var reader = Json.createReader(new StringReader(text))) {
      o = reader.readObject();
    }
    List<SessionMetricCollector> session = new ArrayList<>();
    for (JsonValue v : o.getJsonArray("session")) {
      session.add(sessionCollector(null, v.asJsonObject()));
    }
    List<TopicMetricCollector> topic = new ArrayList<>();
    for (JsonValue v : o.getJsonArray("topic")) {
      topic.add(topicCollector(null, v.asJsonObject()));
    }
    return new CollectorSet(session, topic);
  }

  private static String string(JsonObject o, String field) {
    JsonValue v = o.get(field);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (v instanceof JsonString s) {
      return s.getString();
    }
    throw invalid(field, "a string");
  }

  private static List<String> strings(JsonObject o, String field) {
    JsonValue v = o.get(field);
    if (v == null || v == JsonValue.NULL) {
      return List.of();
    }
    if (!(v instanceof JsonArray array)) {
      throw invalid(field, "an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonValue item : array) {
      if (!(item instanceof JsonString s)) {
        throw invalid(field, "an array of strings");
      }
      out.add(s.getString());
    }
    return out;
  }

  private static boolean bool(JsonObject o, String field, boolean fallback) {
    JsonValue v = o.get(field);
    if (v == null || v == JsonValue.NULL) {
      return fallback;
    }
    if (v == JsonValue.TRUE || v == JsonValue.FALSE) {
      return v == JsonValue.TRUE;
    }
    throw invalid(field, "true or false");
  }

  private static int integer(JsonObject o, String field, int fallback) {
    JsonValue v = o.get(field);
    if (v == null || v == JsonValue.NULL) {
      return fallback;
    }
    if (v instanceof JsonNumber n && n.isIntegral()) {
      try {
        return n.intValueExact();
      } catch (ArithmeticException e) {
        throw invalid(field, "an integer up to " + Integer.MAX_VALUE);
      }
    }
    throw invalid(field, "an integer");
  }

  private static RequestException invalid(String field, String what) {
    return new RequestException(ErrorCode.INVALID_ARGUMENT, field + ": must be " + what);
  }
}
