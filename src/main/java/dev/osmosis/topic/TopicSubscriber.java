package dev.osmosis.topic;

/**
 * A party held in a topic's subscriber array ({@link Topic#subscribers()}). The subscribe package
 * implements it (one per session subscription) to fan an update out without looking anything up;
 * this package calls only {@link #acknowledged}. Implementations should keep identity equality: the
 * array is searched by {@code ==}.
 */
public interface TopicSubscriber {

  /**
   * For an acked topic ({@link TopicSpecification#acked()}): the last of its numbers this
   * subscriber's client acknowledged, so the topic keeps every later update for it; {@link
   * Long#MAX_VALUE} when it needs none kept. Called in the topic's order, only when an acked
   * topic's backlog is full (not per update).
   */
  default long acknowledged(Topic topic) {
    return Long.MAX_VALUE;
  }
}
