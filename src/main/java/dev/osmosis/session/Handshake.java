package dev.osmosis.session;

import java.util.Map;

/**
 * What a transport learned when a client asked to open a session: its {@code connect} message plus
 * what the connection itself tells (address, transport).
 *
 * @param clientType the declared client type name as sent (null = OTHER); validated by {@link
 *     Sessions}
 * @param principal null or "" for an anonymous session
 * @param credentials never logged
 * @param requestedReconnectTimeoutMillis negative when the client did not ask
 */
public record Handshake(
    String clientType,
    String principal,
    String credentials,
    Map<String, String> proposedProperties,
    Transport transport,
    String clientIp,
    long requestedReconnectTimeoutMillis) {

  @Override
  public String toString() {
    return "Handshake["
        + clientType
        + ", principal="
        + principal
        + ", "
        + transport
        + ", "
        + clientIp
        + "]";
  }
}
