package dev.osmosis.transport.websocket;

/** What the admin API reports about how WebSocket frames are written (BENCHMARKS.md: the write path). */
public final class WebSocketWrites {
  private WebSocketWrites() {}

  /**
   * {@code grizzly-write-queue}, {@code tyrus-raw-frame}, {@code standard-api}, or {@code unknown} before the first
   * WebSocket session has been written to.
   */
  public static String route() {
    return FrameWriters.route();
  }
}
