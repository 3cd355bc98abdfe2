package dev.osmosis.transport.websocket;

import dev.osmosis.connection.CountedFrames;
import dev.osmosis.connection.FrameSink;
import dev.osmosis.connection.Outbox;
import dev.osmosis.connection.OutboxConnection;
import dev.osmosis.connection.ReliableConnection;
import dev.osmosis.protocol.ServerFrames;
import dev.osmosis.session.Connection;
import dev.osmosis.transport.websocket.internals.FrameWriters;
import dev.osmosis.transport.websocket.internals.RemoteAddresses;
import dev.osmosis.wire.CloseReason;
import jakarta.websocket.Session;
import java.util.concurrent.Executor;

/**
 * A core {@link Connection} over a Jakarta WebSocket session: sends go through the bounded {@link
 * Outbox} (one asynchronous write in flight, queued messages batched into one frame); closing sends
 * the {@code close} message first, then the WebSocket close with the reason's code.
 */
final class WebSocketConnection extends OutboxConnection implements ReliableConnection.Link {

  private final Session ws;
  private final String remoteAddress;
  private final FrameSink frames;
  private final Runnable onOverflow;
  private final ServerCloses closes;

  WebSocketConnection(
      Session ws,
      ServerCloses closes,
      Executor writers,
      int maxOutboundQueue,
      long maxOutboundBytes,
      int maxFrameChars,
      boolean deflate,
      Runnable onOverflow) {
    this(
        ws,
        closes,
        CountedFrames.of(FrameWriters.forSession(ws, deflate)),
        writers,
        maxOutboundQueue,
        maxOutboundBytes,
        maxFrameChars,
        onOverflow);
  }

  private WebSocketConnection(
      Session ws,
      ServerCloses closes,
      FrameSink frames,
      Executor writers,
      int maxOutboundQueue,
      long maxOutboundBytes,
      int maxFrameChars,
      Runnable onOverflow) {
    super(frames, writers, maxOutboundQueue, maxOutboundBytes, maxFrameChars);
    this.ws = ws;
    this.remoteAddress = RemoteAddresses.of(ws);
    this.frames = frames;
    this.onOverflow = onOverflow;
    this.closes = closes;
  }

  @Override
  protected void overflowed() {
    onOverflow.run();
  }

  @Override
  public void sendDirect(String message) {
    outbox.offerDirect(message);
  }

  @Override
  public void close(CloseReason reason, String message) {
    // When the transport itself ended the session there is nobody left to tell.
    shutdown(
        !ws.isOpen()
            || reason == CloseReason.CONNECTION_ERROR
            || reason == CloseReason.MESSAGE_TOO_LARGE,
        reason,
        message);
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  /**
   * A sequenced session's frame (§12); the outbox is idle then: only the handshake went through it.
   */
  @Override
  public void write(String frame, Runnable done) {
    if (!ws.isOpen()) {
      done.run();
      return;
    }
    frames.write(frame, done);
  }

  @Override
  public void write(String prefix, String[] messages, int count, String suffix, Runnable done) {
    if (!ws.isOpen()) {
      done.run();
      return;
    }
    frames.write(prefix, messages, count, suffix, done);
  }

  @Override
  protected String closeMessage(CloseReason reason, String message) {
    return ServerFrames.close(reason, message);
  }

  @Override
  public void closeTransport(CloseReason reason) {
    if (!ws.isOpen() || reason.webSocketCode() == 1006) {
      return;
    }
    closes.close(ws, reason.webSocketCode(), reason.name()); // not Session.close: ServerCloses
  }
}
