package dev.osmosis.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Setting topic values (PROTOCOL.md §9 {@code set}, {@code addAndSet}), reached by {@link
 * Session#topicUpdate()}. The value class names the topic type ({@link TopicType#forClass}):
 * {@link JsonValue}, {@link String}, {@link Long}, {@link Double} or {@code byte[]}.
 *
 * <p>Futures complete on the session's event thread; they fail with a {@link SessionException}:
 * {@code 4004} no topic at the path ({@code set}), {@code 4001} the topic has another type or the
 * value is invalid, {@code 3001} UPDATE_TOPIC (or MODIFY_TOPIC for {@code addAndSet}) is missing;
 * with a {@link SessionClosedException} if the session closes first. A {@code null} argument or a
 * value that is not of the class throws at once and sends nothing.
 */
public final class TopicUpdate {

  private final Connection connection;

  TopicUpdate(Connection connection) {
    this.connection = connection;
  }

  /** Sets the value of the topic at the path, which must exist and have the class's type. */
  public <V> CompletableFuture<Void> set(String path, Class<V> type, V value) {
    TopicType topicType = TopicType.forClass(Objects.requireNonNull(type, "type"));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("path", Objects.requireNonNull(path, "path"));
    fields.put("type", topicType.name());
    fields.put("v", TopicValues.toWire(topicType, value));
    return connection.request("set", fields).thenApply(ok -> null);
  }

  /**
   * Adds the topic if there is none at the path, then sets its value: {@link
   * AddTopicResult#ADDED} or {@link AddTopicResult#EXISTS}.
   *
   * @throws IllegalArgumentException if the class does not name the specification's type
   */
  public <V> CompletableFuture<AddTopicResult> addAndSet(
      String path, TopicSpecification specification, Class<V> type, V value) {
    TopicType topicType = TopicType.forClass(Objects.requireNonNull(type, "type"));
    Map<String, Object> fields = TopicControl.topicFields(path, specification);
    if (specification.getType() != topicType) {
      throw new IllegalArgumentException("A value of " + type.getSimpleName()
          + " cannot be set on a " + specification.getType() + " topic");
    }
    fields.put("v", TopicValues.toWire(topicType, value));
    return connection.request("addAndSet", fields).thenApply(TopicControl::result);
  }
}
