package dev.osmosis.session;

/**
 * Per-address bounds on connections and anonymous sessions (payara-config/osmosis.properties), so
 * that one client machine cannot hold the server's memory and threads with connections alone.
 *
 * @param maxWebSocketsPerAddress most WebSocket connections ({@code /osmosis} and {@code
 *     /ws/{name}} together) open at once from one remote address; the handshake past it is refused
 *     with HTTP 429
 * @param maxAnonymousSessionsPerAddress most anonymous sessions (any transport) open at once from
 *     one remote address; a connect past it is closed with ACCESS_DENIED
 */
public record ConnectionLimits(int maxWebSocketsPerAddress, int maxAnonymousSessionsPerAddress) {
  public static ConnectionLimits defaults() {
    return new ConnectionLimits(1_000, 100);
  }
}
