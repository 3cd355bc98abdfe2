package dev.osmosis.session;

import java.time.Duration;

/**
 * What the operator configured for client sessions and their connections (payara-config/osmosis.properties),
 * already validated. Other features own their settings: {@code room.RoomLimits}, {@code message.RequestSettings},
 * {@code transport.poll.PollSettings}, {@code transport.websocket.LivenessSettings},
 * {@code platform.DeploymentSettings}, {@code protocol.SessionLimits} and the other limits records, all built in
 * {@code platform.OsmosisConfig}.
 *
 * @param serverName {@code $ServerName}
 * @param connector {@code $Connector} of the WebSocket connector
 * @param maxMessageSize largest inbound message in bytes (not the outbound batch: {@code
 *     protocol.SessionLimits.maxOutboundFrameBytes})
 * @param maxReconnectTimeout the most a client may ask to be kept for after losing its connection
 * @param maxOutboundQueue messages queued for one connection before it is closed as a slow consumer
 * @param handshakeTimeout how long a new connection has to send {@code connect}
 * @param recoveryBufferSize most messages a sequenced session keeps unacknowledged (sent or waiting while it
 *     reconnects); past it the session closes with LOST_MESSAGES
 */
public record ServerSettings(
    String serverName,
    String connector,
    int maxMessageSize,
    Duration maxReconnectTimeout,
    int maxOutboundQueue,
    Duration handshakeTimeout,
    int recoveryBufferSize) {

  public static ServerSettings defaults() {
    return new ServerSettings("osmosis", "client-websocket", 65536, Duration.ofSeconds(60), 10_000,
        Duration.ofSeconds(10), 10_000);
  }
}
