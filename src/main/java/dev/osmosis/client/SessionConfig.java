package dev.osmosis.client;

import dev.osmosis.wire.ClientType;
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
    List<Transport> transports,
    Tls tls) {

  /**
   * The TLS context of {@code wss://} (and {@code https://} polling) connections, with the two HTTP
   * clients built on it once per factory setting; {@link #DEFAULT} uses the JVM's default context
   * (its trust store).
   */
  record Tls(
      javax.net.ssl.SSLContext context,
      java.net.http.HttpClient webSocketClient,
      java.net.http.HttpClient pollingClient) {
    static final Tls DEFAULT = new Tls(null, null, null);

    static Tls of(javax.net.ssl.SSLContext context) {
      return new Tls(
          context,
          java.net.http.HttpClient.newBuilder().sslContext(context).build(),
          java.net.http.HttpClient.newBuilder()
              .sslContext(context)
              .version(java.net.http.HttpClient.Version.HTTP_1_1)
              .build());
    }
  }

  /**
   * Reconnection (docs/RECONNECTION.md) and initial retries.
   *
   * @param enabled ask the server for a sequenced, reconnectable session and reconnect on
   *     connection loss
   * @param strategy the delays between reconnect attempts
   * @param initialRetry retries of the first connection
   * @param liveness no inbound traffic for this long means the server is gone (zero: never checked)
   */
  record Recovery(
      boolean enabled,
      ReconnectionStrategy strategy,
      RetryStrategy initialRetry,
      java.time.Duration liveness) {
    static final Recovery DEFAULT =
        new Recovery(
            true,
            ReconnectionStrategy.backoff(),
            RetryStrategy.NONE,
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
      connect.put("topics", Map.of()); // resumes topics by sequence numbers (PROTOCOL.md §12)
    }
    if (reconnectTimeout != null) {
      connect.put("reconnectTimeout", reconnectTimeout.toMillis());
    }
    return connect;
  }
}
