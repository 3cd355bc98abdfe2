package dev.osmosis.client;

/**
 * The transports a session may connect with (seed 002 "Connecting with multiple transports"), in
 * the order of {@link SessionFactory#transports}: the client tries the first; if it cannot connect
 * with it (it cannot open, or no answer within the connection timeout) it tries the next, and fails
 * after the last. A refusal by the server (wrong credentials, say) is an answer: nothing more is
 * tried. Reconnection (docs/RECONNECTION.md) goes through the same list. A transport may be listed
 * more than once (a retry).
 */
public enum Transport {
  /** A WebSocket to {@code /osmosis} (docs/PROTOCOL.md). */
  WEBSOCKET,
  /**
   * HTTP long polling at {@code /osmosis/poll} (docs/PROTOCOL.md §13), for networks that block
   * WebSockets.
   */
  HTTP_POLLING
}
