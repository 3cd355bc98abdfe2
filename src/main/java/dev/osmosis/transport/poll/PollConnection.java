package dev.osmosis.transport.poll;

import dev.osmosis.connection.ClientConnection;
import dev.osmosis.connection.CountedFrames;
import dev.osmosis.connection.FrameSink;
import dev.osmosis.connection.Outbox;
import dev.osmosis.connection.OutboxConnection;
import dev.osmosis.connection.ReliableConnection;
import dev.osmosis.protocol.ServerFrames;
import dev.osmosis.session.Connection;
import dev.osmosis.wire.CloseReason;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A core {@link Connection} over HTTP long polling (docs/PROTOCOL.md §13), the polling twin of the
 * WebSocket adapter: sends go through the bounded {@link Outbox} (one write in flight, queued
 * messages batched into one frame) whose writer is the {@link PollQueue}; a sequenced session's
 * link writes to the same queue. Closing sends the {@code close} message on a poll first; then the
 * connection ends: its polls answer 404 and its id is forgotten.
 *
 * <p>The connection id is a capability (whoever knows it reads the session's traffic): {@link
 * #toString} never shows it and nothing logs it.
 */
final class PollConnection extends OutboxConnection implements ReliableConnection.Link {
  private static final System.Logger LOG = System.getLogger(PollConnection.class.getName());

  private final String cid;
  private final String remoteAddress;
  private final PollQueue queue;

  /** The queue, counting the frames written to it (docs/OPERATIONS.md "Metrics"). */
  private final FrameSink counted;

  private final long openedAt;
  private final Executor executor;
  private final Consumer<PollConnection> onEnd;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicBoolean handshakeChecked = new AtomicBoolean();

  /** Completes once the {@code connect} of the opening request was handed to the protocol. */
  private final CompletableFuture<Void> opened = new CompletableFuture<>();

  private volatile ClientConnection client;

  /**
   * @param executor where outbound writes start (the writer pool) and where the protocol hears of
   *     the end
   * @param onEnd told once when the connection ends (the registry forgets it)
   */
  PollConnection(
      String cid,
      String remoteAddress,
      long holdMillis,
      long now,
      Executor executor,
      int maxOutboundQueue,
      long maxOutboundBytes,
      int maxFrameChars,
      Consumer<PollConnection> onEnd) {
    this(
        cid,
        remoteAddress,
        new PollQueue(holdMillis, now),
        now,
        executor,
        maxOutboundQueue,
        maxOutboundBytes,
        maxFrameChars,
        onEnd);
  }

  private PollConnection(
      String cid,
      String remoteAddress,
      PollQueue queue,
      long now,
      Executor executor,
      int maxOutboundQueue,
      long maxOutboundBytes,
      int maxFrameChars,
      Consumer<PollConnection> onEnd) {
    super(CountedFrames.of(queue), executor, maxOutboundQueue, maxOutboundBytes, maxFrameChars);
    this.counted = CountedFrames.of(queue);
    this.cid = cid;
    this.remoteAddress = remoteAddress;
    this.queue = queue;
    this.openedAt = now;
    this.executor = executor;
    this.onEnd = onEnd;
  }

  @Override
  protected void overflowed() {
    ClientConnection c = client;
    if (c != null) {
      c.onSlowConsumer();
    }
  }

  String cid() {
    return cid;
  }

  /** The protocol state machine this connection carries; set once, right after construction. */
  void bind(ClientConnection protocol) {
    this.client = protocol;
  }

  ClientConnection client() {
    return client;
  }

  /**
   * Hands the opening {@code connect} to the protocol; later sends wait for it ({@link
   * #afterOpen}).
   */
  void open(String connect) {
    try {
      client.onText(connect);
    } finally {
      opened.complete(null);
    }
  }

  CompletableFuture<Void> afterOpen() {
    return opened;
  }

  /** A poll arrived. */
  void poll(Poll poll, long now) {
    queue.poll(poll, now);
  }

  boolean isEnded() {
    return ended.get();
  }

  @Override
  public void close(CloseReason reason, String message) {
    // Unlike a WebSocket, the poll channel is still there after a too-large message: the client can
    // be told.
    shutdown(ended.get() || reason == CloseReason.CONNECTION_ERROR, reason, message);
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  /**
   * A sequenced session's frame (§12): straight to the poll queue (the outbox carried only the
   * handshake).
   */
  @Override
  public void write(String frame, Runnable done) {
    counted.write(frame, done);
  }

  @Override
  public void write(String prefix, String[] messages, int count, String suffix, Runnable done) {
    counted.write(prefix, messages, count, suffix, done);
  }

  /** Ends the connection: held and later polls answer 404, the registry forgets the id. */
  @Override
  protected String closeMessage(CloseReason reason, String message) {
    return ServerFrames.close(reason, message);
  }

  @Override
  public void closeTransport(CloseReason reason) {
    end(CloseReason.CONNECTION_ERROR, "poll connection ended (" + reason + ")");
  }

  /**
   * Ends the connection and tells the protocol the transport is gone with {@code why}
   * (asynchronously, as a WebSocket's close event would: the caller may hold another connection's
   * lock).
   */
  void end(CloseReason why, String detail) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    queue.end();
    onEnd.accept(this);
    ClientConnection c = client;
    if (c != null) {
      executor.execute(() -> c.onTransportClosed(why, detail));
    }
  }

  /**
   * One pass of the periodic sweep: expires a held poll, refuses a connection whose {@code connect}
   * has not opened a session within the handshake timeout, drops one without a poll for {@code
   * dropAfterMillis}.
   */
  void sweep(long now, long handshakeTimeoutMillis, long dropAfterMillis) {
    if (ended.get()) {
      return;
    }
    ClientConnection c = client;
    if (c != null
        && c.session() == null
        && now - openedAt >= handshakeTimeoutMillis
        && handshakeChecked.compareAndSet(false, true)) {
      c.onHandshakeTimeout();
    }
    if (queue.sweep(now, dropAfterMillis)) {
      LOG.log(
          System.Logger.Level.INFO,
          "polling connection from {0}: no poll for {1} ms, dropped as lost",
          remoteAddress,
          dropAfterMillis);
      end(CloseReason.CONNECTION_ERROR, "no poll for " + dropAfterMillis + " ms");
    }
  }

  @Override
  public String toString() {
    return "PollConnection[" + remoteAddress + "]";
  }
}
