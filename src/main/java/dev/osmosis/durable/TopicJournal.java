package dev.osmosis.durable;

import dev.osmosis.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The write-behind between the topic tree and the {@link TopicStore} (docs/PERSISTENCE.md "Write
 * path"). Every decided change of a persistent topic is handed to it; it keeps only the latest per
 * topic (a map entry replaced: the publisher allocates nothing else and never waits), and one
 * flusher thread writes what is pending at most {@code flushMillis} after a change (plus the one
 * write in progress).
 *
 * <ul>
 *   <li><b>Slices spread over the window.</b> Every half window ({@code flushMillis / 2}) the
 *       flusher takes what is pending and writes it in slices of at most {@code sliceRows} topics,
 *       each slice one transaction, the slices spaced evenly over the next half window: so the
 *       write is not one burst that holds the core the fan-out shares, and a change waits at most
 *       half a window to be taken and half a window (plus one slice) to be written. When the store
 *       is behind, the slices follow each other without a pause.
 *   <li><b>Coalescing.</b> A topic updated many times between two flushes is written once, with its
 *       latest value; a topic added and removed between two flushes is written as its removal.
 *   <li><b>Bounded.</b> The backlog is one entry per topic with an unwritten change, so it is
 *       bounded by the number of topics; past {@code maxBacklog} entries (the store is down and
 *       topics keep being added), a change of a topic that has no pending entry is dropped and
 *       counted, and the health is {@link State#DOWN} for the rest of the run.
 *   <li><b>Failures.</b> A batch the store refuses is kept (a newer change of the same topic wins)
 *       and retried with back-off, from {@code flushMillis} doubling up to {@link
 *       #MAX_BACKOFF_MILLIS}; meanwhile the health is {@link State#DEGRADED} with the reason and
 *       the backlog. When the store is back, the latest state of every pending topic is written.
 *   <li><b>Orderly stop.</b> {@link #close()} writes everything pending before it returns (retrying
 *       up to a deadline).
 * </ul>
 *
 * Thread-safe.
 */
public final class TopicJournal implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TopicJournal.class.getName());

  /**
   * The most topics written in one transaction unless configured ({@code
   * osmosis.persistence.sliceRows}; docs/BENCHMARKS.md#persistence-slices).
   */
  public static final int DEFAULT_SLICE_ROWS = 100;

  /** The longest pause between two attempts while the store fails. */
  static final long MAX_BACKOFF_MILLIS = 5_000;

  /** How long {@link #close()} keeps trying to write what is pending. */
  static final Duration CLOSE_DEADLINE = Duration.ofSeconds(10);

  /** The journal's health. */
  public enum State {
    /** Everything written within the flush delay. */
    OK,
    /** The store fails: changes wait in the (bounded) backlog and are retried. */
    DEGRADED,
    /** Changes were dropped (the backlog was full): the store is behind the topics. */
    DOWN
  }

  /**
   * What {@code /health/ready} reports.
   *
   * @param reason why not OK, or null
   * @param backlog topics with a change not written yet
   * @param dropped changes dropped because the backlog was full
   * @param written topic rows written (and removals) since start
   * @param failures failed attempts to write since start
   * @param writes transactions (slices) written since start
   * @param writeMicros their time in total, µs
   * @param writeCpuMicros the flusher's CPU time in them, µs
   * @param writeTimes their count by duration: up to 125 µs, 250 µs, ... 64 ms, longer (each bound
   *     twice the previous one)
   */
  public record Health(
      State state,
      String reason,
      long backlog,
      long dropped,
      long written,
      long failures,
      long writes,
      long writeMicros,
      long writeCpuMicros,
      long[] writeTimes) {}

  private final TopicStore store;
  private final ThreadFactory threads;
  private final long periodNanos;
  private final long flushMillis;
  private final int sliceRows;
  private final WriteTimes times = new WriteTimes();
  private final long maxBacklog;
  private final long incarnationBase = ThreadLocalRandom.current().nextLong();

  /** Per path: the live {@link Topic} (one server: read when flushed) or a {@link TopicState}. */
  private final ConcurrentHashMap<String, Object> pending = new ConcurrentHashMap<>();

  /** The stored incarnations of the restored topics still there, by topic id. */
  private final ConcurrentHashMap<Long, Long> restored = new ConcurrentHashMap<>();

  private final LongAdder dropped = new LongAdder();
  private final LongAdder written = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private volatile String failure; // why the last attempt failed, while it does; else null
  private volatile boolean signalled;
  private volatile boolean running;
  private volatile Thread flusher;

  /**
   * @param flushMillis the most a change waits before it is written ({@code
   *     osmosis.persistence.flushMillis}), at least 1
   * @param maxBacklog the most topics with unwritten changes ({@code
   *     osmosis.persistence.maxBacklog}), at least 1
   */
  public TopicJournal(TopicStore store, long flushMillis, long maxBacklog) {
    this(store, flushMillis, maxBacklog, DEFAULT_SLICE_ROWS);
  }

  /**
   * As {@link #TopicJournal(TopicStore, long, long)}, with at most {@code sliceRows} topics per
   * transaction ({@code osmosis.persistence.sliceRows}, at least 1).
   */
  public TopicJournal(TopicStore store, long flushMillis, long maxBacklog, int sliceRows) {
    this(
        store,
        flushMillis,
        maxBacklog,
        sliceRows,
        runnable -> {
          Thread thread = new Thread(runnable);
          thread.setDaemon(true);
          return thread;
        });
  }

  /**
   * As {@link #TopicJournal(TopicStore, long, long, int)}, with the flusher thread from {@code
   * threads} (the container's managed thread factory, so that the store's transactions work on it).
   */
  public TopicJournal(
      TopicStore store, long flushMillis, long maxBacklog, int sliceRows, ThreadFactory threads) {
    if (flushMillis < 1 || maxBacklog < 1 || sliceRows < 1) {
      throw new IllegalArgumentException(
          "flushMillis, maxBacklog and sliceRows must be at least 1");
    }
    this.store = store;
    this.threads = threads;
    this.flushMillis = flushMillis;
    this.periodNanos = TimeUnit.MILLISECONDS.toNanos(flushMillis) / 2;
    this.sliceRows = sliceRows;
    this.maxBacklog = maxBacklog;
  }

  /** Starts the flusher thread; call once. */
  public synchronized void start() {
    if (flusher != null) {
      throw new IllegalStateException("already started");
    }
    running = true;
    Thread thread = threads.newThread(this::run);
    thread.setName("osmosis-persistence");
    flusher = thread;
    thread.start();
  }

  /**
   * A topic of this server's tree was added or updated (one server, the grid off): its state is
   * read when it is written, so only the latest is. Nothing for a topic that is not persistent.
   */
  public void changed(Topic topic) {
    // the usual case between two flushes: the topic is pending already (a lock-free read)
    if (topic.specification().persistent() && pending.get(topic.path()) != topic) {
      enqueue(topic.path(), topic);
    }
  }

  /**
   * A topic's state as decided (on the grid, by this node), or its removal. Nothing for a state of
   * a topic that is not persistent.
   */
  public void changed(TopicState state) {
    if (state.removed() || state.specification().persistent()) {
      enqueue(state.path(), state);
    }
  }

  /** A topic of this server's tree was removed (one server). */
  public void removed(Topic topic) {
    if (topic.specification().persistent()) {
      enqueue(topic.path(), TopicState.removal(topic.path(), incarnation(topic)));
      restored.remove(topic.id());
    }
  }

  /**
   * A topic of this server's tree was restored from the store: it keeps the incarnation it was
   * stored with (so that its removal deletes its row).
   */
  public void restored(Topic topic, long incarnation) {
    restored.put(topic.id(), incarnation);
  }

  /**
   * The incarnation a topic of this server's tree is stored with: the stored one for a restored
   * topic, else a number new with every run.
   */
  public long incarnation(Topic topic) {
    Long kept = restored.get(topic.id());
    return kept != null ? kept : incarnationBase + topic.id();
  }

  private void enqueue(String path, Object entry) {
    if (pending.put(path, entry) != null) {
      return; // replaced a pending change: already counted and signalled
    }
    if (pending.mappingCount() > maxBacklog && pending.remove(path, entry)) {
      dropped.increment();
      if (dropped.sum() == 1) {
        LOG.log(
            System.Logger.Level.ERROR,
            "persistence backlog full ({0} topics, osmosis.persistence.maxBacklog): changes are"
                + " dropped and the store falls behind the topics (first: {1})",
            maxBacklog,
            path);
      }
      return;
    }
    if (!signalled) {
      signalled = true;
      LockSupport.unpark(flusher);
    }
  }

  /** The health now. */
  public Health health() {
    long backlog = pending.mappingCount();
    long lost = dropped.sum();
    String failing = failure;
    State state = lost > 0 ? State.DOWN : failing != null ? State.DEGRADED : State.OK;
    String reason = null;
    if (lost > 0) {
      reason =
          lost
              + " changes not persisted: the backlog reached osmosis.persistence.maxBacklog ("
              + maxBacklog
              + ")"
              + (failing == null ? "" : "; " + failing);
    } else if (failing != null) {
      reason = failing;
    }
    return new Health(
        state,
        reason,
        backlog,
        lost,
        written.sum(),
        failures.sum(),
        times.writes(),
        times.micros(),
        times.cpuMicros(),
        times.counts());
  }

  /** One pass without pauses between the slices (tests; the stop). */
  int flush() {
    return flush(0);
  }

  /**
   * One pass: takes every pending change (the latest per topic) and writes it, at most {@code
   * sliceRows} per transaction, the slices spread evenly over {@code spreadNanos} (0: one after the
   * other; the pauses end when the journal stops). On a failure the slice goes back to the backlog
   * (unless a newer change of its topic came meanwhile), what was not taken stays, and the store's
   * exception is thrown.
   *
   * @return the entries written
   */
  int flush(long spreadNanos) {
    long began = System.nanoTime();
    long slices = Math.max(1, (pending.mappingCount() + sliceRows - 1) / sliceRows);
    long gap = spreadNanos / slices;
    int total = 0;
    int slice = 0;
    List<Object> taken = new ArrayList<>();
    List<TopicState> batch = new ArrayList<>();
    Iterator<String> paths = pending.keySet().iterator();
    while (paths.hasNext()) {
      if (batch.isEmpty() && slice > 0 && slice < slices) {
        pauseUntil(began + slice * gap); // the states are read after the pause: the latest
      }
      Object entry = pending.remove(paths.next());
      TopicState state = entry == null ? null : state(entry);
      if (state == null) {
        continue; // taken by a concurrent pass, or a topic removed meanwhile: its removal follows
      }
      taken.add(entry);
      batch.add(state);
      if (batch.size() == sliceRows) {
        total += write(taken, batch);
        slice++;
      }
    }
    if (!batch.isEmpty()) {
      total += write(taken, batch);
    }
    return total;
  }

  private void pauseUntil(long deadline) {
    long wait;
    while (running && (wait = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(this, wait);
    }
  }

  private int write(List<Object> taken, List<TopicState> batch) {
    int n = batch.size();
    try {
      long began = System.nanoTime();
      long cpu = times.cpuNanos();
      store.write(List.copyOf(batch));
      times.record(System.nanoTime() - began, cpu < 0 ? -1 : times.cpuNanos() - cpu);
    } catch (RuntimeException e) {
      for (Object entry : taken) {
        pending.putIfAbsent(path(entry), entry);
      }
      throw e;
    } finally {
      taken.clear();
      batch.clear();
    }
    written.add(n);
    return n;
  }

  private TopicState state(Object entry) {
    if (entry instanceof TopicState state) {
      return state;
    }
    Topic topic = (Topic) entry;
    TopicState[] read = new TopicState[1];
    // value and sequence as one: read in the topic's order
    topic.ordered(
        () -> {
          if (!topic.isRemoved()) {
            read[0] =
                TopicState.of(
                    topic.path(),
                    incarnation(topic),
                    topic.specification(),
                    topic.value(),
                    topic.sequence());
          }
        });
    return read[0];
  }

  private static String path(Object entry) {
    return entry instanceof TopicState state ? state.path() : ((Topic) entry).path();
  }

  /** The pause before the next attempt after {@code previous} (0: the first failure). */
  static long backoffMillis(long previous, long flushMillis) {
    return previous == 0 ? flushMillis : Math.min(previous * 2, MAX_BACKOFF_MILLIS);
  }

  /**
   * One attempt to write everything pending now, as the flusher makes it, with its bookkeeping (the
   * health): answers true if everything taken was written, false (the health says why) if the store
   * failed. For tests and tools; the flusher needs no help.
   */
  public boolean flushNow() {
    return attempt(0);
  }

  private boolean attempt(long spreadNanos) {
    try {
      int n = flush(spreadNanos);
      if (failure != null) {
        LOG.log(
            System.Logger.Level.WARNING,
            "persistence recovered: the store accepts writes again ({0} written in this pass)",
            n);
        failure = null;
      }
      return true;
    } catch (RuntimeException e) {
      failures.increment();
      String reason = "the store fails: " + describe(e) + "; retrying with back-off";
      if (failure == null) {
        LOG.log(
            System.Logger.Level.ERROR,
            "persistence failing, updates keep flowing and wait in the backlog: " + describe(e),
            e);
      }
      failure = reason;
      return false;
    }
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    String first = message == null ? "" : message.lines().findFirst().orElse("");
    return root.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
  }

  private void run() {
    long backoff = 0;
    long next = System.nanoTime() + periodNanos;
    while (running) {
      if (pending.isEmpty()) {
        signalled = false;
        if (pending.isEmpty()) {
          LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
        }
        next = System.nanoTime() + periodNanos;
        continue;
      }
      long wait;
      while (running && (wait = next - System.nanoTime()) > 0) {
        LockSupport.parkNanos(this, wait);
      }
      if (!running) {
        return;
      }
      long began = System.nanoTime();
      if (attempt(periodNanos)) {
        backoff = 0;
        // a change waits at most half a window to be taken, and is written within the next half
        next = began + periodNanos;
      } else {
        backoff = backoffMillis(backoff, flushMillis);
        next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
      }
    }
  }

  /**
   * Stops the flusher and writes everything pending, retrying until {@link #CLOSE_DEADLINE}; logs
   * what could not be written.
   */
  @Override
  public void close() {
    Thread thread;
    synchronized (this) {
      running = false;
      thread = flusher;
    }
    if (thread != null) {
      LockSupport.unpark(thread);
      try {
        thread.join(CLOSE_DEADLINE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    long deadline = System.nanoTime() + CLOSE_DEADLINE.toNanos();
    long backoff = 0;
    while (!pending.isEmpty() && !attempt(0)) {
      backoff = backoffMillis(backoff, flushMillis);
      if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff) > deadline) {
        LOG.log(
            System.Logger.Level.ERROR,
            "persistence: {0} topic changes could not be written before the stop ({1})",
            pending.mappingCount(),
            failure);
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
    }
    LOG.log(System.Logger.Level.INFO, "persistence: every topic change written at the stop");
  }

  /** The pending entries, for tests. */
  Map<String, Object> pending() {
    return pending;
  }
}
