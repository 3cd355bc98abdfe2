package dev.osmosis.client;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Correlates requests with their {@code ok}/{@code error} answers by id (PROTOCOL.md §2).
 * Thread-safe.
 */
final class PendingRequests {

  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<Map<String, Object>>> pending =
      new ConcurrentHashMap<>();

  /** Registers a future and returns the fresh correlation id for its request. */
  long register(CompletableFuture<Map<String, Object>> answer) {
    long id = ids.incrementAndGet();
    pending.put(id, answer);
    return id;
  }

  /** Fails one request, e.g. when it could not be sent. */
  void fail(long id, Throwable error) {
    CompletableFuture<Map<String, Object>> answer = pending.remove(id);
    if (answer != null) {
      answer.completeExceptionally(error);
    }
  }

  /**
   * Completes the request an {@code ok} or {@code error} message answers: normally with the whole
   * {@code ok} message, exceptionally with a {@link SessionException} for an {@code error}.
   *
   * @return false if the message answers no pending request
   */
  boolean answer(Map<String, Object> message) {
    long id = Messages.number(message, "id", -1);
    CompletableFuture<Map<String, Object>> answer = pending.remove(id);
    if (answer == null) {
      return false;
    }
    if ("ok".equals(message.get("t"))) {
      answer.complete(message);
    } else {
      answer.completeExceptionally(
          new SessionException(
              (int) Messages.number(message, "code", 0), Messages.string(message, "message", "")));
    }
    return true;
  }

  /** Fails every pending request: none is left hanging when the session ends. */
  void failAll(Throwable error) {
    for (Long id : pending.keySet()) {
      fail(id, error);
    }
  }

  int size() {
    return pending.size();
  }
}
