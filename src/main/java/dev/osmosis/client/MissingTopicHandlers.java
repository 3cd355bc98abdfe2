package dev.osmosis.client;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** This session's missing topic handler registrations, for {@link TopicControl}. */
final class MissingTopicHandlers {

  private static final System.Logger LOG = System.getLogger(MissingTopicHandlers.class.getName());

  private final Connection connection;
  private final Map<String, HandlerRegistration> registrations = new ConcurrentHashMap<>();

  MissingTopicHandlers(Connection connection) {
    this.connection = connection;
    connection.setHandler("missingTopic", this::onMissingTopic);
    connection.addListener(
        (session, oldState, newState) -> {
          if (newState.isClosed()) {
            for (HandlerRegistration registration : registrations.values()) {
              registration.end();
            }
          }
        });
  }

  CompletableFuture<Registration> add(
      String branch, MissingTopicHandler handler, String... propertyKeys) {
    Objects.requireNonNull(handler, "handler");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("path", Objects.requireNonNull(branch, "branch"));
    List<String> keys = new ArrayList<>();
    for (String key : Objects.requireNonNull(propertyKeys, "propertyKeys")) {
      keys.add(Objects.requireNonNull(key, "a property key"));
    }
    if (!keys.isEmpty()) {
      fields.put("properties", keys);
    }
    CompletableFuture<Registration> result = new CompletableFuture<>();
    // Sent from the event thread so that the registration exists before a missingTopic following
    // the answer.
    connection.execute(
        () ->
            connection
                .request("addMissingTopicHandler", fields)
                .whenComplete(
                    (ok, error) -> {
                      if (error != null) {
                        result.completeExceptionally(
                            error instanceof CompletionException ? error.getCause() : error);
                        return;
                      }
                      HandlerRegistration registration =
                          new HandlerRegistration(Messages.string(ok, "path", branch), handler);
                      registrations.put(registration.branch, registration);
                      if (connection.getState().isClosed()) {
                        registration.end();
                      }
                      result.complete(registration);
                    }));
    return result;
  }

  private void onMissingTopic(Map<String, Object> message) {
    long rid = Messages.number(message, "rid", -1);
    String branch = Messages.string(message, "handler", "");
    HandlerRegistration registration = registrations.get(branch);
    if (registration == null || rid < 0) {
      LOG.log(DEBUG, "Ignoring a missingTopic for no registered handler: {0}", message);
      return;
    }
    MissingTopicNotification notification =
        new MissingTopicNotification(
            connection,
            rid,
            branch,
            Messages.string(message, "selector", ""),
            Messages.string(message, "path", ""),
            SessionId.of(Messages.string(message, "session", "")),
            Messages.stringMap(message, "properties"));
    try {
      registration.handler.onMissingTopic(notification);
    } catch (RuntimeException e) {
      LOG.log(WARNING, "A missing topic handler failed; cancelling", e);
      notification.cancel();
    }
  }

  private final class HandlerRegistration implements Registration {
    final String branch;
    final MissingTopicHandler handler;
    private final AtomicBoolean ended = new AtomicBoolean();

    HandlerRegistration(String branch, MissingTopicHandler handler) {
      this.branch = branch;
      this.handler = handler;
    }

    @Override
    public CompletableFuture<Void> close() {
      if (!ended.compareAndSet(false, true)) {
        return CompletableFuture.completedFuture(null);
      }
      registrations.remove(branch, this);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("path", branch);
      return connection
          .request("removeMissingTopicHandler", fields)
          .handle(
              (ok, error) -> {
                notifyClosed();
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                if (cause == null || cause instanceof SessionClosedException) {
                  return null;
                }
                throw new CompletionException(cause);
              });
    }

    void end() {
      if (ended.compareAndSet(false, true)) {
        registrations.remove(branch, this);
        notifyClosed();
      }
    }

    private void notifyClosed() {
      try {
        handler.onClose();
      } catch (RuntimeException e) {
        LOG.log(WARNING, "A missing topic handler failed in onClose", e);
      }
    }

    @Override
    public String toString() {
      return "Registration[missing topic handler " + branch + (ended.get() ? ", ended]" : "]");
    }
  }
}
