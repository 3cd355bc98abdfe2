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

  /**
   * An update's idempotency key: client message {@code message} of the sequenced session whose id
   * starts with {@code writer} (its first 64 random bits). After a fail-over the session's client
   * replays the messages its dead node had not recorded (docs/RECONNECTION.md); an update carrying
   * the key of one that was decided already is recognised and not applied again.
   *
   * @param added the message added the topic before this update (add-and-set)
   */
  record Key(long writer, long message, boolean added) {

    /** The key of client message {@code message} of the session with id {@code sessionId}. */
    public static Key of(String sessionId, long message) {
      return new Key(Long.parseUnsignedLong(sessionId, 0, 16, 16), message, false);
    }

    /** The same key for an update that follows this message's add of the topic. */
    public Key afterAdd() {
      return new Key(writer, message, true);
    }
  }

  /** What a keyed update did. */
  enum Outcome {
    /** Applied now. */
    APPLIED,
    /** Not applied: the precondition does not hold (now, or when this message was decided). */
    REFUSED,
    /** Replayed: the message was applied before (or a later one of its session was decided). */
    APPLIED_BEFORE,
    /** Replayed: the message added the topic and was applied before. */
    ADDED_BEFORE
  }

  /**
   * {@link #update(Topic, Predicate, Function)} with an idempotency key, or none ({@code null}): an
   * update whose key the topic's order has seen is not applied again, and answers as it was decided
   * then ({@link Outcome#APPLIED_BEFORE}, {@link Outcome#ADDED_BEFORE} or {@link Outcome#REFUSED}).
   * One server ignores the key: a client's replay there never reaches a node that did not see the
   * message (its recovery buffer deduplicates).
   */
  default Outcome update(
      Topic topic,
      Key key,
      Predicate<? super TopicView> precondition,
      Function<TopicValue, TopicValue> compute) {
    return update(topic, precondition, compute) ? Outcome.APPLIED : Outcome.REFUSED;
  }

  /** Removes every topic the matcher matches; answers how many this call removed. */
  int remove(TopicMatcher matcher);
}
