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
    List<Session.Listener> listeners,
    Recovery recovery,
    List<Transport> transports) {

  /**
   * Reconnection (docs/RECONNECTION.md) and initial retries.
   *
   * @param enabled ask the server for a sequenced, reconnectable session and reconnect on connection loss
   * @param strategy the delays between reconnect attempts
   * @param initialRetry retries of the first connection
   * @param liveness no inbound traffic for this long means the server is gone (zero: never checked)
   */
  record Recovery(boolean enabled, ReconnectionStrategy strategy, RetryStrategy initialRetry,
      java.time.Duration liveness) {
    static final Recovery DEFAULT = new Recovery(true, ReconnectionStrategy.backoff(), RetryStrategy.NONE,
        java.time.Duration.ofSeconds(30));
  }

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
    if (recovery.enabled()) {
      connect.put("seq", true);
    }
    if (reconnectTimeout != null) {
      connect.put("reconnectTimeout", reconnectTimeout.toMillis());
    }
    return connect;
  }
}
