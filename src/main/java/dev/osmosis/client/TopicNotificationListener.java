package dev.osmosis.client;

/**
 * Receives topic notifications ({@link TopicNotifications}) on the session's event thread, in
 * order; must not block. Notifications carry the path and specification of a topic, never its
 * value.
 */
@FunctionalInterface
public interface TopicNotificationListener {

  void onTopicNotification(
      String path, TopicSpecification specification, TopicNotificationType type);

  /** The listener was removed, or the session closed. */
  default void onClose() {}
}
