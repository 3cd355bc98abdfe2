package dev.osmosis.grid;

import com.hazelcast.map.IMap;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicMatcher;
import dev.osmosis.topic.TopicTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * This node's replica of the grid's topics map (docs/CLUSTER.md "Topics"): applies the map's
 * records to this node's {@link TopicTree} in each topic's order, recovers the updates whose events
 * were lost ("When an event is lost"), and lets a caller wait until this node shows its own change.
 * {@link GridTopics} decides the changes and feeds this class the map's events. Thread-safe: one
 * topic's records are applied under its stripe's lock.
 */
final class GridTopicReplica {
  private static final System.Logger LOG = System.getLogger(GridTopics.class.getName());
  private static final int STRIPES = 64;
  private static final long SETTLE_MILLIS = 2_000;

  private final IMap<String, byte[]> map;
  private final TopicTree tree;
  private final Subscriptions subscriptions;
  private final long waitNanos;
  private final ConcurrentHashMap<String, Local> locals = new ConcurrentHashMap<>();
  private final Object[] stripes = new Object[STRIPES];
  private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
  private final LongAdder gaps = new LongAdder();
  private final LongAdder recovered = new LongAdder();

  GridTopicReplica(IMap<String, byte[]> map, Subscriptions subscriptions, long waitNanos) {
    this.map = map;
    this.subscriptions = subscriptions;
    this.tree = subscriptions.tree();
    this.waitNanos = waitNanos;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
  }

  /**
   * A topic of this node's tree, the incarnation of the record it replicates, and the record this
   * node last stored for it ({@link #written}) while no later one is known here.
   */
  static final class Local {
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
  record Written(long sequence, byte[] bytes) {}

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

  /**
   * Updates this node applied from a read of the map or from the next update's event instead of
   * their own event (lost with a partition owner that left, or late: then it is a duplicate).
   */
  long recovered() {
    return recovered.sum();
  }

  /**
   * Updates applied with a number past the next: values this node's subscribers never saw (and were
   * told so).
   */
  long gaps() {
    return gaps.sum();
  }

  /**
   * Keeps the record this node stored as the hint for its next update of the topic, unless this
   * node already applied a later one (another node's).
   */
  void remember(String path, long incarnation, long sequence, byte[] bytes) {
    Local local = locals.get(path);
    if (local != null
        && local.incarnation() == incarnation
        && local.topic().sequence() == sequence) {
      local.written = new Written(sequence, bytes);
    }
  }

  /**
   * Applies a record (an event's, or the map's at start) to this node's tree, in order; {@code
   * force}: also one that went back (after a merge).
   *
   * @param replaced the record this one replaced (an update event's old value), or null: when this
   *     node missed exactly that one, it is applied first
   */
  void applyRecord(String path, byte[] bytes, boolean force, byte[] replaced) {
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

  void applyRemoval(String path, byte[] old) {
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
  Local local(Topic topic) {
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
  void awaitApplied(String path, long incarnation, long sequence) {
    await(new Waiter(path, incarnation, sequence, false));
  }

  /** Waits until this node no longer has the topic's incarnation. */
  void awaitRemoved(String path, long incarnation) {
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
}
