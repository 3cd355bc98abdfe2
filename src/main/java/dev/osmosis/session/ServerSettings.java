package dev.osmosis.session;

import java.time.Duration;
import java.util.Set;

/**
 * What the operator configured for client sessions (payara-config/osmosis.properties), already validated.
 *
 * @param serverName {@code $ServerName}
 * @param connector {@code $Connector} of the WebSocket connector
 * @param maxMessageSize largest inbound frame in bytes
 * @param maxReconnectTimeout the most a client may ask to be kept for after losing its connection
 * @param maxOutboundQueue messages queued for one connection before it is closed as a slow consumer
 * @param handshakeTimeout how long a new connection has to send {@code connect}
 * @param allowedOrigins browser origins allowed besides the server's own (exact matches)
 * @param production refuse to start while a default password remains, and no development warnings
 * @param maxRooms most rooms of ingress handlers on this server at once
 * @param maxRoomsPerSession most rooms one ingress session may be in at once
 * @param requestTimeout how long a request (to a handler, a session or a filter's sessions) waits for its response
 * @param maxPendingRequests most responses one session may await at once (a filter request counts one per
 *     session addressed); also the most lock acquisitions one session may have queued
 * @param recoveryBufferSize most messages a sequenced session keeps unacknowledged (sent or waiting while it
 *     reconnects); past it the session closes with LOST_MESSAGES
 * @param pingInterval how long a connection may be silent before the server pings it (0: never)
 * @param livenessTimeout how long without any inbound traffic before a connection counts as lost (0: never)
 * @param pollHold how long an HTTP long poll is held before an empty answer (204); a polling connection with no
 *     poll for this plus 10 s is dropped (docs/PROTOCOL.md §13)
 * @param maxPollConnectionsPerAddress most HTTP polling connections open at once from one remote address
 */
public record ServerSettings(
    String serverName,
    String connector,
    int maxMessageSize,
    Duration maxReconnectTimeout,
    int maxOutboundQueue,
    Duration handshakeTimeout,
    Set<String> allowedOrigins,
    boolean production,
    int maxRooms,
    int maxRoomsPerSession,
    Duration requestTimeout,
    int maxPendingRequests,
    int recoveryBufferSize,
    Duration pingInterval,
    Duration livenessTimeout,
    Duration pollHold,
    int maxPollConnectionsPerAddress) {

  public static ServerSettings defaults() {
    return new ServerSettings("osmosis", "client-websocket", 65536, Duration.ofSeconds(60), 10_000,
        Duration.ofSeconds(10), Set.of(), false, 100_000, 100,
        Duration.ofSeconds(30), 1_000, 10_000, Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofSeconds(25), 100);
  }
}
