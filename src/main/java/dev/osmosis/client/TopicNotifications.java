package dev.osmosis.client;

import static java.lang.System.Logger.Level.WARNING;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Topic notifications (TOPICS.md "Topic notifications", PROTOCOL.md §9), reached by {@link
 * Session#notifications()}: learn which topics exist, appear and disappear without subscribing to
 * them. The session's notification selections ({@link #select}, {@link #deselect}) live at the
 * server, separate from its subscriptions; every listener added here receives the notifications
 * they produce: {@code SELECTED} for each matching topic that exists when a selection is made,
 * {@code ADDED} and {@code REMOVED} as matching topics come and go, {@code DESELECTED} when the
 * last selection matching a notified topic is removed. Only topics the session may SELECT_TOPIC are
 * notified, each once however many selections match it.
 */
public final class TopicNotifications {

  private static final System.Logger LOG = System.getLogger(TopicNotifications.class.getName());

  private final Connection connection;
  private final List<TopicNotificationListener> listeners = new CopyOnWriteArrayList<>();

  TopicNotifications(Connection connection) {
    this.connection = connection;
    connection.setHandler("topicNotification", this::onNotification);
    connection.addListener(
        (session, oldState, newState) -> {
          if (newState.isClosed()) {
            for (TopicNotificationListener listener : listeners) {
              removeListener(listener);
            }
          }
        });
  }

  /** Adds a listener; it receives the notifications that arrive from now on. */
  public void addListener(TopicNotificationListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener, which then gets {@link TopicNotificationListener#onClose()}; unknown ones
   * are ignored.
   */
  public void removeListener(TopicNotificationListener listener) {
    if (listeners.remove(listener)) {
      try {
        listener.onClose();
      } catch (RuntimeException e) {
        LOG.log(WARNING, "A topic notification listener failed in onClose", e);
      }
    }
  }

  /**
   * Adds a notification selection. The {@code SELECTED} notifications come before the future
   * completes, with their number. Fails with a {@link SessionException}: {@code 4001} a bad
   * selector, {@code 3001} SELECT_TOPIC missing at its prefix.
   */
  public CompletableFuture<Integer> select(String selector) {
    return request("selectNotifications", selector);
  }

  /**
   * Removes a notification selection; completes after the {@code DESELECTED} notifications, with
   * their number.
   */
  public CompletableFuture<Integer> deselect(String selector) {
    return request("deselectNotifications", selector);
  }

  private CompletableFuture<Integer> request(String type, String selector) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("selector", Objects.requireNonNull(selector, "selector"));
    return connection.request(type, fields).thenApply(ok -> (int) Messages.number(ok, "count", 0));
  }

  private void onNotification(Map<String, Object> message) {
    Optional<TopicType> type = TopicType.fromName(Messages.string(message, "type", ""));
    TopicNotificationType event;
    try {
      event = TopicNotificationType.valueOf(Messages.string(message, "event", ""));
    } catch (IllegalArgumentException e) {
      return; // a later server's event
    }
    if (type.isEmpty()) {
      return;
    }
    String path = Messages.string(message, "path", "");
    TopicSpecification specification =
        TopicSpecification.of(type.get(), Messages.stringMap(message, "properties"));
    for (TopicNotificationListener listener : listeners) {
      try {
        listener.onTopicNotification(path, specification, event);
      } catch (RuntimeException e) {
        LOG.log(WARNING, "A topic notification listener failed", e);
      }
    }
  }
}
