package dev.osmosis.client;

/** What a topic notification tells ({@link TopicNotificationListener}). */
public enum TopicNotificationType {
  /** A matching topic was added. */
  ADDED,
  /** A matching topic existed when the notification selection was made. */
  SELECTED,
  /** A notified topic was removed. */
  REMOVED,
  /** The last notification selection matching a notified topic was removed. */
  DESELECTED
}
