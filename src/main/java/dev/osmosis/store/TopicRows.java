package dev.osmosis.store;

import dev.osmosis.durable.TopicState;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.topic.TopicValue;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The topic rows' start-up read on an entity manager (JPA), and their conversion from and to the
 * core's {@link TopicState}; the journal's writes are {@link TopicWrites}' (JDBC batches).
 */
final class TopicRows {
  private TopicRows() {}

  /** Every stored topic. */
  static List<TopicState> loadAll(EntityManager em) {
    List<TopicState> states = new ArrayList<>();
    for (TopicRow row :
        em.createQuery("SELECT r FROM TopicRow r", TopicRow.class).getResultList()) {
      states.add(state(row));
    }
    return states;
  }

  static TopicState state(TopicRow row) {
    TopicType type = TopicType.valueOf(row.type);
    TopicSpecification specification = new TopicSpecification(type, properties(row.properties));
    return new TopicState(
        row.path, row.incarnation, specification, value(type, row.value), row.sequence, false);
  }

  static String properties(Map<String, String> properties) {
    JsonObjectBuilder object = Json.createObjectBuilder();
    properties.forEach(object::add);
    return object.build().toString();
  }

  static Map<String, String> properties(String json) {
    Map<String, String> properties = new LinkedHashMap<>();
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      JsonObject object = reader.readObject();
      for (Map.Entry<String, JsonValue> e : object.entrySet()) {
        properties.put(e.getKey(), object.getString(e.getKey()));
      }
    }
    return properties;
  }

  static byte[] bytes(TopicValue value) {
    if (value == null) {
      return null;
    }
    String text;
    if (value instanceof TopicValue.OfBinary binary) {
      return binary.bytes();
    } else if (value instanceof TopicValue.OfJson json) {
      text = json.text();
    } else if (value instanceof TopicValue.OfString string) {
      text = string.value();
    } else if (value instanceof TopicValue.OfInt64 int64) {
      text = Long.toString(int64.value());
    } else {
      text = Double.toString(((TopicValue.OfDouble) value).value());
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static TopicValue value(TopicType type, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    String text = type == TopicType.BINARY ? null : new String(bytes, StandardCharsets.UTF_8);
    return switch (type) {
      case JSON -> TopicValue.json(text);
      case STRING -> TopicValue.string(text);
      case INT64 -> TopicValue.int64(Long.parseLong(text));
      case DOUBLE -> TopicValue.ofDouble(Double.parseDouble(text));
      case BINARY -> TopicValue.binary(bytes);
      default -> throw new IllegalStateException("a stored " + type + " value");
    };
  }
}
