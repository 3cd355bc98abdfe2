package dev.osmosis.subscribe;

import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicMatcher;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicValue;
import dev.osmosis.topic.TopicView;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The role every change to the topic tree goes through: adding, updating (set, set with a
 * constraint, add-and-set's set, JSON patch) and removing topics. Two implementations: {@link
 * LocalTopics}, one server (what runs with the grid off), and the grid's, which decides each change
 * once for the whole cluster at the owner of the topic's grid partition, numbers it in the topic's
 * order and applies it to every node's tree, where that node's own fan-out delivers it
 * (docs/CLUSTER.md "Topics").
 *
 * <p>When a call returns, its change has been applied to this node's tree: a topic added is there,
 * an update's value is the topic's (or a later one), a removed topic is gone. Permissions, types
 * and limits are checked by the caller ({@link TopicControl}) before; implementations must be
 * thread-safe.
 */
public interface TopicReplication {

  /**
   * Adds a topic at a canonical path, or confirms an identical one; as {@link TopicTree#add(String,
   * TopicSpecification, String)}, whose exceptions it throws.
   */
  TopicTree.AddResult add(String path, TopicSpecification specification, String creator);

  /**
   * Sets {@code compute(current value)} as {@code topic}'s value if {@code precondition} holds for
   * the topic's current state, both decided in the topic's order (nothing comes between); the
   * update gets the topic's next sequence number. Answers false, changing nothing, when the
   * precondition does not hold or the topic is gone. Exceptions from {@code compute} (an invalid
   * value) propagate and change nothing.
   */
  boolean update(
      Topic topic,
      Predicate<? super TopicView> precondition,
      Function<TopicValue, TopicValue> compute);

  /** Removes every topic the matcher matches; answers how many this call removed. */
  int remove(TopicMatcher matcher);
}
