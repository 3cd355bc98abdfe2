package dev.osmosis.connection;

import dev.osmosis.meter.Outbound;
import dev.osmosis.protocol.ServerFrames;
import dev.osmosis.session.Connection;
import dev.osmosis.wire.CloseReason;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The connection of a sequenced session (docs/PROTOCOL.md §12): it outlives the transports the
 * session is carried by. It is a layer on the one outbound engine, {@link Outbox}, not a second
 * queue: messages queue there (bounded, prioritised, conflating) until a transport ({@link Link})
 * takes them; then each gets its number and stays in the {@link RecoveryBuffer} until the client
 * acknowledges it. One write is in flight at a time and what queued meanwhile goes out as one frame
 * envelope {@code {"s":first,"ack":n,"m":[...]}}, each message being the shared encoding (encode
 * once). Without a transport, messages wait in the queue (a newer value of a topic still replaces
 * its waiting one: the client cannot have it); attaching a new transport rewinds to the client's
 * acknowledgement, so what the client missed is replayed in order, without duplicates, ahead of
 * what waits.
 *
 * <p>Its inbound side, the highest client message processed and how far the client may be told so,
 * is {@link ClientSequence} ({@link #inbound}); fail-over's record gate for the server messages in
 * flight is {@link FailoverGate} ({@link #failover}); the topic updates left out for a resume by
 * their numbers are {@link HeldTopics} ({@link #held}).
 *
 * <p>Thread-safe: sends only enqueue (no lock); transport changes, acknowledgements and the framing
 * of each write run under this object's monitor; the transport write runs outside it.
 */
public final class ReliableConnection implements Connection, Outbox.Layer {
  private static final System.Logger LOG = System.getLogger(ReliableConnection.class.getName());

  /** Acknowledge at least every this many client messages. */
  public static final int ACK_EVERY = 32;

  /** One transport: the frame sink of the engine, which it can also close. */
  public interface Link extends FrameSink {
    /** Closes the transport with the reason's WebSocket close code (no message). */
    void closeTransport(CloseReason reason);

    String remoteAddress();
  }

  private final Executor executor;
  private final int maxQueue;
  private final long maxQueueBytes;
  private final int maxFrameChars;
  private final Consumer<CloseReason> onOverflow;
  private final Outbox queue;
  private final RecoveryBuffer recovery;
  private final ArrayDeque<String> control = new ArrayDeque<>();

  /** Topic updates left out for a resume by their numbers (away with a full buffer, fail-over). */
  private final HeldTopics held = new HeldTopics();

  /**
   * The acked topics the session is subscribed to and what its client acknowledged of each; null
   * until the first (a session without acked topics pays nothing on acknowledgements).
   */
  private volatile AckedTopics acked;

  /** Why the last refused offer was refused (reported once, by the engine). */
  private volatile CloseReason overflow;

  /**
   * Fail-over: the server messages in flight wait for the session's grid record (off otherwise).
   */
  private final FailoverGate failover;

  private volatile Link link;
  private int generation;
  private boolean inFlight;
  private boolean closing;
  private Runnable afterClose;
  private String remoteAddress = "";

  /** The client's messages: the highest processed, how far they may be acknowledged. */
  private final ClientSequence inbound = new ClientSequence(this);

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
    this.maxFrameChars = maxFrameChars;
    this.onOverflow = onOverflow;
    this.recovery = new RecoveryBuffer(bufferLimit, maxRecoveryBytes);
    this.queue = new Outbox(this, executor, this::overflowed);
    this.failover = new FailoverGate(this, executor, onOverflow);
  }

  /** The sequenced connection a client connection with these settings and limits opens. */
  static ReliableConnection of(
      Executor executor,
      ConnectionSettings settings,
      SessionLimits limits,
      Consumer<CloseReason> onOverflow) {
    return new ReliableConnection(
        executor,
        settings.maxOutboundQueue(),
        limits.maxOutboundBytes(),
        settings.recoveryBufferSize(),
        limits.maxRecoveryBytes(),
        limits.maxOutboundFrameBytes(),
        onOverflow);
  }

  @Override
  public void send(String message) {
    if ((held.holding() || link == null) && leftOut(message)) {
      return;
    }
    if (failover.on() && !failover.kept(message)) {
      return;
    }
    queue.offer(message);
  }

  @Override
  public void send(String message, int priority) {
    if ((held.holding() || link == null) && leftOut(message)) {
      return;
    }
    queue.offer(message, priority);
  }

  /**
   * Like {@link #send}; {@code taken} runs when the message is first handed to a transport, or
   * dropped.
   */
  @Override
  public void sendTracked(String message, Runnable taken) {
    if (failover.on() && !failover.kept(message)) {
      taken.run();
      return;
    }
    queue.offer(message, taken);
  }

  /**
   * Conflation for a sequenced session: if a value of topic {@code key} still waits in the queue
   * (never handed to any transport, so the client cannot have it, whatever happens to links), it is
   * replaced in place by {@code full}, and gets its number when it is written — no gap, no
   * duplicate, no growth. Otherwise {@code message} (possibly a delta: nothing of the topic is
   * pending) queues as usual.
   */
  @Override
  public void sendConflated(Long key, String message, String full) {
    queue.offerConflated(key, message, full);
  }

  @Override
  public void sendConflated(Long key, String message, String full, int priority) {
    if ((held.holding() || link == null) && leftOut(message)) {
      return;
    }
    queue.offerConflated(key, message, full, priority);
  }

  /**
   * Whether a topic update is held back instead of queued: its topic is already held, or the
   * session is away, its client can resume topics by their numbers, and the recovery buffer has no
   * room for it (instead of losing the session, PROTOCOL.md §12). Anything but a topic update is
   * never held: past the bound it closes the session as before.
   */
  private boolean leftOut(String message) {
    return held.leavesOut(
        message,
        link == null
            && recovery.refuses(queue.backlog() + 1, queue.backlogBytes() + message.length()));
  }

  @Override
  public void trackAcked(long topic, long from) {
    AckedTopics map = acked;
    if (map == null) {
      synchronized (this) {
        map = acked;
        if (map == null) {
          map = new AckedTopics();
          recovery.onRelease(map);
          acked = map;
        }
      }
    }
    Long first = held.firstHeld(topic); // resumed: the client has only the numbers before it
    map.track(topic, first == null ? from : Math.min(from, first - 1));
  }

  @Override
  public void untrackAcked(long topic) {
    AckedTopics map = acked;
    if (map != null) {
      map.untrack(topic);
    }
  }

  @Override
  public long acknowledged(long topic) {
    AckedTopics map = acked;
    return map == null ? Long.MAX_VALUE : map.acknowledged(topic);
  }

  /**
   * The topic updates left out for a resume by their numbers: {@link HeldTopics#resumesTopics} (the
   * client's first connect had {@code topics}), {@link HeldTopics#hold} (fail-over), and {@link
   * HeldTopics#resume}, which sends their replays past this connection's bounds.
   */
  HeldTopics held() {
    return held;
  }

  @Override
  public void discardConflated(long key) {
    queue.discard(key);
  }

  /**
   * Like {@link #send}, but an idle connection writes on the calling thread (see {@link
   * Connection#sendDirect}).
   */
  @Override
  public void sendDirect(String message) {
    if (failover.on() && !failover.kept(message)) {
      return;
    }
    queue.offerDirect(message);
  }

  /**
   * Fail-over (docs/RECONNECTION.md): the gate that keeps this connection's server messages other
   * than topic values in flight and writes each only once the session's record holds it (off until
   * {@link FailoverGate#keep}, before the first {@link #attach}).
   */
  FailoverGate failover() {
    return failover;
  }

  /**
   * Admission, per offer and without a lock: with a transport attached, past {@code maxQueue}
   * messages or {@code maxQueueBytes} characters not yet written to it the client is a slow
   * consumer; attached or not, past the recovery buffer's bounds messages would be lost.
   */
  @Override
  public boolean refuses(int queued, long queuedChars) {
    if (held.resuming()) {
      return false;
    }
    if (link != null
        && (queued + recovery.unsent() > maxQueue
            || queuedChars + recovery.unsentChars() > maxQueueBytes)) {
      overflow = CloseReason.MESSAGE_QUEUE_LIMIT_REACHED;
      return true;
    }
    if (recovery.refuses(queued, queuedChars)) {
      overflow = CloseReason.LOST_MESSAGES;
      return true;
    }
    return false;
  }

  private void overflowed() {
    CloseReason reason = overflow;
    executor.execute(() -> onOverflow.accept(reason));
  }

  @Override
  public boolean isBackedUp() {
    return link != null && queue.backlog() + recovery.unsent() > maxQueue / 2;
  }

  @Override
  public int queued() {
    return queue.backlog();
  }

  /**
   * Continues the numbering of a session another node kept (fail-over): the next message to the
   * client is {@code clientAck + 1}, and client messages up to {@code received} count as processed.
   * Before the first {@link #attach}.
   */
  public synchronized void continueFrom(long clientAck, long received) {
    recovery.startAt(clientAck + 1);
    inbound.continueFrom(received);
    this.ackSent = received;
  }

  /**
   * The client's messages: the highest processed without a gap, how far they may be acknowledged,
   * and the lock that serialises their processing.
   */
  ClientSequence inbound() {
    return inbound;
  }

  /** Client messages up to {@code seq} are recorded where a resuming node reads them. */
  public void durable(long seq) {
    if (inbound.durable(seq)) {
      flushAck(false);
    }
  }

  /** The client acknowledged every message up to {@code seq}: they leave the recovery buffer. */
  public synchronized void ack(long seq) {
    recovery.ack(seq);
    failover.acked(seq);
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
      recovery.resume(clientAck);
      failover.acked(clientAck);
      old = link;
      link = newLink;
      remoteAddress = newLink.remoteAddress();
      generation++;
      inFlight = false;
      control.clear();
      control.add(connected);
      ackSent = inbound.ackable();
    }
    queue.kick();
    return old == newLink ? null : old;
  }

  /**
   * The transport {@code gone} ended; true if it was the attached one (the session is now
   * recovering).
   */
  public synchronized boolean detach(Link gone) {
    if (link != gone || gone == null) {
      return false;
    }
    link = null;
    generation++;
    inFlight = false;
    control.clear();
    return true;
  }

  public boolean isCurrent(Link candidate) {
    return link == candidate;
  }

  /** Whether a transport is attached (the session is not away). */
  boolean attached() {
    return link != null;
  }

  /** Whether the session closes (what is sent now is dropped). */
  synchronized boolean closing() {
    return closing;
  }

  /** A drain turn, e.g. once a record let messages in flight go out. */
  void kick() {
    queue.kick();
  }

  /** Messages kept for the client: written and not yet acknowledged, or waiting to be written. */
  public int buffered() {
    return recovery.size() + queue.backlog();
  }

  /** The number the next message written will get. */
  public synchronized long nextSeq() {
    return recovery.next();
  }

  /**
   * Sends a standalone ack if {@link #ACK_EVERY} client messages (or, with {@code any}, one) are
   * unacknowledged.
   */
  public void flushAck(boolean any) {
    synchronized (this) {
      long ack = inbound.ackable();
      long due = ack - ackSent;
      if (link == null || closing || due <= 0 || (!any && due < ACK_EVERY)) {
        return;
      }
      if (recovery.unsent() > 0 || queue.backlog() > 0) {
        return; // a data frame is about to go and carries the ack
      }
      control.add("{\"t\":\"ack\",\"ack\":" + ack + "}");
      ackSent = ack;
    }
    queue.kick();
  }

  @Override
  public void close(CloseReason reason, String message) {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      recovery.clear();
      failover.clear();
      control.clear();
      Link current = link;
      if (current != null) {
        boolean tell =
            reason != CloseReason.CLOSED_BY_CLIENT
                && reason != CloseReason.CONNECTION_ERROR
                && reason != CloseReason.MESSAGE_TOO_LARGE;
        if (tell) {
          control.add(ServerFrames.close(reason, message));
        }
        afterClose = () -> current.closeTransport(reason);
      }
    }
    queue.shutdown(null, null); // drops what waits (tracked senders are told), then a turn here
  }

  @Override
  public synchronized String remoteAddress() {
    return remoteAddress;
  }

  /** One drain turn of the engine: the next control frame, replay or envelope, or a close. */
  @Override
  public void step(Outbox outbox) {
    String frame = null;
    String prefix = null;
    String[] batch = null;
    int n = 0;
    Link target;
    int gen;
    Runnable then = null;
    boolean record = false;
    synchronized (this) {
      target = link;
      gen = generation;
      if (target == null || inFlight) {
        return;
      }
      frame = control.poll();
      if (frame == null && !closing) {
        int room =
            (int) Math.min(Outbox.MAX_BATCH_MESSAGES, (long) recovery.unsent() + outbox.backlog());
        if (room > 0) {
          long first = recovery.cursor();
          long gate = failover.gate();
          batch = new String[room];
          n = recovery.replay(batch, maxFrameChars, gate);
          if (n > 0) {
            Outbound.TOTALS.replay(n);
          }
          if (n < room && recovery.unsent() == 0) {
            long from = recovery.next();
            int taken = outbox.take(batch, n, chars(batch, n), maxFrameChars);
            recovery.append(batch, n, taken);
            if (failover.numbered(batch, n, taken, from)) {
              // fail-over: a message in flight goes out only once a record holds its number
              record = true;
              gate = failover.gate();
              if (gate < from + (taken - n)) {
                recovery.rewindTo(gate);
                taken = n + (int) (gate - from);
              }
            }
            n = taken;
          }
          if (n > 0) {
            long ack = inbound.ackable();
            prefix = "{\"s\":" + first + ",\"ack\":" + ack + ",\"m\":[";
            ackSent = ack;
          }
        }
      }
      if (frame != null || n > 0) {
        inFlight = true;
      } else if (closing && afterClose != null) {
        then = afterClose;
        afterClose = null;
      }
    }
    if (record) {
      failover.requestWrite();
    }
    if (frame != null || n > 0) {
      write(target, gen, frame, prefix, batch, n);
    }
    if (then != null) {
      try {
        then.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing the transport failed: {0}", e);
      }
    }
  }

  private static int chars(String[] batch, int n) {
    int chars = 0;
    for (int i = 0; i < n; i++) {
      chars += batch[i].length();
    }
    return chars;
  }

  private void write(Link target, int gen, String frame, String prefix, String[] batch, int n) {
    Runnable done = () -> written(gen);
    try {
      if (frame == null) {
        target.write(prefix, batch, n, "]}", done);
      } else {
        target.write(frame, done);
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "write failed: {0}", e);
      written(gen);
    }
  }

  private void written(int gen) {
    synchronized (this) {
      if (gen == generation) {
        inFlight = false;
      }
    }
    queue.kick();
  }
}
