package dev.osmosis.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A condition a topic update must meet, checked by the server atomically with the update
 * (PROTOCOL.md §9 "Update constraints"; Diffusion's {@code UpdateConstraint}). An update whose
 * constraint does not hold changes nothing and fails with {@link SessionException} code {@code
 * 4012}. Immutable; combine with {@link #and}.
 *
 * <pre>{@code
 * update.set("prices/EURUSD", String.class, "1.09", UpdateConstraint.value(String.class, "1.08"));
 * update.set("orders/7", JsonValue.class, doc, UpdateConstraint.locked(lock).and(UpdateConstraint.jsonValue()
 *     .with("/state", JsonValue.of("open")).without("/closedBy")));
 * }</pre>
 */
public final class UpdateConstraint {
  private final Map<String, Object> wire;

  private UpdateConstraint(Map<String, Object> wire) {
    this.wire = Collections.unmodifiableMap(wire);
  }

  private static UpdateConstraint of(String kind, Object body) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put(kind, body);
    return new UpdateConstraint(wire);
  }

  /** The topic's current value is {@code value} (of the class naming the topic's type). */
  public static <V> UpdateConstraint value(Class<V> type, V value) {
    return of(
        "value",
        TopicValues.toWire(TopicType.forClass(Objects.requireNonNull(type, "type")), value));
  }

  /** The topic exists and has no value yet. */
  public static UpdateConstraint noValue() {
    return of("noValue", true);
  }

  /**
   * There is no topic at the path (for {@code addAndSet}: add and set only if nobody else added
   * it).
   */
  public static UpdateConstraint noTopic() {
    return of("noTopic", true);
  }

  /** The updating session holds this session lock (acquired with {@link Session#lock}). */
  public static UpdateConstraint locked(SessionLock lock) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", lock.getName());
    body.put("sequence", lock.getSequence());
    return of("locked", body);
  }

  /** A constraint on parts of a JSON topic's value, by JSON pointer (RFC 6901). */
  public static JsonConstraint jsonValue() {
    return new JsonConstraint(new LinkedHashMap<>(), new ArrayList<>());
  }

  /** This constraint and {@code other}. */
  public UpdateConstraint and(UpdateConstraint other) {
    List<Object> all = new ArrayList<>();
    for (UpdateConstraint c :
        new UpdateConstraint[] {this, Objects.requireNonNull(other, "other")}) {
      Object nested = c.wire.get("and");
      if (nested instanceof List<?> list) {
        all.addAll(list);
      } else {
        all.add(c.wire);
      }
    }
    return of("and", all);
  }

  Map<String, Object> wire() {
    return wire;
  }

  /** {@link #jsonValue()}: add pointers that must hold a value, or hold none. */
  public static final class JsonConstraint {
    private final Map<String, Object> with;
    private final List<String> without;

    private JsonConstraint(Map<String, Object> with, List<String> without) {
      this.with = with;
      this.without = without;
    }

    /** The value at {@code pointer} equals {@code value}. */
    public UpdateConstraint with(String pointer, JsonValue value) {
      return new JsonConstraint(copyWith(pointer, value), without).build();
    }

    /** There is no value at {@code pointer}. */
    public UpdateConstraint without(String pointer) {
      List<String> next = new ArrayList<>(without);
      next.add(Objects.requireNonNull(pointer, "pointer"));
      return new JsonConstraint(with, next).build();
    }

    private Map<String, Object> copyWith(String pointer, JsonValue value) {
      Map<String, Object> next = new LinkedHashMap<>(with);
      next.put(
          Objects.requireNonNull(pointer, "pointer"), Objects.requireNonNull(value, "value").get());
      return next;
    }

    private UpdateConstraint build() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("with", with);
      body.put("without", without);
      return of("json", body);
    }
  }
}
