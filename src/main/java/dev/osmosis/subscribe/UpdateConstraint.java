package dev.osmosis.subscribe;

import dev.osmosis.topic.TopicValue;
import dev.osmosis.topic.TopicView;
import jakarta.json.JsonException;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.List;
import java.util.Map;

/**
 * A condition an update must meet, checked atomically with the update in the topic's order
 * (Diffusion's UpdateConstraint): the topic's current value, its absence, parts of a JSON value, a
 * session lock the updater holds, or all of several. An update whose constraint does not hold
 * changes nothing and fails with 4012.
 */
public sealed interface UpdateConstraint {

  /** What a constraint may ask about the updating session. */
  @FunctionalInterface
  interface Context {
    boolean ownsLock(String name, long sequence);
  }

  /** Whether the constraint holds for {@code topic} (null when there is no topic at the path). */
  boolean holds(TopicView topic, Context context);

  /** No constraint. */
  UpdateConstraint NONE = new And(List.of());

  /**
   * The topic's current value equals {@code value} (a wire value, converted with the topic's type).
   */
  record Value(Object value) implements UpdateConstraint {
    @Override
    public boolean holds(TopicView topic, Context context) {
      if (topic == null || topic.value() == null) {
        return false;
      }
      try {
        return topic.type().value(topic.path(), value).equals(topic.value());
      } catch (IllegalArgumentException e) {
        return false; // not even a value of the topic's type: it cannot be the current one
      }
    }
  }

  /** The topic exists and has no value. */
  record NoValue() implements UpdateConstraint {
    @Override
    public boolean holds(TopicView topic, Context context) {
      return topic != null && topic.value() == null;
    }
  }

  /** There is no topic at the path (for add-and-set). */
  record NoTopic() implements UpdateConstraint {
    @Override
    public boolean holds(TopicView topic, Context context) {
      return topic == null;
    }
  }

  /**
   * A JSON topic's value has each given value at its JSON pointer and nothing at each pointer in
   * {@code without}.
   */
  record Json(Map<String, JsonValue> with, List<String> without) implements UpdateConstraint {
    private static final JsonProvider JSON = JsonProvider.provider();

    @Override
    public boolean holds(TopicView topic, Context context) {
      if (topic == null || !(topic.value() instanceof TopicValue.OfJson json)) {
        return false;
      }
      JsonValue document;
      try (var reader = JSON.createReader(new StringReader(json.text()))) {
        document = reader.readValue();
      }
      if (!(document instanceof JsonStructure structure)) {
        return with.isEmpty() && without.isEmpty();
      }
      try {
        for (Map.Entry<String, JsonValue> e : with.entrySet()) {
          var pointer = JSON.createPointer(e.getKey());
          if (!pointer.containsValue(structure)
              || !pointer.getValue(structure).equals(e.getValue())) {
            return false;
          }
        }
        for (String p : without) {
          if (JSON.createPointer(p).containsValue(structure)) {
            return false;
          }
        }
        return true;
      } catch (JsonException e) {
        return false;
      }
    }
  }

  /** The updating session holds the session lock {@code name} acquired with {@code sequence}. */
  record Locked(String name, long sequence) implements UpdateConstraint {
    @Override
    public boolean holds(TopicView topic, Context context) {
      return context.ownsLock(name, sequence);
    }
  }

  /** Every constraint holds (none: always). */
  record And(List<UpdateConstraint> all) implements UpdateConstraint {
    public And {
      all = List.copyOf(all);
    }

    @Override
    public boolean holds(TopicView topic, Context context) {
      for (UpdateConstraint c : all) {
        if (!c.holds(topic, context)) {
          return false;
        }
      }
      return true;
    }
  }
}
