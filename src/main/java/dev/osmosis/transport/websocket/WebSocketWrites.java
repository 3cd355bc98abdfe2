package dev.osmosis.transport.websocket;

import dev.osmosis.transport.websocket.internals.FrameWriters;

/**
 * What the admin API reports about how WebSocket frames are written (BENCHMARKS.md: the write
 * path).
 */
public final class WebSocketWrites {
  private WebSocketWrites() {}

  /**
   * {@code grizzly-write-queue}, {@code tyrus-raw-frame}, {@code standard-api}, or {@code unknown}
   * before the first WebSocket session has been written to.
   */
  public static String route() {
    return FrameWriters.route();
  }

  /**
   * The same for TLS ({@code wss://}) sessions: {@code tyrus-raw-frame} (the direct Grizzly route
   * falls back there), {@code standard-api}, or {@code unknown} before the first TLS session has
   * been written to.
   */
  public static String secureRoute() {
    return FrameWriters.secureRoute();
  }
}
