package dev.osmosis.connection;

import dev.osmosis.protocol.ServerFrames;
import dev.osmosis.session.Connection;
import dev.osmosis.wire.CloseReason;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The connection of a sequenced session (docs/PROTOCOL.md §12): it outlives the transports the
 * session is carried by. Every message sent is numbered and kept in the <em>recovery buffer</em>
 * until the client acknowledges it; while a transport ({@link Link}) is attached, one write is in
 * flight at a time and queued messages go out as frame envelopes {@code
 * {"s":first,"ack":n,"m":[...]}}, each message being the shared encoding (encode once). Without a
 * transport, messages only accumulate; attaching a new transport rewinds the write cursor to the
 * client's acknowledgement, so what the client missed is replayed in order, without duplicates.
 *
 * <p>It also tracks the inbound side: the highest client message number processed without a gap.
 *
 * <p>Thread-safe: state changes under this object's monitor; the transport write runs outside it.
 */
public final class ReliableConnection implements Connection {
  private static final System.Logger LOG = System.getLogger(ReliableConnection.class.getName());
  static final int MAX_FRAME_MESSAGES = 64;

  /** Acknowledge at least every this many client messages. */
  public static final int ACK_EVERY = 32;

  /** One transport: writes whole frames, one at a time. */
  public interface Link {
    /** Writes one frame asynchronously; calls {@code done} exactly once, on success or failure. */
    void write(String frame, Runnable done);

    /**
     * Writes one frame made of {@code prefix}, {@code messages[0..count)} joined by commas and
     * {@code suffix} (an envelope); same contract as {@link #write(String, Runnable)}. Byte-level
     * transports override it to copy each shared message's encoding instead of re-encoding its
     * characters.
     */
    default void write(String prefix, String[] messages, int count, String suffix, Runnable done) {
      write(ServerFrames.join(prefix, messages, count, suffix), done);
    }

    /** Closes the transport with the reason's WebSocket close code (no message). */
    void closeTransport(CloseReason reason);

    String remoteAddress();
  }

  /** Outcome of {@link #accept}. */
  public enum Inbound {
    NEXT,
    DUPLICATE,
    GAP
  }

  private final Executor executor;
  private final int maxQueue;
  private final int bufferLimit;
  private final long maxQueueBytes;
  private final long maxRecoveryBytes;
  private final int maxFrameChars;
  private final Consumer<CloseReason> onOverflow;
  private final AtomicBoolean overflowed = new AtomicBoolean();
  private final AtomicInteger wip = new AtomicInteger();

  // outbound: messages numbered base .. next-1 are kept; cursor is the next to write on the current
  // link
  private String[] ring = new String[16];

  /**
   * Per kept message, its priority and conflation key; null until a non-default priority is first
   * sent.
   */
  private byte[] lanes;

  private Long[] keys;
  private boolean reorder;
  private int head;
  private int count;
  private long base = 1;
  private long cursor = 1;
  private final ArrayDeque<String> control = new ArrayDeque<>();

  /** Conflation: topic key -> the number of its latest value not yet handed to any transport. */
  private final java.util.HashMap<Long, Long> unwritten = new java.util.HashMap<>();

  /**
   * The highest number ever handed to a transport: anything at or below may have reached the
   * client.
   */
  private long writtenHigh;

  /**
   * Characters of the kept messages, and of those from the cursor on (not yet written to the
   * current link).
   */
  private long keptBytes;

  private long queuedBytes;

  /**
   * Message number -> told when it is first handed to a transport (fetch answers); null until one
   * is tracked.
   */
  private java.util.HashMap<Long, Runnable> tracked;

  private Link link;
  private int generation;
  private boolean inFlight;
  private boolean closing;
  private Runnable afterClose;
  private String remoteAddress = "";

  // inbound
  private final Object inbound = new Object();
  private long received;
  private long ackSent;

  /**
   * @param executor where writes are started (the writer pool), never the sender's thread
   * @param maxQueue messages not yet written to an attached transport before the client counts as a
   *     slow consumer
   * @param bufferLimit most messages kept unacknowledged (the recovery buffer)
   * @param onOverflow told once, with MESSAGE_QUEUE_LIMIT_REACHED or LOST_MESSAGES, when a limit is
   *     passed
   */
  public ReliableConnection(
      Executor executor,
      int maxQueue,
      int bufferLimit,
      int maxFrameChars,
      Consumer<CloseReason> onOverflow) {
    this(
        executor, maxQueue, Long.MAX_VALUE, bufferLimit, Long.MAX_VALUE, maxFrameChars, onOverflow);
  }

  /**
   * @param maxQueueBytes characters not yet written to an attached transport before the client
   *     counts as a slow consumer (besides {@code maxQueue} messages)
   * @param maxRecoveryBytes most characters kept unacknowledged (besides {@code bufferLimit}
   *     messages)
   */
  public ReliableConnection(
      Executor executor,
      int maxQueue,
      long maxQueueBytes,
      int bufferLimit,
      long maxRecoveryBytes,
      int maxFrameChars,
      Consumer<CloseReason> onOverflow) {
    this.executor = executor;
    this.maxQueue = maxQueue;
    this.maxQueueBytes = maxQueueBytes;
    this.maxRecoveryBytes = maxRecoveryBytes;
    this.bufferLimit = bufferLimit;
    this.maxFrameChars = maxFrameChars;
    this.onOverflow = onOverflow;
  }

  @Override
  public void send(String message) {
    if (enqueue(message, null, null, DEFAULT, null)) {
      schedule();
    }
  }

  @Override
  public void send(String message, int priority) {
    if (enqueue(message, null, null, priority, null)) {
      schedule();
    }
  }

  /**
   * Like {@link #send}; {@code taken} runs when the message is first handed to a transport, or
   * dropped.
   */
  @Override
  public void sendTracked(String message, Runnable taken) {
    if (enqueue(message, null, null, DEFAULT, taken)) {
      schedule();
    }
  }

  @Override
  public void sendConflated(Long key, String message, String full, int priority) {
    if (enqueue(message, key, full, priority, null)) {
      schedule();
    }
  }

  /**
   * Like {@link #send}, but an idle connection writes on the calling thread (see {@link
   * Connection#sendDirect}).
   */
  @Override
  public void sendDirect(String message) {
    if (enqueue(message, null, null, DEFAULT, null)) {
      if (wip.getAndIncrement() == 0) {
        int turns = 0;
        do {
          if (++turns > 3) {
            executor.execute(this::pump); // it owns the remaining turns
            return;
          }
          pumpOnce();
        } while (wip.decrementAndGet() != 0);
      }
    }
  }

  /**
   * Conflation for a sequenced session: if a value of topic {@code key} is kept but was never
   * handed to any transport (so the client cannot have it, whatever happens to links), it is
   * replaced in place by {@code full} and keeps its number — no gap, no duplicate, no growth.
   * Otherwise {@code message} (possibly a delta: nothing of the topic is pending) is numbered as
   * usual.
   */
  @Override
  public void sendConflated(Long key, String message, String full) {
    if (enqueue(message, key, full, DEFAULT, null)) {
      schedule();
    }
  }

  /**
   * Drops nothing (a numbered message cannot vanish without a gap) but lets a newer value replace
   * it. True if a message was appended and a write should be scheduled.
   */
  private boolean enqueue(String message, Long key, String full, int priority, Runnable taken) {
    CloseReason overflow = null;
    synchronized (this) {
      if (closing) {
        if (taken != null) {
          taken.run();
        }
        return false;
      }
      if (key != null) {
        Long seq = unwritten.get(key);
        if (seq != null && seq > writtenHigh && seq >= base && seq < base + count) {
          int at = (head + (int) (seq - base)) & (ring.length - 1);
          long grown = full.length() - ring[at].length(); // unwritten, so at or after the cursor
          keptBytes += grown;
          queuedBytes += grown;
          ring[at] = full;
          return false;
        }
      }
      long next = base + count;
      int chars = message.length();
      if (link != null && (next - cursor >= maxQueue || queuedBytes + chars > maxQueueBytes)) {
        overflow = CloseReason.MESSAGE_QUEUE_LIMIT_REACHED;
      } else if (count >= bufferLimit || keptBytes + chars > maxRecoveryBytes) {
        overflow = CloseReason.LOST_MESSAGES;
      } else {
        append(message, priority, key);
        keptBytes += chars;
        queuedBytes += chars;
        if (key != null) {
          unwritten.put(key, next);
        }
        if (taken != null) {
          if (tracked == null) {
            tracked = new java.util.HashMap<>();
          }
          tracked.put(next, taken);
          taken = null;
        }
      }
    }
    if (taken != null) {
      taken.run();
    }
    if (overflow != null) {
      if (overflowed.compareAndSet(false, true)) {
        CloseReason reason = overflow;
        executor.execute(() -> onOverflow.accept(reason));
      }
      return false;
    }
    return true;
  }

  private void append(String message, int priority, Long key) {
    if (priority != DEFAULT && lanes == null) {
      startLanes();
    }
    if (count == ring.length) {
      int mask = ring.length - 1;
      String[] bigger = new String[ring.length * 2];
      byte[] biggerLanes = lanes == null ? null : new byte[bigger.length];
      Long[] biggerKeys = lanes == null ? null : new Long[bigger.length];
      for (int i = 0; i < count; i++) {
        int from = (head + i) & mask;
        bigger[i] = ring[from];
        if (lanes != null) {
          biggerLanes[i] = lanes[from];
          biggerKeys[i] = keys[from];
        }
      }
      ring = bigger;
      lanes = biggerLanes;
      keys = biggerKeys;
      head = 0;
    }
    int at = (head + count) & (ring.length - 1);
    ring[at] = message;
    if (lanes != null) {
      // A message that would have to overtake the last unwritten one marks the unwritten part for
      // reordering.
      long last = base + count - 1;
      if (last > writtenHigh && last >= cursor && priority < lanes[(at - 1) & (ring.length - 1)]) {
        reorder = true;
      }
      lanes[at] = (byte) priority;
      keys[at] = key;
    }
    count++;
  }

  /**
   * The first message with a non-default priority: from now on each kept message records its
   * priority and its conflation key (those already kept are DEFAULT; their keys come from the
   * conflation map).
   */
  private void startLanes() {
    lanes = new byte[ring.length];
    java.util.Arrays.fill(lanes, (byte) DEFAULT);
    keys = new Long[ring.length];
    for (java.util.Map.Entry<Long, Long> e : unwritten.entrySet()) {
      long seq = e.getValue();
      if (seq >= base && seq < base + count) {
        keys[(head + (int) (seq - base)) & (ring.length - 1)] = e.getKey();
      }
    }
  }

  /**
   * Delivery priority (a topic's PRIORITY): the messages never handed to any transport — numbers
   * above {@code writtenHigh}, which the client cannot have seen — are reordered, stably, high
   * before default before low, and renumbered by their new positions; conflation keys follow their
   * messages. What was written once keeps its number and place (a replay repeats it exactly). Runs
   * only when an appended message had to overtake.
   */
  private void reorderUnwritten() {
    reorder = false;
    long from = Math.max(cursor, writtenHigh + 1);
    int n = (int) (base + count - from);
    if (n < 2) {
      return;
    }
    int mask = ring.length - 1;
    int start = (head + (int) (from - base)) & mask;
    String[] messages = new String[n];
    byte[] order = new byte[n];
    Long[] ids = new Long[n];
    int k = 0;
    for (int lane = HIGH; lane <= LOW; lane++) {
      for (int i = 0; i < n; i++) {
        int at = (start + i) & mask;
        if (lanes[at] == lane) {
          messages[k] = ring[at];
          order[k] = (byte) lane;
          ids[k++] = keys[at];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      int at = (start + i) & mask;
      ring[at] = messages[i];
      lanes[at] = order[i];
      keys[at] = ids[i];
      if (ids[i] != null && unwritten.containsKey(ids[i])) {
        unwritten.put(ids[i], from + i);
      }
    }
  }

  private String at(long seq) {
    return ring[(head + (int) (seq - base)) & (ring.length - 1)];
  }

  @Override
  public synchronized boolean isBackedUp() {
    return link != null && base + count - cursor > maxQueue / 2;
  }

  /** The client acknowledged every message up to {@code seq}: they leave the recovery buffer. */
  public synchronized void ack(long seq) {
    while (count > 0 && base <= seq) {
      keptBytes -= ring[head].length();
      ring[head] = null;
      if (keys != null) {
        keys[head] = null;
      }
      head = (head + 1) & (ring.length - 1);
      count--;
      base++;
    }
    if (cursor < base) {
      cursor = base;
      queuedBytes = keptBytes;
    }
    if (count == 0 && ring.length > 64) {
      ring = new String[16];
      lanes = null;
      keys = null;
      head = 0;
    }
  }

  /**
   * Moves the session onto {@code newLink}: {@code connected} is written first, then every message
   * after the client's {@code clientAck}, then new ones.
   *
   * @return the link the session was attached to before (to be closed by the caller), or null
   * @throws IllegalArgumentException if {@code clientAck} asks for messages no longer kept or never
   *     sent
   */
  public Link attach(Link newLink, long clientAck, String connected) {
    Link old;
    synchronized (this) {
      if (closing) {
        throw new IllegalStateException("the session is closed");
      }
      long next = base + count;
      if (clientAck >= next || clientAck < base - 1) {
        throw new IllegalArgumentException(
            "the client acknowledged message "
                + clientAck
                + " but the server kept messages "
                + base
                + " to "
                + (next - 1));
      }
      ack(clientAck);
      cursor = base;
      queuedBytes = keptBytes;
      old = link;
      link = newLink;
      remoteAddress = newLink.remoteAddress();
      generation++;
      inFlight = false;
      control.clear();
      control.add(connected);
      ackSent = received;
    }
    schedule();
    return old == newLink ? null : old;
  }

  /**
   * The transport {@code gone} ended; true if it was the attached one (the session is now
   * recovering).
   */
  public boolean detach(Link gone) {
    synchronized (this) {
      if (link != gone || gone == null) {
        return false;
      }
      link = null;
      generation++;
      inFlight = false;
      control.clear();
      return true;
    }
  }

  public synchronized boolean isCurrent(Link candidate) {
    return link == candidate;
  }

  /**
   * The lock that serialises processing of this session's inbound messages, whichever connection
   * they came on (an old connection still finishing a frame while a reconnect attaches a new one).
   * Distinct from this object's monitor: processing sends, and sends must not wait for another
   * session's processing.
   */
  public Object inboundLock() {
    return inbound;
  }

  /** Records one numbered client message; the caller processes it only on {@link Inbound#NEXT}. */
  public synchronized Inbound accept(long seq) {
    if (seq <= received) {
      return Inbound.DUPLICATE;
    }
    if (seq != received + 1) {
      return Inbound.GAP;
    }
    received = seq;
    return Inbound.NEXT;
  }

  /** The highest client message processed without a gap. */
  public synchronized long received() {
    return received;
  }

  /** Messages kept for the client (sent or not, not yet acknowledged). */
  public synchronized int buffered() {
    return count;
  }

  /** The next number this side will give a message. */
  public synchronized long nextSeq() {
    return base + count;
  }

  /**
   * Sends a standalone ack if {@link #ACK_EVERY} client messages (or, with {@code any}, one) are
   * unacknowledged.
   */
  public void flushAck(boolean any) {
    synchronized (this) {
      long due = received - ackSent;
      if (link == null || closing || due <= 0 || (!any && due < ACK_EVERY)) {
        return;
      }
      if (base + count > cursor) {
        return; // a data frame is about to go and carries the ack
      }
      control.add("{\"t\":\"ack\",\"ack\":" + received + "}");
      ackSent = received;
    }
    schedule();
  }

  @Override
  public void close(CloseReason reason, String message) {
    Link current;
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      keptBytes = 0;
      queuedBytes = 0;
      if (tracked != null) {
        tracked.values().forEach(Runnable::run);
        tracked = null;
      }
      ring = new String[1];
      lanes = null;
      keys = null;
      head = 0;
      count = 0;
      control.clear();
      current = link;
      if (current == null) {
        return;
      }
      boolean tell =
          reason != CloseReason.CLOSED_BY_CLIENT
              && reason != CloseReason.CONNECTION_ERROR
              && reason != CloseReason.MESSAGE_TOO_LARGE;
      if (tell) {
        control.add(ServerFrames.close(reason, message));
      }
      afterClose = () -> current.closeTransport(reason);
    }
    schedule();
  }

  @Override
  public synchronized String remoteAddress() {
    return remoteAddress;
  }

  private void schedule() {
    if (wip.getAndIncrement() == 0) {
      executor.execute(this::pump);
    }
  }

  private void pump() {
    do {
      pumpOnce();
    } while (wip.decrementAndGet() != 0);
  }

  /** One turn: start the next write if none is in flight, or finish a close. */
  private void pumpOnce() {
    String frame = null;
    Envelope envelope = null;
    Link target;
    int gen;
    Runnable then = null;
    synchronized (this) {
      target = link;
      gen = generation;
      if (target != null && !inFlight) {
        frame = control.poll();
        if (frame == null && !closing) {
          envelope = nextFrame();
        }
        if (frame != null || envelope != null) {
          inFlight = true;
        } else if (closing && afterClose != null) {
          then = afterClose;
          afterClose = null;
        }
      }
    }
    if (frame != null || envelope != null) {
      try {
        if (envelope != null) {
          target.write(
              envelope.prefix, envelope.messages, envelope.count, "]}", () -> written(gen));
        } else {
          target.write(frame, () -> written(gen));
        }
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "write failed: {0}", e);
        written(gen);
      }
    }
    if (then != null) {
      try {
        then.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing the transport failed: {0}", e);
      }
    }
  }

  private void written(int gen) {
    synchronized (this) {
      if (gen == generation) {
        inFlight = false;
      }
    }
    schedule();
  }

  private record Envelope(String prefix, String[] messages, int count) {}

  /**
   * The next envelope from the cursor, or null if everything kept was written. Under the monitor.
   */
  private Envelope nextFrame() {
    long next = base + count;
    if (cursor >= next) {
      return null;
    }
    if (reorder) {
      reorderUnwritten();
    }
    String prefix = "{\"s\":" + cursor + ",\"ack\":" + received + ",\"m\":[";
    String[] messages = new String[(int) Math.min(MAX_FRAME_MESSAGES, next - cursor)];
    int n = 0;
    int chars = 0;
    while (cursor < next && n < MAX_FRAME_MESSAGES && (n == 0 || chars < maxFrameChars)) {
      String message = at(cursor);
      messages[n++] = message;
      chars += message.length();
      cursor++;
    }
    queuedBytes -= chars;
    if (tracked != null && !tracked.isEmpty()) {
      tracked
          .entrySet()
          .removeIf(
              e -> {
                if (e.getKey() < cursor) {
                  e.getValue().run();
                  return true;
                }
                return false;
              });
    }
    if (cursor - 1 > writtenHigh) {
      writtenHigh = cursor - 1;
      if (!unwritten.isEmpty()) {
        unwritten.values().removeIf(seq -> seq <= writtenHigh);
      }
    }
    ackSent = received;
    return new Envelope(prefix, messages, n);
  }
}
