package dev.osmosis.client;

import dev.osmosis.wire.ClientType;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Configures and opens sessions. Immutable and thread-safe: every setter returns a new factory, so
 * a configured factory can be shared and reused.
 *
 * <pre>{@code
 * Session session = Osmosis.sessions()
 *     .principal("client").password("password")
 *     .property("Department", "Accounts")
 *     .open("ws://localhost:8080");
 * }</pre>
 */
public final class SessionFactory {

  static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

  static final SessionFactory DEFAULT =
      new SessionFactory(
          ServerAddress.DEFAULT,
          new SessionConfig(
              null,
              null,
              Map.of(),
              ClientType.JAVA,
              null,
              DEFAULT_CONNECTION_TIMEOUT,
              List.of(),
              SessionConfig.Recovery.DEFAULT,
              List.of(Transport.WEBSOCKET),
              SessionConfig.Tls.DEFAULT));

  /** Threads the sessions' serial event executors run on; daemon, so they never keep a JVM up. */
  private static final ExecutorService EVENT_THREADS =
      Executors.newCachedThreadPool(
          new java.util.concurrent.ThreadFactory() {
            private final AtomicInteger count = new AtomicInteger();

            @Override
            public Thread newThread(Runnable task) {
              Thread thread = new Thread(task, "osmosis-client-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            }
          });

  private final SessionConfig config;
  private final ServerAddress server;

  private SessionFactory(ServerAddress server, SessionConfig config) {
    this.server = server;
    this.config = config;
  }

  /**
   * The host of the server {@link #open()} connects to (seed 002 {@code serverHost}); {@code
   * localhost} by default. Not used by {@link #open(String)}, whose URL names the server.
   */
  public SessionFactory serverHost(String host) {
    return new SessionFactory(server.withHost(host), config);
  }

  /**
   * The port of the server {@link #open()} connects to (seed 002 {@code serverPort}); by default
   * 80, or 443 with {@link #secureTransport(boolean) secureTransport(true)}.
   *
   * @throws IllegalArgumentException unless 1 to 65535
   */
  public SessionFactory serverPort(int port) {
    return new SessionFactory(server.withPort(port), config);
  }

  /**
   * Whether {@link #open()} connects with TLS ({@code wss://}, and {@code https://} for HTTP
   * polling); {@code false} by default (seed 002 {@code secureTransport}).
   */
  public SessionFactory secureTransport(boolean secure) {
    return new SessionFactory(server.withSecure(secure), config);
  }

  /**
   * Opens a session with the server of {@link #serverHost}, {@link #serverPort} and {@link
   * #secureTransport} and waits until it is connected: the same as {@link #open(String)} with
   * {@code ws[s]://host:port}.
   *
   * <pre>{@code
   * Session session = Osmosis.sessions()
   *     .principal("client").password("password")
   *     .transports(Transport.WEBSOCKET).secureTransport(false)
   *     .serverHost("localhost").serverPort(8080)
   *     .open();
   * }</pre>
   *
   * @throws SessionEstablishmentException if the server refuses the session or it cannot connect
   */
  public Session open() {
    return open(server.url());
  }

  /**
   * Opens a session as {@link #open()} does; the future completes as {@link #openAsync(String)}'s.
   */
  public CompletableFuture<Session> openAsync() {
    return openAsync(server.url());
  }

  /**
   * The reconnect timeout to request, in milliseconds (seed/Diffusion name of {@link
   * #reconnectTimeout(Duration)}); the server grants at most its own maximum.
   */
  public SessionFactory reconnectionTimeout(int millis) {
    return reconnectTimeout(Duration.ofMillis(millis));
  }

  /** The principal to authenticate as; {@code null} or empty for an anonymous session. */
  public SessionFactory principal(String principal) {
    return with(
        principal,
        config.credentials(),
        config.properties(),
        config.clientType(),
        config.reconnectTimeout(),
        config.connectionTimeout(),
        config.listeners());
  }

  /** The password of the principal; the same as {@link #credentials(String)}. */
  public SessionFactory password(String password) {
    return credentials(password);
  }

  /** The credentials (a password) of the principal. */
  public SessionFactory credentials(String credentials) {
    return with(
        config.principal(),
        credentials,
        config.properties(),
        config.clientType(),
        config.reconnectTimeout(),
        config.connectionTimeout(),
        config.listeners());
  }

  /** Replaces the user properties proposed in the handshake. */
  public SessionFactory properties(Map<String, String> properties) {
    Map<String, String> copy = new LinkedHashMap<>();
    properties.forEach(
        (key, value) ->
            copy.put(
                Objects.requireNonNull(key, "property key"), Objects.requireNonNull(value, key)));
    return withProperties(copy);
  }

  /** Adds (or replaces) one proposed user property. */
  public SessionFactory property(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(config.properties());
    copy.put(Objects.requireNonNull(key, "property key"), Objects.requireNonNull(value, key));
    return withProperties(copy);
  }

  /** The client type declared in the handshake; {@link ClientType#JAVA} by default. */
  public SessionFactory clientType(ClientType clientType) {
    return with(
        config.principal(),
        config.credentials(),
        config.properties(),
        Objects.requireNonNull(clientType, "clientType"),
        config.reconnectTimeout(),
        config.connectionTimeout(),
        config.listeners());
  }

  /** The reconnect timeout to request; the server grants at most its own maximum. */
  public SessionFactory reconnectTimeout(Duration timeout) {
    return with(
        config.principal(),
        config.credentials(),
        config.properties(),
        config.clientType(),
        positive(timeout, "reconnectTimeout"),
        config.connectionTimeout(),
        config.listeners());
  }

  /**
   * How long opening may take, from the connection attempt to the server's answer; 10 s default.
   */
  public SessionFactory connectionTimeout(Duration timeout) {
    return with(
        config.principal(),
        config.credentials(),
        config.properties(),
        config.clientType(),
        config.reconnectTimeout(),
        positive(timeout, "connectionTimeout"),
        config.listeners());
  }

  /** Adds a state listener to every session this factory opens, before it connects. */
  public SessionFactory listener(Session.Listener listener) {
    List<Session.Listener> copy = new ArrayList<>(config.listeners());
    copy.add(Objects.requireNonNull(listener, "listener"));
    return with(
        config.principal(),
        config.credentials(),
        config.properties(),
        config.clientType(),
        config.reconnectTimeout(),
        config.connectionTimeout(),
        Collections.unmodifiableList(copy));
  }

  /**
   * The transports to connect with, in order ({@link Transport#WEBSOCKET} alone by default): if the
   * session cannot connect with one (it cannot open, or the server does not answer within the
   * connection timeout), the next is tried; opening fails after the last. A refusal by the server
   * is not retried. Reconnection uses the same list. A transport may appear more than once.
   *
   * <pre>{@code
   * Session session = Osmosis.sessions().principal("client").password("password")
   *     .transports(Transport.WEBSOCKET, Transport.HTTP_POLLING)
   *     .open("ws://localhost:8080");
   * }</pre>
   */
  public SessionFactory transports(Transport... transports) {
    if (transports == null || transports.length == 0) {
      throw new IllegalArgumentException("transports must name at least one transport");
    }
    List<Transport> list = List.of(transports); // rejects null elements
    return new SessionFactory(
        server,
        new SessionConfig(
            config.principal(),
            config.credentials(),
            config.properties(),
            config.clientType(),
            config.reconnectTimeout(),
            config.connectionTimeout(),
            config.listeners(),
            config.recovery(),
            list,
            config.tls()));
  }

  /**
   * The TLS context {@code wss://} connections (and {@code https://} polling) are made with,
   * instead of the JVM's default one: its trust managers decide which server certificates are
   * accepted, its key managers which client certificate is offered. Needed for a server whose
   * certificate does not chain to the JVM's trust store (a self-signed or private-CA certificate),
   * without changing the trust store of the whole JVM:
   *
   * <pre>{@code
   * KeyStore trust = KeyStore.getInstance("PKCS12");
   * try (InputStream in = Files.newInputStream(Path.of("osmosis-trust.p12"))) {
   *   trust.load(in, "changeit".toCharArray());
   * }
   * TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
   * tmf.init(trust);
   * SSLContext tls = SSLContext.getInstance("TLS");
   * tls.init(null, tmf.getTrustManagers(), null);
   * Session session = Osmosis.sessions().sslContext(tls).open("wss://osmosis.example.com:8443");
   * }</pre>
   *
   * The host name is still checked against the certificate. The context is not used for {@code
   * ws://} URLs.
   */
  public SessionFactory sslContext(javax.net.ssl.SSLContext context) {
    return new SessionFactory(
        server,
        new SessionConfig(
            config.principal(),
            config.credentials(),
            config.properties(),
            config.clientType(),
            config.reconnectTimeout(),
            config.connectionTimeout(),
            config.listeners(),
            config.recovery(),
            config.transports(),
            SessionConfig.Tls.of(Objects.requireNonNull(context, "sslContext"))));
  }

  /**
   * Opens a session and waits until it is connected.
   *
   * @param url the server, e.g. {@code ws://localhost:8080}; {@code /osmosis} is appended when the
   *     URL has no path
   * @throws SessionEstablishmentException if the server refuses the session or it cannot connect
   * @throws IllegalArgumentException if the URL is not a {@code ws}/{@code wss} URL
   */
  public Session open(String url) {
    try {
      return openAsync(url).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof SessionEstablishmentException) {
        throw (SessionEstablishmentException) e.getCause();
      }
      throw e;
    }
  }

  /**
   * Opens a session. The future completes when it is connected, or exceptionally with a {@link
   * SessionEstablishmentException}; it completes on the session's event thread.
   *
   * @throws IllegalArgumentException if the URL is not a {@code ws}/{@code wss} URL
   */
  public CompletableFuture<Session> openAsync(String url) {
    return openAsync(url, new String[0]);
  }

  /**
   * Opens a session with a list of servers (the nodes of a cluster) and waits until it is
   * connected. Opening tries the servers in the order given (each with every configured transport)
   * and connects to the first that answers; the initial retry strategy starts the list again. A
   * session that loses its connection reconnects first to the server it was on, then to the others
   * in list order, within the reconnect timeout; a server that does not know the session (it
   * answers {@code HANDSHAKE_REJECTED}) hands over to the next (docs/RECONNECTION.md "Server
   * lists"). {@link Session#getServerUrl()} tells which server the session is on.
   *
   * <pre>{@code
   * Session session = Osmosis.sessions().open("ws://node1:8080", "ws://node2:8080");
   * }</pre>
   *
   * @throws SessionEstablishmentException if every server refused the session or none could be
   *     reached
   * @throws IllegalArgumentException if a URL is not a {@code ws}/{@code wss} URL
   */
  public Session open(String url, String... moreUrls) {
    try {
      return openAsync(url, moreUrls).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof SessionEstablishmentException) {
        throw (SessionEstablishmentException) e.getCause();
      }
      throw e;
    }
  }

  /**
   * Opens a session with a list of servers, as {@link #open(String, String...)}; the future
   * completes as {@link #openAsync(String)}'s.
   *
   * @throws IllegalArgumentException if a URL is not a {@code ws}/{@code wss} URL
   */
  public CompletableFuture<Session> openAsync(String url, String... moreUrls) {
    List<URI> servers = new ArrayList<>();
    servers.add(serverUri(url));
    for (String more : Objects.requireNonNull(moreUrls, "moreUrls")) {
      servers.add(serverUri(more));
    }
    ClientSession session = new ClientSession(config, EVENT_THREADS);
    Connection connection = session.connection();
    connection.servers(servers);
    connection.connect();
    return connection.established().copy();
  }

  /** The WebSocket URI of a server URL: http(s) becomes ws(s); no path becomes {@code /osmosis}. */
  static URI serverUri(String url) {
    try {
      URI uri = new URI(Objects.requireNonNull(url, "url"));
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      scheme = scheme.equals("http") ? "ws" : scheme.equals("https") ? "wss" : scheme;
      if (!(scheme.equals("ws") || scheme.equals("wss")) || uri.getHost() == null) {
        throw new IllegalArgumentException("Not a ws:// or wss:// server URL: " + url);
      }
      String path = uri.getPath();
      if (path == null || path.isEmpty() || path.equals("/")) {
        path = "/osmosis";
      }
      return new URI(scheme, null, uri.getHost(), uri.getPort(), path, uri.getQuery(), null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Not a server URL: " + url, e);
    }
  }

  SessionConfig config() {
    return config;
  }

  private SessionFactory withProperties(Map<String, String> properties) {
    return with(
        config.principal(),
        config.credentials(),
        Collections.unmodifiableMap(properties),
        config.clientType(),
        config.reconnectTimeout(),
        config.connectionTimeout(),
        config.listeners());
  }

  private SessionFactory with(
      String principal,
      String credentials,
      Map<String, String> properties,
      ClientType clientType,
      Duration reconnectTimeout,
      Duration connectionTimeout,
      List<Session.Listener> listeners) {
    return new SessionFactory(
        server,
        new SessionConfig(
            principal,
            credentials,
            properties,
            clientType,
            reconnectTimeout,
            connectionTimeout,
            listeners,
            config.recovery(),
            config.transports(),
            config.tls()));
  }

  private SessionFactory with(SessionConfig.Recovery recovery) {
    return new SessionFactory(
        server,
        new SessionConfig(
            config.principal(),
            config.credentials(),
            config.properties(),
            config.clientType(),
            config.reconnectTimeout(),
            config.connectionTimeout(),
            config.listeners(),
            recovery,
            config.transports(),
            config.tls()));
  }

  /**
   * Reconnects with {@code strategy} after a lost connection (reconnection is on by default, with
   * exponential backoff from 100 ms to 5 s), until the reconnect timeout the server granted passes.
   */
  public SessionFactory reconnectionStrategy(ReconnectionStrategy strategy) {
    SessionConfig.Recovery r = config.recovery();
    return with(
        new SessionConfig.Recovery(
            true, Objects.requireNonNull(strategy, "strategy"), r.initialRetry(), r.liveness()));
  }

  /**
   * Turns reconnection off: a lost connection closes the session (plain protocol v1, no sequence
   * numbers).
   */
  public SessionFactory noReconnection() {
    SessionConfig.Recovery r = config.recovery();
    return with(new SessionConfig.Recovery(false, r.strategy(), r.initialRetry(), r.liveness()));
  }

  /** Retries the first connection when the server cannot be reached (seed 002). */
  public SessionFactory initialRetryStrategy(RetryStrategy strategy) {
    SessionConfig.Recovery r = config.recovery();
    return with(
        new SessionConfig.Recovery(
            r.enabled(), r.strategy(), Objects.requireNonNull(strategy, "strategy"), r.liveness()));
  }

  /**
   * How long without any message from the server before the client counts the connection as lost
   * and starts reconnecting (default 30 s; the server pings idle connections every 10 s). Zero
   * disables the check.
   */
  public SessionFactory livenessTimeout(Duration timeout) {
    SessionConfig.Recovery r = config.recovery();
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("livenessTimeout must not be negative: " + timeout);
    }
    return with(new SessionConfig.Recovery(r.enabled(), r.strategy(), r.initialRetry(), timeout));
  }

  private static Duration positive(Duration duration, String name) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
    return duration;
  }
}
