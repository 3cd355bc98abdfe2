package dev.osmosis.connection;

import dev.osmosis.meter.Outbound;
import dev.osmosis.session.Connection;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outbound queue engine of every connection (docs/ARCHITECTURE.md, one writer per connection):
 * bounded, prioritised ({@link Lanes}), conflating, batching, with exactly one write in flight to a
 * {@link FrameSink}. Producers only enqueue and never block; whoever finds the outbox idle drains
 * it, joining up to {@value #MAX_BATCH_MESSAGES} messages queued since the last write into one
 * batch frame. A write that completes on the calling thread does not recurse: the drain loop (a
 * work-in-progress counter) picks up the next batch.
 *
 * <p>Past {@code limit} queued messages, or {@code maxBytes} queued characters (each message's
 * length, known once it is encoded: one add per offer, one subtraction per write), the outbox
 * refuses more and reports overflow once, so the owner can close the session as a slow consumer.
 * Thread-safe.
 *
 * <p>Batching joins messages into one JSON array frame, which suits our own JSON protocol.
 * Connections whose clients expect each message as its own frame (ingress handlers send arbitrary
 * text) use {@link #unbatched}: the same bounded queue, single writer and draining, one frame per
 * message, and what queued behind the write in flight goes as that many frames in one write ({@link
 * FrameSink#writeEach}, up to {@value #MAX_BATCH_MESSAGES} frames or about {@value
 * #MAX_FRAMES_CHARS} characters). A sequenced session puts a {@link Layer} between the queue and
 * its transports (numbering, envelopes, the recovery buffer): the queue, its admission and its
 * drain stay this one.
 */
public final class Outbox {

  /**
   * A layer between the queue and the transport that frames what the queue yields its own way and
   * may write frames of its own first (a sequenced session's envelopes, replays and control frames,
   * {@code connection.ReliableConnection}). It keeps the one write in flight itself and asks for
   * the next turn with {@link #kick}.
   */
  public interface Layer {
    /**
     * One drain turn (never two at once): starts the next write if none is in flight, taking the
     * queue's messages with {@link #take}, or does nothing (no transport: the queue holds).
     */
    void step(Outbox outbox);

    /**
     * Whether one more message is refused, the queue then holding {@code queued} messages of {@code
     * queuedChars} characters (the new one included). Called on every offer: no lock, no
     * allocation.
     */
    boolean refuses(int queued, long queuedChars);
  }

  /** Most messages one frame carries (a batch, or a sequenced envelope). */
  public static final int MAX_BATCH_MESSAGES = 64;

  /**
   * An unbatched outbox's group of frames written at once stops growing past this many characters
   * (a single larger message still goes): the group stays within the direct write route's limit.
   */
  public static final int MAX_FRAMES_CHARS = 32 * 1024;

  /**
   * Drain turns {@link #offerDirect} may run on the caller before handing the rest to the executor.
   */
  static final int DIRECT_TURNS = 3;

  private final FrameSink writer;
  private final Layer layer;
  private final Executor executor;
  private final boolean batching;
  private final int limit;
  private final long maxBytes;
  private final int maxBatchChars;
  private final Runnable onOverflow;
  private final Lanes lanes = new Lanes();
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicBoolean overflowed = new AtomicBoolean();

  /** The deepest this queue has been (messages); written racily by offers, read by them only. */
  private int peak;

  private final Runnable written = this::written;

  /** The drain handed to the executor: one object for the outbox's life, not one per hand-off. */
  private final Runnable drainLoop = this::drainLoop;

  private volatile boolean inFlight;
  private volatile boolean shutdown;
  private volatile Runnable afterLast;

  /**
   * @param limit most messages queued at once
   * @param maxBatchChars a batch stops growing past this many characters (a single larger message
   *     still goes)
   * @param onOverflow run once when an offer finds the queue full
   */
  public Outbox(FrameSink writer, int limit, int maxBatchChars, Runnable onOverflow) {
    this(writer, null, Runnable::run, true, limit, Long.MAX_VALUE, maxBatchChars, onOverflow);
  }

  /**
   * An outbox whose writes run on {@code executor}, never on the thread that offers: a publisher
   * fanning one update out to many sessions only enqueues, and the writer threads pay for the
   * writes.
   */
  public Outbox(
      FrameSink writer, Executor executor, int limit, int maxBatchChars, Runnable onOverflow) {
    this(writer, null, executor, true, limit, Long.MAX_VALUE, maxBatchChars, onOverflow);
  }

  /**
   * An outbox with a budget of {@code maxBytes} queued characters besides its {@code limit} of
   * messages.
   */
  public Outbox(
      FrameSink writer,
      Executor executor,
      int limit,
      long maxBytes,
      int maxBatchChars,
      Runnable onOverflow) {
    this(writer, null, executor, true, limit, maxBytes, maxBatchChars, onOverflow);
  }

  /**
   * An outbox drained through {@code layer} (which writes and frames; the queue's limits are its
   * {@link Layer#refuses}), on {@code executor}.
   */
  public Outbox(Layer layer, Executor executor, Runnable onOverflow) {
    this(null, layer, executor, true, 0, 0, 0, onOverflow);
  }

  /** An outbox that writes every message as its own frame, never joined into a batch. */
  public static Outbox unbatched(FrameSink writer, int limit, Runnable onOverflow) {
    return new Outbox(
        writer, null, Runnable::run, false, limit, Long.MAX_VALUE, MAX_FRAMES_CHARS, onOverflow);
  }

  /**
   * An unbatched outbox whose writes run on {@code executor}, with a budget of {@code maxBytes}
   * queued characters.
   */
  public static Outbox unbatched(
      FrameSink writer, Executor executor, int limit, long maxBytes, Runnable onOverflow) {
    return new Outbox(writer, null, executor, false, limit, maxBytes, MAX_FRAMES_CHARS, onOverflow);
  }

  /** An unbatched outbox whose writes run on {@code executor}. */
  public static Outbox unbatched(
      FrameSink writer, Executor executor, int limit, Runnable onOverflow) {
    return new Outbox(
        writer, null, executor, false, limit, Long.MAX_VALUE, MAX_FRAMES_CHARS, onOverflow);
  }

  private Outbox(
      FrameSink writer,
      Layer layer,
      Executor executor,
      boolean batching,
      int limit,
      long maxBytes,
      int maxBatchChars,
      Runnable onOverflow) {
    this.writer = writer;
    this.layer = layer;
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
    lanes.add(message, priority);
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
    lanes.addTracked(message, taken);
    drain();
    return true;
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
    lanes.add(message, Connection.DEFAULT);
    if (wip.getAndIncrement() == 0) {
      int turns = 0;
      do {
        if (++turns > DIRECT_TURNS) {
          executor.execute(drainLoop); // it owns the remaining turns
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
    int queued = lanes.size.incrementAndGet();
    long queuedChars = lanes.chars.addAndGet(chars);
    if (layer == null
        ? queued > limit | queuedChars > maxBytes
        : layer.refuses(queued, queuedChars)) {
      lanes.size.decrementAndGet();
      lanes.chars.addAndGet(-chars);
      Outbound.TOTALS.drop(1);
      if (overflowed.compareAndSet(false, true)) {
        onOverflow.run();
      }
      return false;
    }
    if (queued > peak) { // a plain field, racy on purpose: at most one accumulate per new depth
      peak = queued;
      Outbound.TOTALS.queueReached(queued);
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
    if (lanes.replace(key, full)) {
      Outbound.TOTALS.conflate();
      return true;
    }
    if (!reserve(message.length())) {
      return false;
    }
    lanes.addConflatable(key, message, priority);
    drain();
    return true;
  }

  /**
   * Drops the value of topic {@code key} still waiting here, if any (TIDY_ON_UNSUBSCRIBE: a session
   * that leaves a topic is not sent its stale queued value). A value already being written is not
   * recalled.
   */
  public void discard(long key) {
    lanes.discard(key);
  }

  /** Messages waiting, not counting the one being written. */
  public int backlog() {
    return lanes.size.get();
  }

  /** Characters of the messages waiting, not counting the one being written. */
  public long backlogBytes() {
    return lanes.chars.get();
  }

  /**
   * Drops what is still queued, sends {@code last} as the final message and then runs {@code then}
   * (typically closing the transport). Later offers are refused. Only the first call has an effect.
   * A layered outbox only drops and refuses: its layer writes its own last frame.
   */
  public void shutdown(String last, Runnable then) {
    if (shutdown) {
      return;
    }
    shutdown = true;
    afterLast = then;
    Outbound.TOTALS.drop(lanes.size.get());
    lanes.clear();
    if (last != null) {
      lanes.size.incrementAndGet();
      lanes.chars.addAndGet(last.length());
      lanes.add(last, Connection.DEFAULT);
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
    return lanes.size.get();
  }

  /** Asks for a drain turn (a layer whose write completed, or whose transport changed). */
  public void kick() {
    drain();
  }

  /**
   * For a {@link Layer}, in its drain turn: moves queued messages into {@code batch} from index
   * {@code from} on while it has room and, past its first message, holds fewer than {@code
   * maxChars} characters ({@code chars} are in it already). Returns the new count.
   */
  public int take(String[] batch, int from, int chars, int maxChars) {
    int n = from;
    long taken = 0;
    String next;
    while (n < batch.length && (n == 0 || chars < maxChars) && (next = lanes.poll()) != null) {
      batch[n++] = next;
      chars += next.length();
      taken += next.length();
    }
    lanes.chars.addAndGet(-taken);
    return n;
  }

  private void drain() {
    if (wip.getAndIncrement() == 0) {
      executor.execute(drainLoop);
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
    if (layer != null) {
      layer.step(this);
    } else if (!inFlight) {
      String first = lanes.poll();
      if (first != null) {
        inFlight = true;
        String second = lanes.poll();
        if (second == null) {
          lanes.chars.addAndGet(-first.length());
          writer.write(first, written);
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

  /**
   * Everything queued (up to the batch limits) as one JSON array frame, or unbatched as that many
   * frames in one write.
   */
  private void writeBatch(String first, String second) {
    String[] batch = new String[Math.min(MAX_BATCH_MESSAGES, 2 + lanes.size.get())];
    batch[0] = first;
    batch[1] = second;
    int n = 2;
    int chars = first.length() + second.length();
    String next;
    while (n < batch.length && chars < maxBatchChars && (next = lanes.poll()) != null) {
      batch[n++] = next;
      chars += next.length();
    }
    lanes.chars.addAndGet(-chars);
    if (batching) {
      writer.write("[", batch, n, "]", written);
    } else {
      writer.writeEach(batch, n, written);
    }
  }
}
