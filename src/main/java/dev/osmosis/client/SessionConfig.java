package dev.osmosis.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What a {@link SessionFactory} fixed for one session: the content of its {@code connect}. */
record SessionConfig(
    String principal,
    String credentials,
    Map<String, String> properties,
    ClientType clientType,
    Duration reconnectTimeout,
    Duration connectionTimeout,
    List<Session.Listener> listeners) {

  static final int PROTOCOL_VERSION = 1;

  /** The handshake message of PROTOCOL.md §3. */
  Map<String, Object> connectMessage() {
    Map<String, Object> connect = Messages.message("connect");
    connect.put("v", PROTOCOL_VERSION);
    connect.put("clientType", clientType.name());
    if (principal != null && !principal.isEmpty()) {
      connect.put("principal", principal);
      if (credentials != null) {
        connect.put("credentials", credentials);
      }
    }
    if (!properties.isEmpty()) {
      connect.put("properties", properties);
    }
    if (reconnectTimeout != null) {
      connect.put("reconnectTimeout", reconnectTimeout.toMillis());
    }
    return connect;
  }
}
