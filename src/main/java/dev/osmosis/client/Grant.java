package dev.osmosis.client;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** What the server granted in its {@code connected} answer (PROTOCOL.md §3). */
record Grant(
    SessionId sessionId,
    String token,
    String serverName,
    String principal,
    Set<String> roles,
    Map<String, String> properties,
    Limits limits) {

  static final int DEFAULT_MAX_MESSAGE_SIZE = 65_536;
  static final int DEFAULT_MAX_OUTBOUND_QUEUE = 10_000;

  /** The same grant from the server named {@code name} (unchanged if null or the same). */
  Grant onServer(String name) {
    if (name == null || name.equals(serverName)) {
      return this;
    }
    return new Grant(sessionId, token, name, principal, roles, properties, limits);
  }

  /**
   * Reads a {@code connected} message.
   *
   * @throws IllegalArgumentException if it lacks a session id
   */
  static Grant from(Map<String, Object> connected) {
    String id = Messages.string(connected, "sessionId", null);
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("The connected message has no sessionId");
    }
    Map<String, Object> limits = Messages.object(connected, "limits");
    return new Grant(
        SessionId.of(id),
        Messages.string(connected, "token", ""),
        Messages.string(connected, "server", ""),
        Messages.string(connected, "principal", ""),
        Messages.stringSet(connected, "roles"),
        Messages.stringMap(connected, "properties"),
        new Limits(
            (int) Messages.number(limits, "maxMessageSize", DEFAULT_MAX_MESSAGE_SIZE),
            Duration.ofMillis(Messages.number(limits, "reconnectTimeout", 0)),
            (int) Messages.number(limits, "maxOutboundQueue", DEFAULT_MAX_OUTBOUND_QUEUE)));
  }

  /** The token is a secret: never print it. */
  @Override
  public String toString() {
    return "Grant[sessionId="
        + sessionId
        + ", serverName="
        + serverName
        + ", principal="
        + principal
        + ", roles="
        + roles
        + "]";
  }
}
