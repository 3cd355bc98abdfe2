package dev.osmosis.client;

import dev.osmosis.wire.CloseReason;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The feature groups' traffic over one {@link Connection}: requests correlated with their answers
 * by id ({@link PendingRequests}, PROTOCOL.md §2), and the handlers of server-initiated messages by
 * type. Thread-safe: features send from any thread; answers and handlers run on the event thread.
 */
final class Requests {

  private final Connection connection;
  private final PendingRequests pending;
  private final Lifecycle lifecycle;
  private final Sequencing sequencing;
  private final Map<String, Consumer<Map<String, Object>>> handlers = new ConcurrentHashMap<>();

  Requests(
      Connection connection, PendingRequests pending, Lifecycle lifecycle, Sequencing sequencing) {
    this.connection = connection;
    this.pending = pending;
    this.lifecycle = lifecycle;
    this.sequencing = sequencing;
  }

  /** See {@link Connection#request}. */
  CompletableFuture<Map<String, Object>> request(String type, Map<String, Object> fields) {
    CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
    Session.State state = lifecycle.state();
    if (!state.isConnected() && !state.isRecovering()) {
      answer.completeExceptionally(notConnected());
      return answer;
    }
    long id = pending.register(answer);
    Map<String, Object> message = Messages.message(type);
    message.put("id", id);
    message.putAll(fields);
    if (lifecycle
        .state()
        .isClosed()) { // closed between the check and the registration: fail it ourselves
      pending.fail(id, notConnected());
      return answer;
    }
    String text = Json.write(message);
    Limits limits = connection.grant().limits();
    if (text.getBytes(StandardCharsets.UTF_8).length > limits.maxMessageSize()) {
      pending.fail(
          id,
          new IllegalArgumentException(
              "Message of type " + type + " exceeds maxMessageSize " + limits.maxMessageSize()));
      return answer;
    }
    sequencing.transmit(message, text);
    return answer;
  }

  private RuntimeException notConnected() {
    CloseReason reason = lifecycle.closeReason();
    return reason != null
        ? new SessionClosedException(reason)
        : new IllegalStateException("The session is not connected: " + lifecycle.state());
  }

  /** An {@code ok} or {@code error}: completes its request; false if it answers none. */
  boolean answer(Map<String, Object> message) {
    return pending.answer(message);
  }

  void setHandler(String type, Consumer<Map<String, Object>> handler) {
    handlers.put(type, handler);
  }

  /**
   * Hands a server-initiated message to the handler of its type, if any (later protocol versions
   * may add some).
   */
  void handle(String type, Map<String, Object> message) {
    Consumer<Map<String, Object>> handler = handlers.get(type);
    if (handler != null) {
      handler.accept(message);
    }
  }
}
