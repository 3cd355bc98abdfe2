package dev.osmosis.topic;

/**
 * Told about topics added to and removed from a {@link TopicTree}; the selection index and the
 * subscriptions use it. Called on the thread that added or removed the topic, after the change is
 * visible, once per topic; must not block. An exception from a listener propagates to the caller of
 * {@code add} or {@code remove} after the change has happened and later listeners are skipped, so
 * listeners should not throw.
 */
public interface TopicListener {

  default void topicAdded(Topic topic) {}

  default void topicRemoved(Topic topic) {}
}
