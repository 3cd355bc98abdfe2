package dev.osmosis.transport.websocket;

import dev.osmosis.connection.Outbox;
import dev.osmosis.ingress.IngressTransport;
import dev.osmosis.transport.websocket.internals.FrameWriters;
import jakarta.websocket.Session;
import java.util.concurrent.Executor;

/**
 * An {@link IngressTransport} over a Jakarta WebSocket session: sends go through a bounded,
 * unbatched {@link Outbox} (one write in flight, every message its own frame; what queued behind
 * the write in flight leaves as that many frames back to back in one write, each frame's bytes
 * shared with the other members' writes of that broadcast). A client whose queue overflows is
 * closed with {@value #SLOW_CONSUMER} "slow consumer", from the executor, never on the thread of
 * whoever was sending to it.
 */
final class IngressWebSocket implements IngressTransport {
  /** Close code for a client that does not read fast enough (application range 4000-4999). */
  static final int SLOW_CONSUMER = 4007;

  private static final System.Logger LOG = System.getLogger(IngressWebSocket.class.getName());

  private final Session ws;
  private final Outbox outbox;
  private final Executor executor;
  private final ServerCloses closes;

  /**
   * @param writers the writer pool: a room broadcast only enqueues, writes happen there
   * @param executor the managed executor the slow-consumer close runs on
   * @param closes how the server closes a WebSocket (never {@code Session.close} directly)
   */
  IngressWebSocket(
      Session ws,
      int maxQueue,
      long maxBytes,
      Executor writers,
      Executor executor,
      ServerCloses closes) {
    this.ws = ws;
    this.executor = executor;
    this.closes = closes;
    this.outbox =
        Outbox.unbatched(
            FrameWriters.forSession(ws), writers, maxQueue, maxBytes, this::overflowed);
  }

  @Override
  public void send(String message) {
    outbox.offer(message);
  }

  @Override
  public void close(int code, String reason) {
    outbox.finish(() -> closeTransport(code, reason));
  }

  private void overflowed() {
    outbox.shutdown(null, () -> {});
    LOG.log(
        System.Logger.Level.INFO,
        "closing ingress session {0}: outbound queue full (slow consumer)",
        ws.getId());
    executor.execute(() -> closeTransport(SLOW_CONSUMER, "slow consumer"));
  }

  private void closeTransport(int code, String reason) {
    closes.close(ws, code, reason);
  }
}
