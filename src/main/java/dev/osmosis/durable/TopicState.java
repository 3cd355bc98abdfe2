package dev.osmosis.durable;

import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicValue;
import java.util.Objects;

/**
 * The durable state of a persistent topic, or its removal: what the store keeps of it and what a
 * restart brings back.
 *
 * @param path the canonical path
 * @param incarnation which topic at this path: a number drawn when it was added (on the grid, its
 *     record's), so that a topic removed and added again is another topic and a late write of the
 *     old one never overwrites the new one's sequence guard (docs/PERSISTENCE.md "Write path")
 * @param specification the specification; null for a removal
 * @param value the current value, or null (none set yet, a topic that does not retain values, or a
 *     removal)
 * @param sequence the number of the last update in the topic's order (0 before the first, and
 *     always for a topic that does not retain values)
 * @param removed whether this is the topic's removal
 */
public record TopicState(
    String path,
    long incarnation,
    TopicSpecification specification,
    TopicValue value,
    long sequence,
    boolean removed) {

  public TopicState {
    Objects.requireNonNull(path, "path");
    if (!removed) {
      Objects.requireNonNull(specification, "specification");
    }
  }

  /** The state of a topic that is there; no value and no number if it does not retain values. */
  public static TopicState of(
      String path,
      long incarnation,
      TopicSpecification specification,
      TopicValue value,
      long sequence) {
    if (specification.dontRetainValue()) {
      // nothing to restore a number with: the topic's numbering starts again after a restart
      return new TopicState(path, incarnation, specification, null, 0, false);
    }
    return new TopicState(path, incarnation, specification, value, sequence, false);
  }

  /** The removal of the topic {@code incarnation} at {@code path}. */
  public static TopicState removal(String path, long incarnation) {
    return new TopicState(path, incarnation, null, null, 0, true);
  }
}
