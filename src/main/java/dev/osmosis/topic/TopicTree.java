package dev.osmosis.topic;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The topic tree: a concurrent trie of path segments ({@link TrieNode}) holding {@link Topic}s.
 *
 * <p>Thread safety without a global lock: a lookup ({@link #get}, {@link #set}, iteration) walks
 * {@code ConcurrentHashMap}s and locks nothing but, for a set, the one topic; an add or remove
 * locks only the trie nodes it changes, one or two at a time. Iteration is weakly consistent: it
 * sees every topic present throughout and may or may not see topics added or removed meanwhile.
 * Empty branches are pruned on remove, so a churning tree does not leak nodes.
 */
public final class TopicTree {

  /** The answer of {@link #add}. */
  public enum AddResult {
    /** A topic was added. */
    ADDED,
    /** A topic with an equal specification was already there; nothing changed. */
    EXISTS
  }

  private final TrieNode root = new TrieNode(null, "");
  private final LongAdder size = new LongAdder();
  private final AtomicLong ids = new AtomicLong();
  private final List<TopicListener> listeners = new CopyOnWriteArrayList<>();
  private final Clock clock;
  private final int ackedBacklog;
  private volatile boolean releasesAckedBacklog = true;

  /** A tree whose topics record creation and update times by the system clock. */
  public TopicTree() {
    this(Clock.systemUTC());
  }

  /**
   * A tree whose topics record creation and update times ({@link Topic#lastUpdate}) by {@code
   * clock}.
   */
  public TopicTree(Clock clock) {
    this(clock, DEFAULT_ACKED_BACKLOG);
  }

  /** The default {@code osmosis.maxAckedBacklog}. */
  public static final int DEFAULT_ACKED_BACKLOG = 10_000;

  /**
   * @param ackedBacklog the most updates an acked topic ({@link TopicSpecification#DELIVERY} {@code
   *     acked}) keeps for sessions that have not acknowledged them ({@code
   *     osmosis.maxAckedBacklog})
   */
  public TopicTree(Clock clock, int ackedBacklog) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (ackedBacklog < 0) {
      throw new IllegalArgumentException("ackedBacklog " + ackedBacklog);
    }
    this.ackedBacklog = ackedBacklog;
  }

  /** The most updates an acked topic keeps ({@code osmosis.maxAckedBacklog}). */
  public int ackedBacklog() {
    return ackedBacklog;
  }

  /**
   * Whether an acked topic drops the updates every subscriber of this node acknowledged: true
   * alone; false in a cluster ({@link #keepAckedBacklogs}).
   */
  public boolean releasesAckedBacklog() {
    return releasesAckedBacklog;
  }

  /**
   * Clustered: acked topics keep their last {@link #ackedBacklog()} updates whatever this node's
   * sessions acknowledged, so that a session of another node that dies is replayed here.
   */
  public void keepAckedBacklogs() {
    releasesAckedBacklog = false;
  }

  /** Registers a listener for topics added and removed from now on. */
  public void addListener(TopicListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeListener(TopicListener listener) {
    listeners.remove(listener);
  }

  /**
   * Adds a topic, or confirms an identical one.
   *
   * @return {@link AddResult#ADDED}, or {@link AddResult#EXISTS} if a topic with an equal
   *     specification is already at the path
   * @throws InvalidTopicPathException if the path is invalid
   * @throws InvalidSpecificationException if the type is not supported yet, or a topic with a
   *     different specification is at the path
   */
  public AddResult add(String path, TopicSpecification specification) {
    return add(path, specification, null);
  }

  /**
   * Adds a topic on behalf of a session, recorded as the topic's {@link Topic#creator()}; see
   * {@link #add(String, TopicSpecification)}. A topic already there keeps its creator.
   *
   * @param creator the adding session's id (text), or {@code null}
   */
  public AddResult add(String path, TopicSpecification specification, String creator) {
    Objects.requireNonNull(specification, "specification");
    String canonical = TopicPath.canonical(path);
    if (!specification.type().isSupported()) {
      throw new InvalidSpecificationException(
          specification.type() + " topics are not supported yet (" + canonical + ")");
    }
    Topic added;
    while (true) {
      TrieNode node = root.descendCreating(canonical);
      if (node == null) {
        continue; // raced with pruning of a branch on the way: walk again
      }
      synchronized (node) {
        if (node.removed) {
          continue;
        }
        Topic existing = node.topic;
        if (existing != null) {
          if (existing.specification().equals(specification)) {
            return AddResult.EXISTS;
          }
          throw new InvalidSpecificationException(
              String.format(
                  "a topic with a different specification exists at %s: %s, not %s",
                  canonical, existing.specification(), specification));
        }
        added = new Topic(ids.incrementAndGet(), canonical, specification, clock, creator, this);
        node.topic = added;
      }
      break;
    }
    size.increment();
    for (TopicListener listener : listeners) {
      listener.topicAdded(added);
    }
    return AddResult.ADDED;
  }

  /** Adds a topic of the type with no properties; see {@link #add(String, TopicSpecification)}. */
  public AddResult add(String path, TopicType type) {
    return add(path, TopicSpecification.of(type));
  }

  /**
   * Returns the topic at the path, or {@code null}.
   *
   * @throws InvalidTopicPathException if the path is invalid
   */
  public Topic get(String path) {
    TrieNode node = root.find(TopicPath.canonical(path));
    return node == null ? null : node.topic;
  }

  /**
   * Validates a value against the topic's type and makes it the topic's value ({@link
   * TopicType#value} lists the accepted forms). For a JSON topic the delta from the old value is
   * computed here, once.
   *
   * @throws NoSuchTopicException if there is no topic at the path
   * @throws InvalidValueException if the value does not fit the topic's type
   */
  public ValueChange set(String path, Object value) {
    Topic topic = get(path);
    if (topic == null) {
      throw new NoSuchTopicException(TopicPath.canonical(path));
    }
    return topic.set(value);
  }

  /**
   * Removes every topic the matcher matches and returns them (its size is the count to answer).
   * Only the branch under the matcher's literal prefix is walked.
   */
  public List<Topic> remove(TopicMatcher matcher) {
    List<Topic> matched = new ArrayList<>();
    forEachMatching(matcher, matched::add);
    List<Topic> removed = new ArrayList<>(matched.size());
    for (Topic topic : matched) {
      if (removeTopic(topic)) {
        removed.add(topic);
      }
    }
    return removed;
  }

  private boolean removeTopic(Topic topic) {
    TrieNode node = root.find(topic.path());
    if (node == null) {
      return false;
    }
    synchronized (node) {
      if (node.topic != topic) {
        return false; // removed (and maybe re-added) meanwhile
      }
      node.topic = null;
      topic.markRemoved();
    }
    node.pruneUpwards();
    size.decrement();
    for (TopicListener listener : listeners) {
      listener.topicRemoved(topic);
    }
    return true;
  }

  /** Visits every topic. */
  public void forEach(Consumer<Topic> visitor) {
    root.visit(visitor);
  }

  /**
   * Visits the topic at {@code prefix} and every topic below it; the empty prefix visits all. Walks
   * only that branch.
   */
  public void forEachUnder(String prefix, Consumer<Topic> visitor) {
    TrieNode node = prefix.isEmpty() ? root : root.find(TopicPath.canonical(prefix));
    if (node != null) {
      node.visit(visitor);
    }
  }

  /** Visits the topics the matcher matches, walking only the branch under its literal prefix. */
  public void forEachMatching(TopicMatcher matcher, Consumer<Topic> visitor) {
    forEachUnder(
        matcher.literalPrefix(),
        topic -> {
          if (matcher.matches(topic.path())) {
            visitor.accept(topic);
          }
        });
  }

  /** The number of topics. */
  public long size() {
    return size.sum();
  }
}
