package dev.osmosis.topic;

/**
 * What an update constraint reads of a topic: its path, type and current value. A {@link Topic} is
 * one; a replicated topic's record at its grid partition owner is another (docs/CLUSTER.md), so a
 * constraint is decided once, where the topic's order is.
 */
public interface TopicView {

  /** The canonical path. */
  String path();

  TopicType type();

  /** The current value, or {@code null} if none (never set, or not retained). */
  TopicValue value();
}
