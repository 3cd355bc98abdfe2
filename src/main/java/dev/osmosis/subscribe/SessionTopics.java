package dev.osmosis.subscribe;

import dev.osmosis.session.Connection;
import dev.osmosis.session.Session;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicSubscriber;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One session's side of subscriptions: the topics it is subscribed to, and how messages reach it
 * (its connection's bounded outbox). Subscribe, unsubscribe and delivery for a topic run in that
 * topic's order ({@link Topic#subscribe}), so the session sees {@code subscribe}, the initial
 * value, later values, then {@code unsubscribe}. Thread-safe.
 */
final class SessionTopics implements TopicSubscriber {
  private final Session session;
  private final Connection connection;
  private final Set<Topic> subscribed = ConcurrentHashMap.newKeySet();
  private final LongAdder count;
  private final TopicEncoder encoder;

  /**
   * @param count the server's subscription count, kept up to date by this session's changes
   * @param encoder the wire form of the messages
   */
  SessionTopics(Session session, LongAdder count, TopicEncoder encoder) {
    this.session = session;
    this.connection = session.connection();
    this.count = count;
    this.encoder = encoder;
  }

  Session session() {
    return session;
  }

  /** Subscribes unless already subscribed; answers whether it did. */
  boolean subscribe(Topic topic) {
    return topic.subscribe(
        this,
        initial -> {
          subscribed.add(topic);
          count.increment();
          if (topic.specification().acked()) {
            connection.trackAcked(topic.id(), topic.sequence());
          }
          int priority = priority(topic);
          connection.send(encoder.subscribe(topic), priority);
          if (initial != null) {
            connection.send(encoder.value(topic.id(), topic.sequence(), initial), priority);
          }
        });
  }

  boolean unsubscribe(Topic topic, String reason) {
    return topic.unsubscribe(
        this,
        () -> {
          if (subscribed.remove(topic)) {
            count.decrement();
          }
          if (topic.specification().acked()) {
            connection.untrackAcked(topic.id());
          }
          if ("true"
              .equals(topic.specification().property(TopicSpecification.TIDY_ON_UNSUBSCRIBE))) {
            connection.discardConflated(topic.id());
          }
          connection.send(encoder.unsubscribe(topic.id(), reason), priority(topic));
        });
  }

  /** The topic was removed; called in the topic's order. */
  void removed(Topic topic) {
    if (subscribed.remove(topic)) {
      count.decrement();
      if (topic.specification().acked()) {
        connection.untrackAcked(topic.id());
      }
      connection.send(encoder.unsubscribe(topic.id(), "REMOVAL"), priority(topic));
    }
  }

  /**
   * The delivery priority of a topic's messages (its PRIORITY: {@code high}, {@code default},
   * {@code low}) as a {@link Connection} lane. Every message of a topic — subscribe, values,
   * unsubscribe — has it, so they keep their order among themselves while messages of
   * higher-priority topics overtake them in a backed-up queue.
   */
  static int priority(Topic topic) {
    return switch (topic.specification().priority()) {
      case "high" -> Connection.HIGH;
      case "low" -> Connection.LOW;
      default -> Connection.DEFAULT;
    };
  }

  /** A topic's CONFLATION setting, read once per update rather than once per subscriber. */
  enum Conflation {
    OFF,
    CONFLATE,
    UNSUBSCRIBE;

    static Conflation of(Topic topic) {
      return switch (topic.specification().conflation()) {
        case "off" -> OFF;
        case "unsubscribe" -> UNSUBSCRIBE;
        default -> CONFLATE; // "conflate" and "always"
      };
    }
  }

  /**
   * One already-encoded update, shared with every other subscriber, delivered by the topic's
   * CONFLATION policy (called in the topic's order): {@code off} queues it; {@code conflate} and
   * {@code always} let a newer value replace one still queued ({@code full} is the full value to
   * replace with, {@code message} may be a delta); {@code unsubscribe} unsubscribes a session that
   * has fallen behind from this topic instead of queueing more. {@code policy}, {@code priority}
   * and {@code key} (the boxed topic id) are computed once per update by the publisher.
   */
  void deliver(
      Topic topic, Conflation policy, int priority, Long key, String message, String full) {
    switch (policy) {
      case OFF -> connection.send(message, priority);
      case UNSUBSCRIBE -> {
        if (connection.isBackedUp()) {
          unsubscribe(topic, "BACK_PRESSURE");
        } else {
          connection.send(message, priority);
        }
      }
      default -> connection.sendConflated(key, message, full, priority);
    }
  }

  @Override
  public long acknowledged(Topic topic) {
    return connection.acknowledged(topic.id());
  }

  /** Whether the session is subscribed to {@code topic} (read in the topic's order to be exact). */
  boolean isSubscribed(Topic topic) {
    return subscribed.contains(topic);
  }

  /** Sends one message of {@code topic} in its lane (a resume's replay: {@link TopicResume}). */
  void send(Topic topic, String message) {
    connection.send(message, priority(topic));
  }

  List<Topic> subscribedTopics() {
    return List.copyOf(subscribed);
  }

  /** The session ended: leave every topic without telling a connection that is gone. */
  void release() {
    for (Topic topic : subscribed) {
      topic.removeSubscriber(this);
      if (subscribed.remove(topic)) {
        count.decrement();
      }
    }
  }
}
