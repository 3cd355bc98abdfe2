package dev.osmosis.connection;

import dev.osmosis.session.Connection;
import dev.osmosis.wire.CloseReason;

/**
 * A {@link Connection} whose sends go through a bounded {@link Outbox} (one write in flight, what
 * queues meanwhile batched): the part the WebSocket and long-polling transports share. A transport
 * supplies the outbox (whose writer is its own) and how it closes.
 */
public abstract class OutboxConnection implements Connection {
  protected final Outbox outbox;
  private final int backedUpAt;

  /**
   * @param writer the transport's write of one frame
   * @param executor where writes start (the writer pool)
   * @param maxOutboundQueue the outbox's limit; past half of it the peer counts as backed up
   * @param maxFrameChars a batch stops growing past this many characters
   */
  protected OutboxConnection(
      FrameSink writer,
      java.util.concurrent.Executor executor,
      int maxOutboundQueue,
      int maxFrameChars) {
    this(writer, executor, maxOutboundQueue, Long.MAX_VALUE, maxFrameChars);
  }

  /**
   * @param maxOutboundBytes the outbox's budget of queued characters (docs/SECURITY.md "Limits")
   */
  protected OutboxConnection(
      FrameSink writer,
      java.util.concurrent.Executor executor,
      int maxOutboundQueue,
      long maxOutboundBytes,
      int maxFrameChars) {
    this.outbox =
        new Outbox(
            writer, executor, maxOutboundQueue, maxOutboundBytes, maxFrameChars, this::overflowed);
    this.backedUpAt = maxOutboundQueue / 2;
  }

  /** The outbox refused a message because the peer fell too far behind (called once). */
  protected abstract void overflowed();

  @Override
  public void send(String message) {
    outbox.offer(message);
  }

  @Override
  public void send(String message, int priority) {
    outbox.offer(message, priority);
  }

  @Override
  public void sendTracked(String message, Runnable taken) {
    outbox.offer(message, taken);
  }

  @Override
  public void sendConflated(Long key, String message, String full) {
    outbox.offerConflated(key, message, full);
  }

  @Override
  public void sendConflated(Long key, String message, String full, int priority) {
    outbox.offerConflated(key, message, full, priority);
  }

  @Override
  public void discardConflated(long key) {
    outbox.discard(key);
  }

  @Override
  public int queued() {
    return outbox.backlog();
  }

  @Override
  public boolean isBackedUp() {
    return outbox.backlog() > backedUpAt;
  }

  /**
   * Ends the connection: what is still queued is dropped, the {@code close} message goes last —
   * unless the transport already ended ({@code transportEnded}) or the client closed, when there is
   * nobody to tell — then the transport closes with the reason's code.
   */
  protected final void shutdown(boolean transportEnded, CloseReason reason, String message) {
    String last =
        transportEnded || reason == CloseReason.CLOSED_BY_CLIENT
            ? null
            : closeMessage(reason, message);
    outbox.shutdown(last, () -> closeTransport(reason));
  }

  /** The {@code close} message telling the client why (its wire form is the codec's). */
  protected abstract String closeMessage(CloseReason reason, String message);

  /** Closes the transport with the reason's close code (no message). */
  public abstract void closeTransport(CloseReason reason);
}
