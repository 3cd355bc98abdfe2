package dev.osmosis.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable JSON value: the value class of {@link TopicType#JSON} topics. Any JSON value,
 * scalars and {@code null} included. Held as compact JSON text; {@link #get()} gives the parsed
 * form as unmodifiable {@code Map<String,Object>} (insertion ordered), {@code List<Object>}, {@code
 * String}, {@code Long} (integers that fit) or {@code Double}, {@code Boolean} and {@code null}.
 * Two values are equal when their compact texts are equal. Thread-safe.
 */
public final class JsonValue {

  private final String text;
  private volatile Object parsed; // unmodifiable; built on first get()
  private volatile boolean parsedSet;

  private JsonValue(String text) {
    this.text = text;
  }

  /**
   * Parses JSON text into a value.
   *
   * @throws IllegalArgumentException naming the offset of the first problem
   */
  public static JsonValue parse(String text) {
    return fromModel(Json.parse(java.util.Objects.requireNonNull(text, "text")));
  }

  /**
   * A value from a Java object built of maps (string keys), collections, strings, numbers, booleans
   * and {@code null}s, or another {@code JsonValue}.
   *
   * @throws IllegalArgumentException for anything else, or a NaN or infinite number
   */
  public static JsonValue of(Object value) {
    if (value instanceof JsonValue) {
      return (JsonValue) value;
    }
    return new JsonValue(Json.write(value));
  }

  /** A value from a parsed model (maps, lists, ...): written once to compact text. */
  static JsonValue fromModel(Object model) {
    return new JsonValue(Json.write(model));
  }

  /** The compact JSON text. */
  public String toJsonString() {
    return text;
  }

  /** The parsed value, unmodifiable throughout (see the class comment for the classes). */
  public Object get() {
    if (!parsedSet) {
      parsed = unmodifiable(Json.parse(text));
      parsedSet = true;
    }
    return parsed;
  }

  /** A fresh, modifiable parse of this value (for applying a JSON patch). */
  Object mutableCopy() {
    return Json.parse(text);
  }

  private static Object unmodifiable(Object value) {
    if (value instanceof Map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        copy.put((String) entry.getKey(), unmodifiable(entry.getValue()));
      }
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List) {
      List<Object> copy = new ArrayList<>();
      for (Object element : (List<?>) value) {
        copy.add(unmodifiable(element));
      }
      return Collections.unmodifiableList(copy);
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonValue && ((JsonValue) o).text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** The compact JSON text. */
  @Override
  public String toString() {
    return text;
  }
}
