package dev.osmosis.connection;

import java.time.Duration;

/**
 * What a client connection may send and have queued (payara-config/osmosis.properties,
 * docs/SECURITY.md "Limits"); the byte bounds and the outbound batch cap are in {@link
 * SessionLimits}.
 *
 * @param maxMessageSize largest inbound message in bytes ({@code osmosis.maxMessageSize}; not the
 *     outbound batch: {@link SessionLimits#maxOutboundFrameBytes()})
 * @param handshakeTimeout how long a new connection has to send {@code connect} ({@code
 *     osmosis.handshakeTimeoutMillis})
 * @param maxOutboundQueue messages queued for one connection before it is closed as a slow consumer
 *     ({@code osmosis.maxOutboundQueue})
 * @param recoveryBufferSize most messages a sequenced session keeps unacknowledged (sent or waiting
 *     while it reconnects); past it the session closes with LOST_MESSAGES ({@code
 *     osmosis.recoveryBufferSize})
 */
public record ConnectionSettings(
    int maxMessageSize, Duration handshakeTimeout, int maxOutboundQueue, int recoveryBufferSize) {

  public static ConnectionSettings defaults() {
    return new ConnectionSettings(65536, Duration.ofSeconds(10), 10_000, 10_000);
  }
}
