package dev.osmosis.subscribe;

import dev.osmosis.protocol.ServerFrames;
import dev.osmosis.session.Connection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection's bounded outbound queue with exactly one write in flight (docs/ARCHITECTURE.md, one
 * writer per connection). Producers only enqueue and never block; whoever finds the outbox idle
 * drains it, joining everything queued since the last write into one batch frame. A write that
 * completes on the calling thread does not recurse: the drain loop (a work-in-progress counter)
 * picks up the next batch.
 *
 * <p>Past {@code limit} queued messages, or {@code maxBytes} queued characters (each message's
 * length, known once it is encoded: one add per offer, one subtraction per write), the outbox
 * refuses more and reports overflow once, so the owner can close the session as a slow consumer.
 * Thread-safe.
 *
 * <p>Batching joins messages into one JSON array frame, which suits our own JSON protocol.
 * Connections whose clients expect each message as its own frame (ingress handlers send arbitrary
 * text) use {@link #unbatched}: the same bounded queue and single writer, one frame per message.
 */
public final class Outbox {

  /**
   * The transport's asynchronous write of one frame; must call {@code done} exactly once, on
   * success or failure.
   */
  @FunctionalInterface
  public interface Writer {
    void write(String frame, Runnable done);

    /**
     * Writes one frame made of {@code prefix}, {@code messages[0..count)} joined by commas and
     * {@code suffix} (a batch); same contract as {@link #write(String, Runnable)}. The array is
     * only read during the call. Writers that encode bytes override this to reuse each shared
     * message's encoding.
     */
    default void write(String prefix, String[] messages, int count, String suffix, Runnable done) {
      write(ServerFrames.join(prefix, messages, count, suffix), done);
    }
  }

  private static final int MAX_BATCH_MESSAGES = 64;

  /**
   * Drain turns {@link #offerDirect} may run on the caller before handing the rest to the executor.
   */
  static final int DIRECT_TURNS = 3;

  private final Writer writer;
  private final Executor executor;
  private final boolean batching;
  private final int limit;
  private final long maxBytes;
  private final int maxBatchChars;
  private final Runnable onOverflow;

  /**
   * Queued messages by delivery priority ({@link Connection#HIGH}, {@link Connection#DEFAULT},
   * {@link Connection#LOW}; a topic's PRIORITY): a {@code String}, or a {@link Slot} whose message
   * a newer value of its topic may replace. A writer takes from the highest lane that has
   * something; each lane keeps its order.
   */
  private final ConcurrentLinkedQueue<Object> high = new ConcurrentLinkedQueue<>();

  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Object> low = new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap<Long, Slot> pending = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();

  /** Characters of the queued messages (a conflated slot counts its latest message). */
  private final AtomicLong bytes = new AtomicLong();

  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicBoolean overflowed = new AtomicBoolean();
  private volatile boolean inFlight;
  private volatile boolean shutdown;
  private volatile Runnable afterLast;

  /**
   * @param limit most messages queued at once
   * @param maxBatchChars a batch stops growing past this many characters (a single larger message
   *     still goes)
   * @param onOverflow run once when an offer finds the queue full
   */
  public Outbox(Writer writer, int limit, int maxBatchChars, Runnable onOverflow) {
    this(writer, Runnable::run, true, limit, Long.MAX_VALUE, maxBatchChars, onOverflow);
  }

  /**
   * An outbox whose writes run on {@code executor}, never on the thread that offers: a publisher
   * fanning one update out to many sessions only enqueues, and the writer threads pay for the
   * writes.
   */
  public Outbox(
      Writer writer, Executor executor, int limit, int maxBatchChars, Runnable onOverflow) {
    this(writer, executor, true, limit, Long.MAX_VALUE, maxBatchChars, onOverflow);
  }

  /**
   * An outbox with a budget of {@code maxBytes} queued characters besides its {@code limit} of
   * messages.
   */
  public Outbox(
      Writer writer,
      Executor executor,
      int limit,
      long maxBytes,
      int maxBatchChars,
      Runnable onOverflow) {
    this(writer, executor, true, limit, maxBytes, maxBatchChars, onOverflow);
  }

  /** An outbox that writes every message as its own frame, never joined into a batch. */
  public static Outbox unbatched(Writer writer, int limit, Runnable onOverflow) {
    return new Outbox(
        writer, Runnable::run, false, limit, Long.MAX_VALUE, Integer.MAX_VALUE, onOverflow);
  }

  /**
   * An unbatched outbox whose writes run on {@code executor}, with a budget of {@code maxBytes}
   * queued characters.
   */
  public static Outbox unbatched(
      Writer writer, Executor executor, int limit, long maxBytes, Runnable onOverflow) {
    return new Outbox(writer, executor, false, limit, maxBytes, Integer.MAX_VALUE, onOverflow);
  }

  /** An unbatched outbox whose writes run on {@code executor}. */
  public static Outbox unbatched(Writer writer, Executor executor, int limit, Runnable onOverflow) {
    return new Outbox(
        writer, executor, false, limit, Long.MAX_VALUE, Integer.MAX_VALUE, onOverflow);
  }

  private Outbox(
      Writer writer,
      Executor executor,
      boolean batching,
      int limit,
      long maxBytes,
      int maxBatchChars,
      Runnable onOverflow) {
    this.writer = writer;
    this.executor = executor;
    this.batching = batching;
    this.limit = limit;
    this.maxBytes = maxBytes;
    this.maxBatchChars = maxBatchChars;
    this.onOverflow = onOverflow;
  }

  /**
   * Queues one encoded message; false if the outbox is shut down or full (overflow reported once).
   */
  public boolean offer(String message) {
    return offer(message, Connection.DEFAULT);
  }

  /** Queues one encoded message with a delivery priority ({@link Connection#send(String, int)}). */
  public boolean offer(String message, int priority) {
    if (shutdown || !reserve(message.length())) {
      return false;
    }
    lane(priority).add(message);
    drain();
    return true;
  }

  /**
   * Queues one message and runs {@code taken} once it leaves the queue: taken by the writer,
   * dropped by {@link #shutdown}, or refused here (then before this returns false). Lets the owner
   * count its replies in flight.
   */
  public boolean offer(String message, Runnable taken) {
    if (shutdown || !reserve(message.length())) {
      taken.run();
      return false;
    }
    queue.add(new Tracked(message, taken));
    drain();
    return true;
  }

  private ConcurrentLinkedQueue<Object> lane(int priority) {
    return priority == Connection.DEFAULT ? queue : priority == Connection.HIGH ? high : low;
  }

  /**
   * Queues one message and, if no drain is running, writes on the calling thread (a few turns at
   * most: the turn after a write that completed at once, and little more; anything left goes back
   * to the executor). For single-target replies from a thread that is not fanning out: saves a
   * hand-off to a writer thread. False like {@link #offer}.
   */
  public boolean offerDirect(String message) {
    if (shutdown || !reserve(message.length())) {
      return false;
    }
    queue.add(message);
    if (wip.getAndIncrement() == 0) {
      int turns = 0;
      do {
        if (++turns > DIRECT_TURNS) {
          executor.execute(this::drainLoop); // it owns the remaining turns
          return true;
        }
        step();
      } while (wip.decrementAndGet() != 0);
    }
    return true;
  }

  /**
   * Counts one more queued message of {@code chars} characters, or reports overflow (once) and
   * refuses.
   */
  private boolean reserve(int chars) {
    if (size.incrementAndGet() > limit | bytes.addAndGet(chars) > maxBytes) {
      size.decrementAndGet();
      bytes.addAndGet(-chars);
      if (overflowed.compareAndSet(false, true)) {
        onOverflow.run();
      }
      return false;
    }
    return true;
  }

  /**
   * Queues a topic value that may be conflated (docs/ARCHITECTURE.md, one writer per connection):
   * if a value of the same topic ({@code key}) is still waiting here, it is replaced in place by
   * {@code full} — the session falls behind but receives the latest value, and the queue does not
   * grow. Otherwise {@code message} is queued (it may be a delta: nothing of that topic is pending,
   * so the client holds the value the delta applies to). Offers for one key must not race each
   * other (the topic's order serialises them).
   *
   * @return false if the outbox is shut down or full
   */
  public boolean offerConflated(Long key, String message, String full) {
    return offerConflated(key, message, full, Connection.DEFAULT);
  }

  /**
   * {@link #offerConflated(Long, String, String)} with the topic's delivery priority (the same for
   * every offer).
   */
  public boolean offerConflated(Long key, String message, String full, int priority) {
    if (shutdown) {
      return false;
    }
    Slot slot = pending.get(key);
    if (slot != null && slot.replace(full)) {
      return true;
    }
    if (!reserve(message.length())) {
      return false;
    }
    Slot fresh = new Slot(key, message);
    pending.put(key, fresh);
    lane(priority).add(fresh);
    drain();
    return true;
  }

  /**
   * Drops the value of topic {@code key} still waiting here, if any (TIDY_ON_UNSUBSCRIBE: a session
   * that leaves a topic is not sent its stale queued value). A value already being written is not
   * recalled.
   */
  public void discard(long key) {
    Slot slot = pending.get(key);
    if (slot != null) {
      slot.discard();
    }
  }

  /** Messages waiting, not counting the one being written. */
  public int backlog() {
    return size.get();
  }

  /** Characters of the messages waiting, not counting the one being written. */
  public long backlogBytes() {
    return bytes.get();
  }

  /** A queued message whose owner wants to know when it leaves the queue. */
  private record Tracked(String message, Runnable taken) {
    String take() {
      taken.run();
      return message;
    }
  }

  /** A conflatable queue entry: replaced until a writer takes it. */
  private final class Slot {
    final long key;
    private String message;
    private boolean taken;

    Slot(long key, String message) {
      this.key = key;
      this.message = message;
    }

    synchronized boolean replace(String newer) {
      if (taken) {
        return false;
      }
      bytes.addAndGet(newer.length() - message.length());
      message = newer;
      return true;
    }

    synchronized String take() {
      taken = true;
      pending.remove(key, this);
      return message;
    }

    synchronized void discard() {
      if (!taken) {
        taken = true;
        bytes.addAndGet(-message.length());
        message = null;
        pending.remove(key, this);
      }
    }
  }

  /**
   * Drops what is still queued, sends {@code last} as the final message and then runs {@code then}
   * (typically closing the transport). Later offers are refused. Only the first call has an effect.
   */
  public void shutdown(String last, Runnable then) {
    if (shutdown) {
      return;
    }
    shutdown = true;
    afterLast = then;
    for (ConcurrentLinkedQueue<Object> lane : java.util.List.of(high, queue, low)) {
      Object entry;
      while ((entry = lane.poll()) != null) {
        size.decrementAndGet();
        String dropped = message(entry);
        if (dropped != null) {
          bytes.addAndGet(-dropped.length());
        }
      }
    }
    pending.clear();
    if (last != null) {
      size.incrementAndGet();
      bytes.addAndGet(last.length());
      queue.add(last);
    }
    drain();
  }

  /**
   * Refuses later offers, writes everything already queued, then runs {@code then} (a graceful
   * close: what a handler sent before closing still arrives). Has no effect after {@link #shutdown}
   * or a first call.
   */
  public void finish(Runnable then) {
    if (shutdown) {
      return;
    }
    shutdown = true;
    afterLast = then;
    drain();
  }

  public int size() {
    return size.get();
  }

  private void drain() {
    if (wip.getAndIncrement() == 0) {
      executor.execute(this::drainLoop);
    }
  }

  /** Runs while anyone asked for a drain since it started: never two at once, never recursive. */
  private void drainLoop() {
    do {
      step();
    } while (wip.decrementAndGet() != 0);
  }

  /** One turn of the drain: start the next write if none is in flight, or finish a shutdown. */
  private void step() {
    if (!inFlight) {
      String first = poll();
      if (first != null) {
        inFlight = true;
        String second = batching ? poll() : null;
        if (second == null) {
          bytes.addAndGet(-first.length());
          writer.write(first, this::written);
        } else {
          writeBatch(first, second);
        }
      } else if (shutdown) {
        Runnable then = afterLast;
        afterLast = null;
        if (then != null) {
          then.run();
        }
      }
    }
  }

  private void written() {
    inFlight = false;
    drain();
  }

  /** Everything queued (up to the batch limits) as one JSON array frame. */
  private void writeBatch(String first, String second) {
    String[] batch = new String[Math.min(MAX_BATCH_MESSAGES, 2 + size.get())];
    batch[0] = first;
    batch[1] = second;
    int n = 2;
    int chars = first.length() + second.length();
    String next;
    while (n < batch.length && chars < maxBatchChars && (next = poll()) != null) {
      batch[n++] = next;
      chars += next.length();
    }
    bytes.addAndGet(-chars);
    writer.write("[", batch, n, "]", this::written);
  }

  private String poll() {
    while (true) {
      Object entry = high.poll();
      if (entry == null) {
        entry = queue.poll();
        if (entry == null) {
          entry = low.poll();
          if (entry == null) {
            return null;
          }
        }
      }
      size.decrementAndGet();
      String message = message(entry);
      if (message != null) {
        return message; // a discarded slot has none: skip it
      }
    }
  }

  /** Takes a queue entry's message (null for a discarded slot). */
  private static String message(Object entry) {
    return entry instanceof String s
        ? s
        : entry instanceof Slot slot ? slot.take() : ((Tracked) entry).take();
  }
}
