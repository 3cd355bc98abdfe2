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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
  private static final int STRIPES = 64;
  private static final long SETTLE_MILLIS = 2_000;

  private final IMap<String, byte[]> map;
  private final String member;
  private final TopicTree tree;
  private final Subscriptions subscriptions;
  private final long waitNanos;
  private final ConcurrentHashMap<String, Local> locals = new ConcurrentHashMap<>();
  private final Object[] stripes = new Object[STRIPES];
  private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
  private final LongAdder gaps = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder replays = new LongAdder();
  private final HazelcastInstance grid;
  private final TopicJournal journal; // null: nothing persists
  private final LongAdder recovered = new LongAdder();
  private volatile UUID listener;
  private volatile UUID lifecycle;
  private volatile UUID membership;

  /**
   * A topic of this node's tree, the incarnation of the record it replicates, and the record this
   * node last stored for it ({@link #written}) while no later one is known here.
   */
  private static final class Local {
    private final long incarnation;
    private final Topic topic;

    /**
     * The expected value of this node's next {@code replace}, which saves reading the record first
     * when this node is the topic's only writer (the usual case): a hint, never trusted. A stale
     * one fails the compare-and-set (or its constraint), and the map is read as without it.
     */
    volatile Written written;

    Local(long incarnation, Topic topic) {
      this.incarnation = incarnation;
      this.topic = topic;
    }

    long incarnation() {
      return incarnation;
    }

    Topic topic() {
      return topic;
    }
  }

  /** The bytes of a record this node stored, and its sequence number. */
  private record Written(long sequence, byte[] bytes) {}

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
    this.subscriptions = subscriptions;
    this.tree = subscriptions.tree();
    tree.keepAckedBacklogs(); // acked topics: a dead node's sessions are replayed here
    this.waitNanos = waitForApply.toNanos();
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
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
                    resync();
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
                    Thread catchUp =
                        new Thread(GridTopics.this::catchUp, "osmosis-topics-catch-up");
                    catchUp.setDaemon(true);
                    catchUp.start();
                  }
                });
    int loaded = 0;
    for (Map.Entry<String, byte[]> e : map.entrySet()) {
      applyRecord(e.getKey(), e.getValue(), false, null);
      loaded++;
    }
    return loaded;
  }

  /**
   * A member left: the events of the partitions it owned that it had not delivered are lost. Reads
   * every record from the new owners and applies those this node is behind; a record more than one
   * update ahead may only be ahead of events still on their way, so it is read again after {@link
   * #SETTLE_MILLIS} and applied (over a gap, with the notice) only if still ahead then.
   */
  void catchUp() {
    try {
      Map<String, Local> before = new HashMap<>(locals);
      Map<String, byte[]> records = new HashMap<>();
      List<String> further = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : map.entrySet()) {
        records.put(e.getKey(), e.getValue());
        long ahead = aheadBy(e.getKey(), e.getValue());
        if (ahead == 1) {
          applyRecord(e.getKey(), e.getValue(), false, null);
          recovered.increment();
        } else if (ahead > 1) {
          further.add(e.getKey());
        }
      }
      removeMissing(before, records);
      if (!further.isEmpty()) {
        Thread.sleep(SETTLE_MILLIS);
        for (Map.Entry<String, byte[]> e : map.getAll(Set.copyOf(further)).entrySet()) {
          applyRecord(e.getKey(), e.getValue(), false, null);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING, "reading the topics again after a member left failed", e);
    }
  }

  /** How many updates the record is past this node's topic: 0 when not, 1 for a new topic. */
  private long aheadBy(String path, byte[] bytes) {
    Local local = locals.get(path);
    if (local == null || local.incarnation() != TopicRecord.incarnationOf(bytes)) {
      return 1;
    }
    return Math.max(0, TopicRecord.sequenceOf(bytes) - local.topic().sequence());
  }

  /**
   * Removes the topics of {@code before} (this node's, taken before {@code records} were read) that
   * the grid no longer has, unless replaced here since.
   */
  private void removeMissing(Map<String, Local> before, Map<String, byte[]> records) {
    for (Map.Entry<String, Local> e : before.entrySet()) {
      if (!records.containsKey(e.getKey())) {
        synchronized (stripe(e.getKey())) {
          if (locals.get(e.getKey()) == e.getValue()) {
            removeLocal(e.getKey(), e.getValue());
          }
        }
      }
    }
    wake();
  }

  /**
   * After a split-brain merge this node's side may have lost (the merge policy keeps the other
   * side's records, and sends no event for them): make the tree the map's again, numbers included.
   * A topic whose record went back in sequence or changed value is removed and added again here, so
   * its subscribers get it afresh; a topic the map no longer has is removed.
   */
  void resync() {
    try {
      Map<String, Local> before = new HashMap<>(locals);
      Map<String, byte[]> records = new HashMap<>();
      for (Map.Entry<String, byte[]> e : map.entrySet()) {
        records.put(e.getKey(), e.getValue());
        applyRecord(e.getKey(), e.getValue(), true, null);
      }
      removeMissing(before, records);
      LOG.log(System.Logger.Level.WARNING, "topics reloaded from the grid after a merge");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "reloading the topics after a merge failed", e);
    }
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

  /**
   * Updates this node applied from a read of the map or from the next update's event instead of
   * their own event (lost with a partition owner that left, or late: then it is a duplicate).
   */
  public long recovered() {
    return recovered.sum();
  }

  /**
   * Updates applied with a number past the next: values this node's subscribers never saw (and were
   * told so).
   */
  public long gaps() {
    return gaps.sum();
  }

  /** Keyed updates answered from the record: replayed after a fail-over, not applied again. */
  public long replays() {
    return replays.sum();
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
      awaitApplied(canonical, incarnation, 0);
      remember(canonical, incarnation, 0, encoded);
      return TopicTree.AddResult.ADDED;
    }
    TopicRecord existing = TopicRecord.decode(previous);
    if (!existing.specification().equals(specification)) {
      throw new InvalidSpecificationException(
          String.format(
              "a topic with a different specification exists at %s: %s, not %s",
              canonical, existing.specification(), specification));
    }
    awaitApplied(canonical, existing.incarnation(), 0);
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
    Local local = local(topic);
    if (local == null) {
      return Outcome.REFUSED; // removed (or replaced) meanwhile
    }
    Written written = local.written;
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
          awaitApplied(path, record.incarnation(), record.sequence());
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
        awaitApplied(path, next.incarnation(), next.sequence());
        remember(path, next.incarnation(), next.sequence(), encoded);
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

  /**
   * Keeps the record this node stored as the hint for its next update of the topic, unless this
   * node already applied a later one (another node's).
   */
  private void remember(String path, long incarnation, long sequence, byte[] bytes) {
    Local local = locals.get(path);
    if (local != null
        && local.incarnation() == incarnation
        && local.topic().sequence() == sequence) {
      local.written = new Written(sequence, bytes);
    }
  }

  @Override
  public int remove(TopicMatcher matcher) {
    List<Topic> matched = new ArrayList<>();
    tree.forEachMatching(matcher, matched::add);
    int removed = 0;
    for (Topic topic : matched) {
      Local local = local(topic);
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

  private boolean removeRecord(String path, Local local) {
    while (true) {
      byte[] current = map.get(path);
      if (current == null || TopicRecord.incarnationOf(current) != local.incarnation()) {
        return false; // another node removed it first
      }
      if (map.remove(path, current)) {
        if (local.topic().specification().persistent()) {
          journal(TopicState.removal(path, local.incarnation()));
        }
        awaitRemoved(path, local.incarnation());
        return true;
      }
      retries.increment();
    }
  }

  /**
   * Applies a record (an event's, or the map's at start) to this node's tree, in order; {@code
   * force}: also one that went back (after a merge).
   *
   * @param replaced the record this one replaced (an update event's old value), or null: when this
   *     node missed exactly that one, it is applied first
   */
  private void applyRecord(String path, byte[] bytes, boolean force, byte[] replaced) {
    TopicRecord record = TopicRecord.decode(bytes);
    synchronized (stripe(path)) {
      Local local = locals.get(path);
      if (local != null
          && (local.incarnation() != record.incarnation() || force && behind(local, record))) {
        removeLocal(path, local); // removed and added again while this node was not looking
        local = null;
      }
      boolean known = local != null;
      if (!known) {
        // every node knows the adding session: its REMOVAL "this session closes" is watched on
        // its own node at its close, and on the others through the session directory
        tree.add(path, record.specification(), record.creator());
        local = new Local(record.incarnation(), tree.get(path));
        locals.put(path, local);
      }
      Written written = local.written;
      if (written != null && record.sequence() > written.sequence()) {
        local.written = null; // another node's: this node's hint is stale
      }
      if (record.sequence() > 0 && record.value() != null) {
        applyValue(path, local, known, record, replaced);
      }
    }
    wake();
  }

  /** Applies a record's value to a topic of this node's tree, under the topic's stripe. */
  private void applyValue(
      String path, Local local, boolean known, TopicRecord record, byte[] replaced) {
    Topic topic = local.topic();
    long before = topic.sequence();
    // a topic new here (loading at start) starts at its current number: no gap
    if (!known || record.sequence() <= before + 1) {
      subscriptions.apply(topic, record.value(), record.sequence());
      return;
    }
    if (replaced != null
        && TopicRecord.sequenceOf(replaced) == before + 1
        && record.sequence() == before + 2
        && TopicRecord.incarnationOf(replaced) == local.incarnation()) {
      TopicRecord missed = TopicRecord.decode(replaced);
      if (missed.value() != null) {
        subscriptions.apply(topic, missed.value(), missed.sequence());
        recovered.increment();
        LOG.log(
            System.Logger.Level.INFO,
            "topic {0}: the event of update {1} was lost (its partition owner left?); applied"
                + " from the event of update {2}",
            path,
            missed.sequence(),
            record.sequence());
        subscriptions.apply(topic, record.value(), record.sequence());
        return;
      }
    }
    if (subscriptions.applyAfterLoss(topic, record.value(), record.sequence(), before) != null) {
      gaps.increment();
      LOG.log(
          System.Logger.Level.WARNING,
          "topic {0}: update {1} applied after {2}; the updates between were lost (subscribers"
              + " told)",
          path,
          record.sequence(),
          before);
    }
  }

  /** Whether the local topic is past the record or differs from it at the same number. */
  private static boolean behind(Local local, TopicRecord record) {
    Topic topic = local.topic();
    return topic.sequence() > record.sequence()
        || topic.sequence() == record.sequence()
            && record.value() != null
            && !topic.specification().dontRetainValue()
            && !record.value().equals(topic.value());
  }

  private void applyRemoval(String path, byte[] old) {
    long incarnation = TopicRecord.incarnationOf(old);
    synchronized (stripe(path)) {
      Local local = locals.get(path);
      if (local != null && local.incarnation() == incarnation) {
        removeLocal(path, local);
      }
    }
    wake();
  }

  private void removeLocal(String path, Local local) {
    Topic topic = local.topic();
    tree.remove(
        new TopicMatcher() {
          @Override
          public String literalPrefix() {
            return path;
          }

          @Override
          public boolean matches(String candidate) {
            return candidate.equals(path) && tree.get(candidate) == topic;
          }
        });
    // last: a caller waiting for this removal (awaitRemoved) watches locals, and must find the
    // topic gone from the tree when it returns
    locals.remove(path, local);
  }

  /**
   * The Local of a topic of this node's tree, or null when it was removed or replaced. The event
   * thread adds a topic to the tree, then its Local, under the stripe: a caller that found the
   * topic in the tree in between reads again under the stripe, once the Local is in place.
   */
  private Local local(Topic topic) {
    String path = topic.path();
    Local local = locals.get(path);
    if (local == null || local.topic() != topic) {
      synchronized (stripe(path)) {
        local = locals.get(path);
      }
    }
    return local != null && local.topic() == topic ? local : null;
  }

  private Object stripe(String path) {
    return stripes[(path.hashCode() & 0x7fffffff) % STRIPES];
  }

  /** Waits until this node applied the topic's incarnation at {@code sequence} (or later). */
  private void awaitApplied(String path, long incarnation, long sequence) {
    await(new Waiter(path, incarnation, sequence, false));
  }

  /** Waits until this node no longer has the topic's incarnation. */
  private void awaitRemoved(String path, long incarnation) {
    await(new Waiter(path, incarnation, 0, true));
  }

  private void await(Waiter waiter) {
    if (waiter.done()) {
      return;
    }
    waiters.add(waiter);
    try {
      long deadline = System.nanoTime() + waitNanos;
      while (!waiter.done()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          LOG.log(
              System.Logger.Level.WARNING,
              "topic {0}: this node did not apply its own change within {1} ms",
              waiter.path,
              TimeUnit.NANOSECONDS.toMillis(waitNanos));
          return;
        }
        waiter.latch.await(
            Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
        if (!waiter.removal && !waiter.done()) {
          byte[] now;
          try {
            now = map.get(waiter.path);
          } catch (RuntimeException e) {
            if (!GridUnavailable.isUnavailable(e)) {
              throw e;
            }
            return; // the change is made; only this node's view lags (as after the wait)
          }
          if (now == null || TopicRecord.incarnationOf(now) != waiter.incarnation) {
            return; // removed since: nothing left to wait for
          }
          if (TopicRecord.sequenceOf(now) >= waiter.sequence && aheadBy(waiter.path, now) == 1) {
            // the next update here, decided: its event may be lost (the owner left), or late
            // (then it is a duplicate when it comes)
            applyRecord(waiter.path, now, false, null);
            if (waiter.done()) {
              recovered.increment();
            }
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waiters.remove(waiter);
    }
  }

  private void wake() {
    if (waiters.isEmpty()) {
      return;
    }
    for (Waiter waiter : waiters) {
      if (waiter.done()) {
        waiter.latch.countDown();
      }
    }
  }

  /** A call waiting for this node's tree to show its change. Equal by identity. */
  private final class Waiter {
    final String path;
    final long incarnation;
    final long sequence;
    final boolean removal;
    final CountDownLatch latch = new CountDownLatch(1);

    Waiter(String path, long incarnation, long sequence, boolean removal) {
      this.path = path;
      this.incarnation = incarnation;
      this.sequence = sequence;
      this.removal = removal;
    }

    boolean done() {
      Local local = locals.get(path);
      if (removal) {
        return local == null || local.incarnation() != incarnation;
      }
      return local != null
          && local.incarnation() == incarnation
          && local.topic().sequence() >= sequence;
    }
  }

  /** The map's events, on Hazelcast's event threads: one key's events in order on one thread. */
  private final class Events
      implements EntryAddedListener<String, byte[]>,
          EntryUpdatedListener<String, byte[]>,
          EntryRemovedListener<String, byte[]> {

    @Override
    public void entryAdded(EntryEvent<String, byte[]> event) {
      safely(event, () -> applyRecord(event.getKey(), event.getValue(), false, null));
    }

    @Override
    public void entryUpdated(EntryEvent<String, byte[]> event) {
      safely(
          event, () -> applyRecord(event.getKey(), event.getValue(), false, event.getOldValue()));
    }

    @Override
    public void entryRemoved(EntryEvent<String, byte[]> event) {
      safely(event, () -> applyRemoval(event.getKey(), event.getOldValue()));
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
