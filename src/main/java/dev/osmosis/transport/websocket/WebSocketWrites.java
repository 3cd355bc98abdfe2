package dev.osmosis.transport.websocket;

import dev.osmosis.transport.websocket.internals.FrameWriters;
import dev.osmosis.transport.websocket.internals.UpgradeLeftovers;

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

  /**
   * Whether Payara's per-write byte probe (HTTP monitoring's bytes sent/received) is taken off
   * WebSocket connections after the upgrade ({@code osmosis.removeWebSocketByteProbes}, default
   * true; docs/OPERATIONS.md "Monitoring").
   */
  public static void removeByteProbes(boolean on) {
    FrameWriters.removeByteProbes(on);
  }

  /**
   * {@code removed} (the last WebSocket connection's byte probe was taken off), {@code kept} (the
   * setting is off), {@code not-found} (the container's probe was not found: it stays), or {@code
   * unknown} before the first WebSocket connection was written to.
   */
  public static String byteProbes() {
    return FrameWriters.byteProbes();
  }

  /**
   * Whether WebSocket sessions release what the servlet upgrade kept for the connection's life
   * (BENCHMARKS.md "Idle memory"): {@code released} (the last session's release emptied every
   * part), {@code partial}, {@code unavailable} (the route into the container is missing), or
   * {@code unknown} before a session's first message.
   */
  public static String upgradeRelease() {
    return UpgradeLeftovers.state();
  }
}
