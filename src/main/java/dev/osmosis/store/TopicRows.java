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
import jakarta.persistence.LockModeType;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The topic rows' reads and writes on an entity manager inside a transaction (the caller's: JTA in
 * the server, a local one in tests), and their conversion from and to the core's {@link
 * TopicState}.
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

  /**
   * Writes a batch as {@link dev.osmosis.durable.TopicStore#write} says: the rows of the batch's
   * paths are read locked (in one query), a state of the same incarnation as its row but at a lower
   * sequence leaves the row (a later write of the topic won), a removal deletes only the row of its
   * incarnation. Paths in order, so that two nodes writing overlapping batches lock in the same
   * order.
   *
   * @param now the time written into each row, epoch milliseconds
   */
  static void write(EntityManager em, List<TopicState> batch, long now) {
    List<TopicState> sorted = new ArrayList<>(batch);
    sorted.sort(Comparator.comparing(TopicState::path));
    List<String> paths = new ArrayList<>(sorted.size());
    sorted.forEach(s -> paths.add(s.path()));
    Map<String, TopicRow> rows = new HashMap<>();
    if (!paths.isEmpty()) {
      em.createQuery("SELECT r FROM TopicRow r WHERE r.path IN :paths", TopicRow.class)
          .setParameter("paths", paths)
          .setLockMode(LockModeType.PESSIMISTIC_WRITE)
          .getResultList()
          .forEach(r -> rows.put(r.path, r));
    }
    for (TopicState state : sorted) {
      TopicRow row = rows.get(state.path());
      if (state.removed()) {
        if (row != null && row.incarnation == state.incarnation()) {
          em.remove(row);
        }
      } else if (row == null) {
        row = new TopicRow(state.path());
        fill(row, state, now);
        em.persist(row);
      } else if (row.incarnation != state.incarnation() || row.sequence <= state.sequence()) {
        fill(row, state, now);
      }
    }
  }

  private static void fill(TopicRow row, TopicState state, long now) {
    row.incarnation = state.incarnation();
    row.type = state.specification().type().name();
    row.properties = properties(state.specification().properties());
    row.value = bytes(state.value());
    row.sequence = state.sequence();
    row.writtenAt = now;
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
