package dev.osmosis.client;

import java.util.Objects;
import java.util.Optional;

/**
 * The types of topic (PROTOCOL.md §9, TOPICS.md), each with the Java class its values have in this
 * client. A value stream or an update names its type by that class, as Diffusion's datatypes do.
 *
 * <table>
 *   <caption>value classes</caption>
 *   <tr><th>type</th><th>value class</th><th>on the wire</th></tr>
 *   <tr><td>JSON</td><td>{@link JsonValue}</td><td>the JSON value itself</td></tr>
 *   <tr><td>STRING</td><td>{@link String}</td><td>a JSON string</td></tr>
 *   <tr><td>INT64</td><td>{@link Long}</td><td>a number within ±(2^53 − 1), else a decimal string</td></tr>
 *   <tr><td>DOUBLE</td><td>{@link Double}</td><td>a number; {@code "NaN"}, {@code "Infinity"},
 *       {@code "-Infinity"}</td></tr>
 *   <tr><td>BINARY</td><td>{@code byte[]}</td><td>base64 with padding</td></tr>
 * </table>
 */
public enum TopicType {
  JSON(JsonValue.class),
  STRING(String.class),
  INT64(Long.class),
  DOUBLE(Double.class),
  BINARY(byte[].class);

  private final Class<?> valueClass;

  TopicType(Class<?> valueClass) {
    this.valueClass = valueClass;
  }

  /** The class of this type's values in this client. */
  public Class<?> valueClass() {
    return valueClass;
  }

  /**
   * The topic type whose values have the given class.
   *
   * @throws IllegalArgumentException for a class that is no topic type's value class
   */
  public static TopicType forClass(Class<?> type) {
    Objects.requireNonNull(type, "type");
    for (TopicType topicType : values()) {
      if (topicType.valueClass == type) {
        return topicType;
      }
    }
    throw new IllegalArgumentException(
        "No topic type has values of "
            + type.getName()
            + "; use JsonValue, String, Long, Double or byte[]");
  }

  /** The type with this name; empty for a name this client version does not know. */
  public static Optional<TopicType> fromName(String name) {
    for (TopicType topicType : values()) {
      if (topicType.name().equals(name)) {
        return Optional.of(topicType);
      }
    }
    return Optional.empty();
  }
}
