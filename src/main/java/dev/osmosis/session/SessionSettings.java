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
 * @param connector {@code $Connector} of sessions opened through the WebSocket endpoint ({@code
 *     osmosis.connector})
 * @param maxReconnectTimeout the most a client may ask to be kept for after losing its connection
 *     ({@code osmosis.maxReconnectTimeoutMillis})
 * @param pollingConnector {@code $Connector} of sessions opened through the HTTP long-polling
 *     endpoint ({@code osmosis.pollingConnector})
 */
public record SessionSettings(
    String serverName, String connector, Duration maxReconnectTimeout, String pollingConnector) {

  public static final String DEFAULT_CONNECTOR = "client-websocket";
  public static final String DEFAULT_POLLING_CONNECTOR = "client-http-polling";

  /** Settings with the default polling connector name. */
  public SessionSettings(String serverName, String connector, Duration maxReconnectTimeout) {
    this(serverName, connector, maxReconnectTimeout, DEFAULT_POLLING_CONNECTOR);
  }

  public static SessionSettings defaults() {
    return new SessionSettings("osmosis", DEFAULT_CONNECTOR, Duration.ofSeconds(60));
  }

  /** The {@code $Connector} of a session opened over {@code transport}. */
  public String connector(Transport transport) {
    return transport == Transport.HTTP_LONG_POLL ? pollingConnector : connector;
  }
}
