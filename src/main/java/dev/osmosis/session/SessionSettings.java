package dev.osmosis.session;

import java.time.Duration;

/**
 * Who the sessions of this server are and how long they may be kept
 * (payara-config/osmosis.properties), already validated. Other features own their settings ({@code
 * connection.ConnectionSettings}, {@code room.RoomLimits}, {@code message.RequestSettings}, {@code
 * transport.poll.PollSettings}, {@code transport.websocket.LivenessSettings}, {@code
 * platform.DeploymentSettings} and the limits records), all built in {@code
 * platform.OsmosisConfig}.
 *
 * @param serverName {@code $ServerName} ({@code osmosis.serverName})
 * @param connector {@code $Connector} of the WebSocket connector ({@code osmosis.connector})
 * @param maxReconnectTimeout the most a client may ask to be kept for after losing its connection
 *     ({@code osmosis.maxReconnectTimeoutMillis})
 */
public record SessionSettings(String serverName, String connector, Duration maxReconnectTimeout) {

  public static SessionSettings defaults() {
    return new SessionSettings("osmosis", "client-websocket", Duration.ofSeconds(60));
  }
}
