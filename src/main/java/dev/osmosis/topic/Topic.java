package dev.osmosis.topic;

import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A topic in a {@link TopicTree}: its canonical path, specification, current value and subscriber
 * array. The value and the subscriber array are immutable objects behind volatile fields, so a
 * reader (fan-out, fetch) never locks. Setting values is serialised per topic so that each {@link
 * ValueChange} pairs the value it replaced with the one it set.
 */
public final class Topic implements TopicView {

  private static final TopicSubscriber[] NONE = new TopicSubscriber[0];
  private static final VarHandle SUBSCRIBERS;

  static {
    try {
      SUBSCRIBERS =
          MethodHandles.lookup().findVarHandle(Topic.class, "subscribers", TopicSubscriber[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long id;
  private final String path;
  private final TopicSpecification specification;
  private volatile TopicValue value;
  private volatile TopicSubscriber[] subscribers = NONE;
  private volatile boolean removed;
  private final Clock clock;
  private final long created;
  private final String creator;
  private volatile long lastUpdate;
  private volatile long sequence; // written under this topic's lock
  private final TopicHistory history; // null without HISTORY_SIZE; guarded by this topic's lock
  private final TopicTree ackedBy; // an acked topic's tree (its backlog policy), else null
  private int untilRelease; // acked, backlog at capacity: updates until the next look at acks

  Topic(long id, String path, TopicSpecification specification, Clock clock, String creator) {
    this(id, path, specification, clock, creator, null);
  }

  /**
   * @param tree the tree the topic is in: an acked topic keeps up to its {@link
   *     TopicTree#ackedBacklog()} updates, released by acknowledgements as it says; null for none
   */
  Topic(
      long id,
      String path,
      TopicSpecification specification,
      Clock clock,
      String creator,
      TopicTree tree) {
    int ackedBacklog = tree == null ? 0 : tree.ackedBacklog();
    this.id = id;
    this.path = path;
    this.specification = specification;
    this.clock = clock;
    this.created = clock.millis();
    this.lastUpdate = created;
    this.creator = creator;
    this.ackedBy = specification.acked() && ackedBacklog > 0 ? tree : null;
    if (specification.acked() && Math.max(ackedBacklog, specification.historySize()) > 0) {
      this.history = TopicHistory.growable(Math.max(ackedBacklog, specification.historySize()));
    } else if (specification.historySize() > 0) {
      this.history = new TopicHistory(specification.historySize(), specification.historyTtl());
    } else {
      this.history = null;
    }
  }

  /** A number unique to this topic in its tree, never reused (a re-added path gets a new id). */
  public long id() {
    return id;
  }

  /** The canonical path. */
  public String path() {
    return path;
  }

  public TopicSpecification specification() {
    return specification;
  }

  public TopicType type() {
    return specification.type();
  }

  /**
   * The current value, or {@code null} before the first set and always for {@link
   * TopicSpecification#DONT_RETAIN_VALUE} topics.
   */
  public TopicValue value() {
    return value;
  }

  /** When the topic was added, in milliseconds of its tree's clock. */
  public long created() {
    return created;
  }

  /**
   * When the topic's value was last set (a set that fails validation does not count), or {@link
   * #created()} before the first set; milliseconds of its tree's clock.
   */
  public long lastUpdate() {
    return lastUpdate;
  }

  /**
   * The id (text) of the session that added the topic, or {@code null} when it was added by the
   * admin API or the server itself. REMOVAL's {@code this session closes} uses it.
   */
  public String creator() {
    return creator;
  }

  /**
   * The number of the last value set: 0 before the first, then 1, 2, 3 ... one per update, in the
   * topic's order. Clustered, every node applies the numbers the topic's grid partition owner gave
   * (docs/CLUSTER.md), so a topic's sequence is the same on every node.
   */
  public long sequence() {
    return sequence;
  }

  /**
   * The topic's kept updates ({@link TopicSpecification#HISTORY_SIZE}; for an acked topic its
   * backlog, up to {@code osmosis.maxAckedBacklog}), or null when it keeps none. Read it only
   * inside {@link #ordered} (it changes with each update, under the topic's order).
   */
  public TopicHistory history() {
    return history;
  }

  /** The time now by the topic's tree clock, in milliseconds (what the history's TTL counts in). */
  public long millis() {
    return clock.millis();
  }

  /** Whether the topic has been removed from its tree. */
  public boolean isRemoved() {
    return removed;
  }

  void markRemoved() {
    removed = true;
  }

  /**
   * Validates and sets the value, then runs {@code publish} with the change while still holding
   * this topic's order: updates, subscriptions ({@link #subscribe}) and unsubscriptions of one
   * topic happen one at a time, so every subscriber sees its initial value followed by exactly the
   * later changes, in order.
   */
  public synchronized ValueChange update(Object raw, Consumer<ValueChange> publish) {
    ValueChange change = set(raw);
    publish.accept(change);
    return change;
  }

  /**
   * As {@link #update(Object, Consumer)}, but only if {@code precondition} holds for this topic,
   * checked in the same order as the update (so no other update can come between); answers null,
   * changing nothing, if it does not. {@code compute} turns the current value into the raw value to
   * set (e.g. applying a JSON patch).
   */
  public synchronized ValueChange update(
      java.util.function.Predicate<? super Topic> precondition,
      java.util.function.Function<TopicValue, ?> compute,
      Consumer<ValueChange> publish) {
    if (removed || !precondition.test(this)) {
      return null;
    }
    ValueChange change = set(compute.apply(value));
    publish.accept(change);
    return change;
  }

  /**
   * Adds a subscriber and, in the same order as updates, hands {@code initial} the current value
   * (null if none). Does nothing and answers false if the topic is removed or the subscriber
   * already present.
   */
  public synchronized boolean subscribe(TopicSubscriber subscriber, Consumer<TopicValue> initial) {
    if (removed || !addSubscriber(subscriber)) {
      return false;
    }
    initial.accept(value);
    return true;
  }

  /**
   * Removes a subscriber in update order and then runs {@code after} (e.g. sends the
   * unsubscription).
   */
  public synchronized boolean unsubscribe(TopicSubscriber subscriber, Runnable after) {
    if (!removeSubscriber(subscriber)) {
      return false;
    }
    after.run();
    return true;
  }

  /**
   * Applies a value numbered elsewhere (a replicated update, docs/CLUSTER.md) in this topic's order
   * and fans it out with {@code publish}, as {@link #update(Object, Consumer)} does; answers null,
   * changing nothing, when the topic is removed or {@code number} is not after {@link #sequence()}
   * (a duplicate or stale update). A number more than one after answers the change too: the caller
   * sees the gap in {@link ValueChange#sequence()}.
   */
  public synchronized ValueChange apply(
      TopicValue next, long number, Consumer<ValueChange> publish) {
    if (removed || number <= sequence) {
      return null;
    }
    ValueChange change = set(next, number);
    publish.accept(change);
    return change;
  }

  /** Runs {@code action} in update order (e.g. telling subscribers that the topic was removed). */
  public synchronized void ordered(Runnable action) {
    action.run();
  }

  /** Validates and sets the value; see {@link TopicTree#set}. */
  synchronized ValueChange set(Object raw) {
    return set(specification.type().value(path, raw), sequence + 1);
  }

  private ValueChange set(TopicValue next, long number) {
    TopicValue previous = value;
    JsonDelta delta = null;
    ValueEdit edit = null;
    if (previous != null && !specification.publishValuesOnly()) {
      if (next instanceof TopicValue.OfJson json) {
        delta = delta((TopicValue.OfJson) previous, json);
      } else if (subscribers.length == 0) {
        edit = null; // an edit is for subscribers only: no copy of a large value for nobody
      } else if (next instanceof TopicValue.OfString string) {
        edit = ValueEdit.of((TopicValue.OfString) previous, string);
      } else if (next instanceof TopicValue.OfBinary binary) {
        edit = ValueEdit.of((TopicValue.OfBinary) previous, binary);
      }
    }
    if (!specification.dontRetainValue()) {
      value = next;
    }
    long now = clock.millis();
    lastUpdate = now;
    sequence = number;
    if (history != null) {
      if (ackedBy != null && history.size() == history.allocated()) {
        makeRoom();
      }
      history.record(number, next, now);
    }
    return new ValueChange(this, previous, next, delta, number, edit);
  }

  /**
   * An acked topic's backlog is full: drops what every subscriber acknowledged (docs/TOPICS.md
   * "Acked delivery"), asking each subscriber once; grows the ring (up to its capacity) if that
   * leaves it more than three quarters full. At capacity it looks every half capacity of updates
   * only (meanwhile the oldest is overwritten: the bound). Clustered, nothing is released by this
   * node's acknowledgements (another node's sessions may resume here): the ring keeps the last
   * {@code osmosis.maxAckedBacklog} updates.
   */
  private void makeRoom() {
    int allocated = history.allocated();
    boolean atCapacity = allocated == history.capacity();
    if (!ackedBy.releasesAckedBacklog() || (atCapacity && --untilRelease > 0)) {
      return;
    }
    untilRelease = allocated / 2;
    long floor = Long.MAX_VALUE;
    for (TopicSubscriber s : subscribers) {
      floor = Math.min(floor, s.acknowledged(this));
    }
    history.releaseThrough(floor);
    if (!atCapacity && history.size() > allocated / 4 * 3) {
      history.grow();
    }
  }

  private static JsonDelta delta(TopicValue.OfJson before, TopicValue.OfJson after) {
    try {
      JsonValue source = JsonSupport.parse(before.text());
      JsonValue target = JsonSupport.parse(after.text());
      if (!JsonSupport.isStructure(source) || !JsonSupport.isStructure(target)) {
        return null; // RFC 6902 patches apply to documents; a scalar is just replaced
      }
      String patch = JsonSupport.diff((JsonStructure) source, (JsonStructure) target);
      return new JsonDelta(patch, after.text().length());
    } catch (JsonSupport.Malformed e) {
      throw new IllegalStateException("a stored JSON value no longer parses", e);
    }
  }

  /** The current subscribers: a snapshot array, never modified; do not modify it. */
  public TopicSubscriber[] subscribers() {
    return subscribers;
  }

  /** Adds a subscriber unless already present (by identity); returns whether it was added. */
  public boolean addSubscriber(TopicSubscriber subscriber) {
    while (true) {
      TopicSubscriber[] current = subscribers;
      for (TopicSubscriber s : current) {
        if (s == subscriber) {
          return false;
        }
      }
      TopicSubscriber[] next = Arrays.copyOf(current, current.length + 1);
      next[current.length] = subscriber;
      if (SUBSCRIBERS.compareAndSet(this, current, next)) {
        return true;
      }
    }
  }

  /** Removes a subscriber (by identity); returns whether it was present. */
  public boolean removeSubscriber(TopicSubscriber subscriber) {
    while (true) {
      TopicSubscriber[] current = subscribers;
      int at = -1;
      for (int i = 0; i < current.length; i++) {
        if (current[i] == subscriber) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        return false;
      }
      TopicSubscriber[] next = current.length == 1 ? NONE : new TopicSubscriber[current.length - 1];
      System.arraycopy(current, 0, next, 0, at);
      System.arraycopy(current, at + 1, next, at, current.length - at - 1);
      if (SUBSCRIBERS.compareAndSet(this, current, next)) {
        return true;
      }
    }
  }

  @Override
  public String toString() {
    return path + " (" + specification + ")";
  }
}
