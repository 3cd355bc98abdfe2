package dev.osmosis.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Adding and removing topics (PROTOCOL.md §9 {@code addTopic}, {@code removeTopics}), reached by
 * {@link Session#topics()}. Futures complete on the session's event thread; they fail with a {@link
 * SessionException}: {@code 3001} MODIFY_TOPIC is missing, {@code 4001} a bad path, specification
 * or selector, or a topic exists at the path with another specification; with a {@link
 * SessionClosedException} if the session closes first.
 */
public final class TopicControl {

  private final Connection connection;
  private final MissingTopicHandlers missingTopicHandlers;

  TopicControl(Connection connection) {
    this.connection = connection;
    this.missingTopicHandlers = new MissingTopicHandlers(connection);
  }

  /**
   * Registers this session as the missing topic handler of a branch (TOPICS.md "Missing topic
   * handlers"): when a session selects topics that do not exist and the selector's prefix lies in
   * the branch (and no more specific branch has a handler), the handler receives a {@link
   * MissingTopicNotification}, typically adds the topic and then {@linkplain
   * MissingTopicNotification#proceed() proceeds}. The registration ends when closed or when this
   * session closes. Fails with a {@link SessionException}: {@code 3001} MODIFY_TOPIC is missing at
   * the branch, {@code 4009} another session handles the branch, {@code 4001} a bad path.
   *
   * @param propertyKeys the requesting session's properties to receive ({@code *F}, {@code *U}
   *     allowed)
   */
  public CompletableFuture<Registration> addMissingTopicHandler(
      String branch, MissingTopicHandler handler, String... propertyKeys) {
    return missingTopicHandlers.add(branch, handler, propertyKeys);
  }

  /** Adds a topic of the type without properties. */
  public CompletableFuture<AddTopicResult> add(String path, TopicType type) {
    return add(path, TopicSpecification.of(type));
  }

  /**
   * Adds a topic; {@link AddTopicResult#EXISTS} if one with an equal specification is there already
   * (an error 4001 if its specification differs).
   */
  public CompletableFuture<AddTopicResult> add(String path, TopicSpecification specification) {
    return connection
        .request("addTopic", topicFields(path, specification))
        .thenApply(TopicControl::result);
  }

  /** Removes every topic the selector matches; completes with the number removed. */
  public CompletableFuture<Integer> remove(String selector) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("selector", Objects.requireNonNull(selector, "selector"));
    return connection
        .request("removeTopics", fields)
        .thenApply(ok -> (int) Messages.number(ok, "count", 0));
  }

  /** {@code path}, {@code type} and, if there are any, {@code properties}. */
  static Map<String, Object> topicFields(String path, TopicSpecification specification) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("path", Objects.requireNonNull(path, "path"));
    fields.put("type", Objects.requireNonNull(specification, "specification").getType().name());
    if (!specification.getProperties().isEmpty()) {
      fields.put("properties", specification.getProperties());
    }
    return fields;
  }

  /** The {@code result} of an {@code ok}. */
  static AddTopicResult result(Map<String, Object> ok) {
    String result = Messages.string(ok, "result", "");
    for (AddTopicResult value : AddTopicResult.values()) {
      if (value.name().equals(result)) {
        return value;
      }
    }
    throw new CompletionException(
        new IllegalStateException("The server answered an unknown add result \"" + result + "\""));
  }
}
