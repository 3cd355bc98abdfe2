package dev.osmosis.subscribe;

import dev.osmosis.error.RequestException;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.selector.SelectionIndex;
import dev.osmosis.selector.SelectionLimitException;
import dev.osmosis.selector.TopicSelector;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Session;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicSubscriber;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  /** The session's selections by scope; guarded by itself. */
  private final SelectionScopes scopes = new SelectionScopes();

  /**
   * Whether the topics' CONFLATION policies apply to this session (ClientControl's {@code
   * setConflated}); when false every update is queued as with {@code CONFLATION off}.
   */
  private volatile boolean conflated = true;

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
    switch (conflated ? policy : Conflation.OFF) {
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

  /**
   * Adds a selection to {@code scope} and files it in {@code index} unless another scope holds it.
   *
   * @throws RequestException 4029 past {@code max} selections of all scopes together, or the
   *     index's limits
   */
  void addSelection(
      SelectionIndex<SessionTopics> index, String scope, TopicSelector selector, int max) {
    synchronized (scopes) {
      if (scopes.size() >= max && !scopes.holds(scope, selector)) {
        throw new RequestException(
            ErrorCode.LIMIT_EXCEEDED,
            "too many selections: the limit is " + max + " per session, all scopes together");
      }
      try {
        index.add(this, selector); // false: another scope holds it already
      } catch (SelectionLimitException e) {
        throw new RequestException(ErrorCode.LIMIT_EXCEEDED, e.getMessage());
      }
      scopes.add(scope, selector);
    }
  }

  /**
   * Removes a selection from {@code scope} (null: from every scope), and from {@code index} once no
   * scope holds it; answers the subscribed topics the selector matches that no other scope selects
   * (every one it matches for null), which the caller unsubscribes.
   */
  List<Topic> removeSelection(
      SelectionIndex<SessionTopics> index, String scope, TopicSelector selector) {
    List<Topic> leaving = new ArrayList<>();
    synchronized (scopes) {
      if (scope == null) {
        scopes.removeEverywhere(selector);
      } else {
        scopes.remove(scope, selector);
      }
      if (!scopes.holds(selector)) {
        index.remove(this, selector);
      }
      for (Topic topic : subscribed) {
        if (selector.matches(topic.path())
            && (scope == null || !scopes.selectedOutside(scope, topic.path()))) {
          leaving.add(topic);
        }
      }
    }
    return leaving;
  }

  /** The canonical expressions of the selections by scope, in the order made. */
  Map<String, List<String>> selectionsByScope() {
    synchronized (scopes) {
      return scopes.expressions();
    }
  }

  /**
   * Subscribes to the topics {@code selector} matches that the session may read; answers how many
   * subscriptions that made.
   */
  int subscribeReadable(TopicTree tree, SecurityStore security, TopicSelector selector) {
    int[] count = {0};
    tree.forEachMatching(
        selector,
        topic -> {
          if (Access.has(security, session, PathPermission.READ_TOPIC, topic) && subscribe(topic)) {
            count[0]++;
          }
        });
    return count[0];
  }

  /**
   * {@link Subscriptions#recheck()} for this session: drops the selections that lost SELECT_TOPIC
   * (from every scope), unsubscribes ({@code AUTHORIZATION}) the topics it may no longer read or
   * that only dropped selections matched, subscribes what the kept ones now may read.
   *
   * @return {ended, made}
   */
  int[] recheck(SecurityStore security, SelectionIndex<SessionTopics> index, TopicTree tree) {
    List<TopicSelector> dropped = new ArrayList<>();
    List<TopicSelector> kept = new ArrayList<>();
    for (TopicSelector selector : index.selectors(this)) {
      try {
        Subscriptions.requireSelect(security, session, selector, selector.expression());
        kept.add(selector);
      } catch (RequestException lost) {
        removeSelection(index, null, selector);
        dropped.add(selector);
      }
    }
    int ended = 0;
    for (Topic topic : subscribedTopics()) {
      boolean readable = Access.has(security, session, PathPermission.READ_TOPIC, topic);
      boolean onlyDropped =
          dropped.stream().anyMatch(d -> d.matches(topic.path()))
              && kept.stream().noneMatch(k -> k.matches(topic.path()));
      if ((!readable || onlyDropped) && unsubscribe(topic, "AUTHORIZATION")) {
        ended++;
      }
    }
    int made = 0;
    for (TopicSelector selector : kept) {
      made += subscribeReadable(tree, security, selector);
    }
    return new int[] {ended, made};
  }

  /** Turns the CONFLATION policies on or off for this session (values already queued stay). */
  void conflated(boolean conflated) {
    this.conflated = conflated;
  }

  boolean conflated() {
    return conflated;
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
