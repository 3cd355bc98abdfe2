package dev.osmosis.grid;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.osmosis.durable.TopicJournal;
import dev.osmosis.durable.TopicState;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicReplication;
import dev.osmosis.topic.InvalidSpecificationException;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicMatcher;
import dev.osmosis.topic.TopicPath;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicValue;
import dev.osmosis.topic.TopicView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@link TopicReplication} on the grid (docs/CLUSTER.md "Topics"): one Hazelcast map of {@link
 * TopicRecord}s keyed by canonical path is the cluster's topic tree, and every node's {@link
 * TopicTree} is a replica of it that this class keeps.
 *
 * <ul>
 *   <li><b>Decided once.</b> Every change is one atomic map operation at the owner of the key's
 *       partition: an add is {@code putIfAbsent}; an update reads the record, checks its constraint
 *       and computes the value against it, and stores it with the next sequence number by {@code
 *       replace(path, old, new)}, which succeeds for exactly one of several racing nodes (the
 *       others read again and re-check); a removal is {@code remove(path, old)}.
 *   <li><b>Applied everywhere in order.</b> Every node listens to the map with values; Hazelcast
 *       delivers the events of one key in the order of its changes, on one event thread. A node
 *       applies each record to its own tree (adding, re-adding or removing the topic, or {@link
 *       Subscriptions#apply applying} the numbered value), and its own encode-once fan-out delivers
 *       to its subscribers: one cross-node message per update per node. A duplicate or older number
 *       is ignored.
 *   <li><b>Lost events.</b> Hazelcast does not resend the events of a partition owner that dies
 *       (docs/CLUSTER.md "Lost events"). An update event carries the record it replaced, so one
 *       update whose event was lost is applied from the next one's; when a member leaves, every
 *       node reads the records again and applies those it is behind; a call waiting for its own
 *       change applies it from the record. Only a number further past the next one is applied over
 *       a gap: its subscribers are told by a {@code lostUpdates} notice, and it is counted in
 *       {@link #gaps()}.
 *   <li><b>Read your writes.</b> A call returns once this node's tree shows its change.
 *   <li><b>Joining.</b> {@link #start()} listens, then loads the whole map into the tree.
 *   <li><b>Persisted once per cluster.</b> With a {@link TopicJournal}, the node whose atomic
 *       operation decided a change of a persistent topic hands it to its journal, so each change is
 *       written by one node (docs/PERSISTENCE.md "On a cluster"); {@link GridTopicRestore} brings
 *       the stored topics into the map once per cluster, before the first member starts.
 * </ul>
 *
 * Thread-safe.
 */
public final class GridTopics implements TopicReplication, AutoCloseable {
  /** The name of the grid map of topics. */
  public static final String MAP = "osmosis.topics";

  private static final System.Logger LOG = System.getLogger(GridTopics.class.getName());

  private final IMap<String, byte[]> map;
  private final String member;
  private final TopicTree tree;
  private final GridTopicReplica replica;
  private final LongAdder retries = new LongAdder();
  private final LongAdder replays = new LongAdder();
  private final HazelcastInstance grid;
  private final TopicJournal journal; // null: nothing persists
  private volatile UUID listener;
  private volatile UUID lifecycle;
  private volatile UUID membership;

  /**
   * @param waitForApply how long a call waits for this node to apply its own change before it
   *     returns anyway (the change is made; only this node's view lags)
   */
  public GridTopics(HazelcastInstance grid, Subscriptions subscriptions, Duration waitForApply) {
    this(grid, subscriptions, waitForApply, null);
  }

  /**
   * @param journal where the changes this node decides of persistent topics go, or null
   */
  public GridTopics(
      HazelcastInstance grid,
      Subscriptions subscriptions,
      Duration waitForApply,
      TopicJournal journal) {
    this.grid = grid;
    this.journal = journal;
    this.map = grid.getMap(MAP);
    this.member = grid.getCluster().getLocalMember().getUuid().toString();
    this.tree = subscriptions.tree();
    tree.keepAckedBacklogs(); // acked topics: a dead node's sessions are replayed here
    this.replica = new GridTopicReplica(map, subscriptions, waitForApply.toNanos());
  }

  /**
   * Listens to the grid's topics, then loads every topic into this node's tree; call once, before
   * the node serves sessions. Answers how many topics were loaded.
   */
  public synchronized int start() {
    if (listener != null) {
      throw new IllegalStateException("already started");
    }
    listener = map.addEntryListener(new Events(), true);
    lifecycle =
        grid.getLifecycleService()
            .addLifecycleListener(
                event -> {
                  if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                    replica.resync();
                  }
                });
    membership =
        grid.getCluster()
            .addMembershipListener(
                new MembershipListener() {
                  @Override
                  public void memberAdded(MembershipEvent event) {}

                  @Override
                  public void memberRemoved(MembershipEvent event) {
                    Thread catchUp = new Thread(replica::catchUp, "osmosis-topics-catch-up");
                    catchUp.setDaemon(true);
                    catchUp.start();
                  }
                });
    int loaded = 0;
    for (Map.Entry<String, byte[]> e : map.entrySet()) {
      replica.applyRecord(e.getKey(), e.getValue(), false, null);
      loaded++;
    }
    return loaded;
  }

  @Override
  public synchronized void close() {
    if (listener != null) {
      map.removeEntryListener(listener);
      grid.getLifecycleService().removeLifecycleListener(lifecycle);
      grid.getCluster().removeMembershipListener(membership);
      listener = null;
    }
  }

  /**
   * Stops applying the map's events without closing: tests lose events as a dying partition owner
   * does. {@link #listenAgain()} resumes, without reading the map.
   */
  synchronized void stopListening() {
    map.removeEntryListener(listener);
  }

  synchronized void listenAgain() {
    listener = map.addEntryListener(new Events(), true);
  }

  /** Keyed updates answered from the record: replayed after a fail-over, not applied again. */
  public long replays() {
    return replays.sum();
  }

  /**
   * Updates applied with a number past the next: values this node's subscribers never saw (and were
   * told so).
   */
  public long gaps() {
    return replica.gaps();
  }

  /**
   * Updates this node applied from a read of the map or from the next update's event instead of
   * their own event (lost with a partition owner that left, or late: then it is a duplicate).
   */
  public long recovered() {
    return replica.recovered();
  }

  /** After a split-brain merge: see {@link GridTopicReplica#resync()}. */
  void resync() {
    replica.resync();
  }

  /** Updates that lost a race at the partition owner and were read and tried again. */
  public long retries() {
    return retries.sum();
  }

  @Override
  public TopicTree.AddResult add(String path, TopicSpecification specification, String creator) {
    String canonical = TopicPath.canonical(path);
    try {
      return addRecord(canonical, specification, creator);
    } catch (RuntimeException e) {
      throw GridUnavailable.translate("add of topic " + canonical, e);
    }
  }

  private TopicTree.AddResult addRecord(
      String canonical, TopicSpecification specification, String creator) {
    if (!specification.type().isSupported()) {
      throw new InvalidSpecificationException(
          specification.type() + " topics are not supported yet (" + canonical + ")");
    }
    long incarnation = ThreadLocalRandom.current().nextLong();
    TopicRecord added = new TopicRecord(incarnation, 0, member, creator, specification, null);
    byte[] encoded = added.encode();
    byte[] previous = map.putIfAbsent(canonical, encoded);
    if (previous == null) {
      journal(TopicState.of(canonical, incarnation, specification, null, 0));
      replica.awaitApplied(canonical, incarnation, 0);
      replica.remember(canonical, incarnation, 0, encoded);
      return TopicTree.AddResult.ADDED;
    }
    TopicRecord existing = TopicRecord.decode(previous);
    if (!existing.specification().equals(specification)) {
      throw new InvalidSpecificationException(
          String.format(
              "a topic with a different specification exists at %s: %s, not %s",
              canonical, existing.specification(), specification));
    }
    replica.awaitApplied(canonical, existing.incarnation(), 0);
    return TopicTree.AddResult.EXISTS;
  }

  @Override
  public boolean update(
      Topic topic,
      Predicate<? super TopicView> precondition,
      Function<TopicValue, TopicValue> compute) {
    return update(topic, null, precondition, compute) == Outcome.APPLIED;
  }

  /**
   * As {@link #update(Topic, Predicate, Function)}; with a key, the record remembers how the update
   * was decided (applied, or refused: the refusal is written too, at the same sequence number) in
   * the same compare-and-set, and an update whose key it knows is answered from it.
   */
  @Override
  public Outcome update(
      Topic topic,
      Key key,
      Predicate<? super TopicView> precondition,
      Function<TopicValue, TopicValue> compute) {
    try {
      return decide(topic, key, precondition, compute);
    } catch (RuntimeException e) {
      throw GridUnavailable.translate("update of topic " + topic.path(), e);
    }
  }

  private Outcome decide(
      Topic topic,
      Key key,
      Predicate<? super TopicView> precondition,
      Function<TopicValue, TopicValue> compute) {
    String path = topic.path();
    GridTopicReplica.Local local = replica.local(topic);
    if (local == null) {
      return Outcome.REFUSED; // removed (or replaced) meanwhile
    }
    GridTopicReplica.Written written = local.written;
    byte[] current = written == null ? null : written.bytes();
    while (true) {
      // with this node's last record as the expected value the read is saved; the replace then
      // proves it current (it compares the stored bytes), and a refused constraint reads the map
      boolean hint = current != null;
      if (!hint) {
        current = map.get(path);
      }
      if (current == null || TopicRecord.incarnationOf(current) != local.incarnation()) {
        return Outcome.REFUSED;
      }
      TopicRecord record = TopicRecord.decode(current);
      if (key != null) {
        // a record that was stored (a hint too) knows only keys decided before
        Outcome before = decided(record.decision(key));
        if (before != null) {
          replays.increment();
          LOG.log(
              System.Logger.Level.INFO,
              "topic {0}: update of client message {1} was decided before ({2}): not applied again"
                  + " (replayed after a fail-over)",
              path,
              key.message(),
              before);
          replica.awaitApplied(path, record.incarnation(), record.sequence());
          return before;
        }
      }
      TopicView view = record.view(path);
      TopicRecord next;
      try {
        next = precondition.test(view) ? record.next(compute.apply(view.value()), key) : null;
      } catch (RuntimeException e) {
        if (!hint) {
          throw e; // e.g. a JSON patch that does not apply to the cluster's value
        }
        next = null;
      }
      if (next == null) {
        if (hint) {
          current = null; // refused: decided against the cluster's record, never the hint
          continue;
        }
        if (key == null) {
          return Outcome.REFUSED;
        }
        next = record.refused(key);
      }
      byte[] encoded = next.encode();
      if (map.replace(path, current, encoded)) {
        if (next.sequence() > record.sequence()) {
          journal(
              TopicState.of(
                  path, next.incarnation(), next.specification(), next.value(), next.sequence()));
        }
        replica.awaitApplied(path, next.incarnation(), next.sequence());
        replica.remember(path, next.incarnation(), next.sequence(), encoded);
        return next.sequence() > record.sequence() ? Outcome.APPLIED : Outcome.REFUSED;
      }
      if (!hint) {
        retries.increment();
      }
      current = null;
    }
  }

  /** Hands a change this node decided to the journal, if any. */
  private void journal(TopicState state) {
    if (journal != null) {
      journal.changed(state);
    }
  }

  private static Outcome decided(int decision) {
    return switch (decision) {
      case TopicRecord.APPLIED -> Outcome.APPLIED_BEFORE;
      case TopicRecord.ADDED -> Outcome.ADDED_BEFORE;
      case TopicRecord.REFUSED -> Outcome.REFUSED;
      default -> null;
    };
  }

  @Override
  public int remove(TopicMatcher matcher) {
    List<Topic> matched = new ArrayList<>();
    tree.forEachMatching(matcher, matched::add);
    int removed = 0;
    for (Topic topic : matched) {
      GridTopicReplica.Local local = replica.local(topic);
      try {
        if (local != null && removeRecord(topic.path(), local)) {
          removed++;
        }
      } catch (RuntimeException e) {
        throw GridUnavailable.translate("removal of topic " + topic.path(), e);
      }
    }
    return removed;
  }

  private boolean removeRecord(String path, GridTopicReplica.Local local) {
    while (true) {
      byte[] current = map.get(path);
      if (current == null || TopicRecord.incarnationOf(current) != local.incarnation()) {
        return false; // another node removed it first
      }
      if (map.remove(path, current)) {
        if (local.topic().specification().persistent()) {
          journal(TopicState.removal(path, local.incarnation()));
        }
        replica.awaitRemoved(path, local.incarnation());
        return true;
      }
      retries.increment();
    }
  }

  /** The map's events, on Hazelcast's event threads: one key's events in order on one thread. */
  private final class Events
      implements EntryAddedListener<String, byte[]>,
          EntryUpdatedListener<String, byte[]>,
          EntryRemovedListener<String, byte[]> {

    @Override
    public void entryAdded(EntryEvent<String, byte[]> event) {
      safely(event, () -> replica.applyRecord(event.getKey(), event.getValue(), false, null));
    }

    @Override
    public void entryUpdated(EntryEvent<String, byte[]> event) {
      safely(
          event,
          () -> replica.applyRecord(event.getKey(), event.getValue(), false, event.getOldValue()));
    }

    @Override
    public void entryRemoved(EntryEvent<String, byte[]> event) {
      safely(event, () -> replica.applyRemoval(event.getKey(), event.getOldValue()));
    }

    private void safely(EntryEvent<String, byte[]> event, Runnable action) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.ERROR,
            "applying the grid's change to topic " + event.getKey() + " failed",
            e);
      }
    }
  }
}
