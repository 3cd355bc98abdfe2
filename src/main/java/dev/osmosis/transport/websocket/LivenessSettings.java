package dev.osmosis.transport.websocket;

import java.time.Duration;

/**
 * Liveness of WebSocket connections (payara-config/osmosis.properties, docs/PROTOCOL.md).
 *
 * @param pingInterval how long a connection may be silent before the server pings it; 0: never
 *     ({@code osmosis.pingIntervalMillis})
 * @param livenessTimeout how long without any inbound traffic before a connection counts as lost;
 *     0: never ({@code osmosis.livenessTimeoutMillis})
 */
public record LivenessSettings(Duration pingInterval, Duration livenessTimeout) {

  public static LivenessSettings defaults() {
    return new LivenessSettings(Duration.ofSeconds(10), Duration.ofSeconds(30));
  }
}
