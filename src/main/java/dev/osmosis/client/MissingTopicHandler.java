package dev.osmosis.client;

/**
 * Handles selections that match no topic in a branch ({@link TopicControl#addMissingTopicHandler}).
 * Called on the session's event thread; must not block: answer {@link
 * MissingTopicNotification#proceed()} or {@link MissingTopicNotification#cancel()} later, e.g. when
 * the topic has been added. A handler that throws without answering cancels.
 */
@FunctionalInterface
public interface MissingTopicHandler {

  void onMissingTopic(MissingTopicNotification notification);

  /** The registration ended: closed, or its session closed. */
  default void onClose() {}
}
