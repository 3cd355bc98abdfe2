package dev.osmosis.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Setting topic values (PROTOCOL.md §9 {@code set}, {@code addAndSet}), reached by {@link
 * Session#topicUpdate()}. The value class names the topic type ({@link TopicType#forClass}): {@link
 * JsonValue}, {@link String}, {@link Long}, {@link Double} or {@code byte[]}.
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
    return set(path, type, value, null);
  }

  /**
   * Sets the value if {@code constraint} holds, checked by the server atomically with the update;
   * else the future fails with {@link SessionException} {@code 4012} and nothing changes.
   */
  public <V> CompletableFuture<Void> set(
      String path, Class<V> type, V value, UpdateConstraint constraint) {
    TopicType topicType = TopicType.forClass(Objects.requireNonNull(type, "type"));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("path", Objects.requireNonNull(path, "path"));
    fields.put("type", topicType.name());
    fields.put("v", TopicValues.toWire(topicType, value));
    if (constraint != null) {
      fields.put("constraint", constraint.wire());
    }
    return connection.request("set", fields).thenApply(ok -> null);
  }

  /**
   * Applies an RFC 6902 JSON Patch (given as its JSON text) to a JSON topic's value at the server,
   * atomically; a patch that does not apply (e.g. a failed {@code test} operation) fails with
   * {@code 4001}.
   */
  public CompletableFuture<Void> applyJsonPatch(String path, String patch) {
    return applyJsonPatch(path, patch, null);
  }

  /** As {@link #applyJsonPatch(String, String)}, if {@code constraint} holds. */
  public CompletableFuture<Void> applyJsonPatch(
      String path, String patch, UpdateConstraint constraint) {
    Object parsed = JsonValue.parse(Objects.requireNonNull(patch, "patch")).get();
    if (!(parsed instanceof java.util.List)) {
      throw new IllegalArgumentException("a JSON Patch is a JSON array of operations");
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("path", Objects.requireNonNull(path, "path"));
    fields.put("patch", parsed);
    if (constraint != null) {
      fields.put("constraint", constraint.wire());
    }
    return connection.request("applyJsonPatch", fields).thenApply(ok -> null);
  }

  /** A new update stream for the topic at the path (see {@link UpdateStream}). */
  public <V> UpdateStream<V> newUpdateStream(String path, Class<V> type) {
    return new UpdateStream<>(this, path, type, null);
  }

  /** A new update stream whose first update must meet {@code constraint}. */
  public <V> UpdateStream<V> newUpdateStream(
      String path, Class<V> type, UpdateConstraint constraint) {
    return new UpdateStream<>(this, path, type, Objects.requireNonNull(constraint, "constraint"));
  }

  /**
   * Adds the topic if there is none at the path, then sets its value: {@link AddTopicResult#ADDED}
   * or {@link AddTopicResult#EXISTS}.
   *
   * @throws IllegalArgumentException if the class does not name the specification's type
   */
  public <V> CompletableFuture<AddTopicResult> addAndSet(
      String path, TopicSpecification specification, Class<V> type, V value) {
    return addAndSet(path, specification, type, value, null);
  }

  /**
   * As {@link #addAndSet(String, TopicSpecification, Class, Object)}, if {@code constraint} holds.
   */
  public <V> CompletableFuture<AddTopicResult> addAndSet(
      String path,
      TopicSpecification specification,
      Class<V> type,
      V value,
      UpdateConstraint constraint) {
    TopicType topicType = TopicType.forClass(Objects.requireNonNull(type, "type"));
    Map<String, Object> fields = TopicControl.topicFields(path, specification);
    if (specification.getType() != topicType) {
      throw new IllegalArgumentException(
          "A value of "
              + type.getSimpleName()
              + " cannot be set on a "
              + specification.getType()
              + " topic");
    }
    fields.put("v", TopicValues.toWire(topicType, value));
    if (constraint != null) {
      fields.put("constraint", constraint.wire());
    }
    return connection.request("addAndSet", fields).thenApply(TopicControl::result);
  }
}
