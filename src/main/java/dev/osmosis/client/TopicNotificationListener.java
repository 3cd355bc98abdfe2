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

  /**
   * An immediate descendant of a path the session's selections select: the first topic on a branch
   * below it that no selection selects. {@code SELECTED} or {@code ADDED} when it becomes one (a
   * selection changed, or it was added), {@code DESELECTED} or {@code REMOVED} when it stops being
   * one. Its path alone: select it to hear of its specification. Nothing by default.
   */
  default void onDescendantNotification(String path, TopicNotificationType type) {}

  /** The listener was removed, or the session closed. */
  default void onClose() {}
}
