package dev.osmosis.client;

import static java.lang.System.Logger.Level.DEBUG;

import dev.osmosis.client.Session.State;
import dev.osmosis.wire.CloseReason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Opens the transports of one {@link Connection}: the opening (seed 002 "Connecting with multiple
 * transports": the configured transports in order, then the initial retry strategy) and the
 * reconnect attempts of a recovering session (PROTOCOL.md §12: the transports in order, then the
 * reconnection strategy's backoff, until the reconnect timeout). Runs on the connection's event
 * thread; each attempt takes a new epoch so that a stale transport's events are ignored.
 *
 * <p>With a server list ({@link SessionFactory#open(String, String...)}) every server is tried with
 * every transport: opening goes through the servers in order; a round of reconnect attempts starts
 * with the server the session was on and goes on with the others in list order (wrapping), and a
 * server that refuses the reconnect ({@code HANDSHAKE_REJECTED}: it does not know the session)
 * hands over to the next one (docs/RECONNECTION.md "Server lists").
 */
final class Dialer {

  private static final System.Logger LOG = System.getLogger(Connection.class.getName());

  /** Opens a transport of the given kind (a seam for tests). */
  @FunctionalInterface
  interface TransportOpener {
    CompletableFuture<Channel> open(
        Transport kind, URI uri, Duration timeout, Channel.Receiver receiver);
  }

  private final Connection connection;
  private final SessionConfig config;

  private volatile List<URI> servers = List.of();
  private volatile TransportOpener opener = this::openTransport;

  /** The server (index in {@link #servers}) the session is, or was last, connected to. */
  private volatile int home;

  /** The server (index in {@link #servers}) of the opening or reconnect attempt under way. */
  private int serverIndex;

  /** Servers tried in this round of reconnect attempts, and how many of them refused. */
  private int roundTried;

  private int roundRefused;

  /**
   * Opening by {@link #connect}: a transport that fails before {@code connected} hands over to the
   * next.
   */
  private boolean cascading;

  /**
   * The transport (index in the configured list) of the opening attempt, and the initial retries
   * left.
   */
  private int openIndex;

  private int openRetries;

  /** The transport (index in the configured list) of the current reconnect attempt. */
  private int reconnectIndex;

  private long recoveringSince;
  private int attempt;

  Dialer(Connection connection, SessionConfig config) {
    this.connection = connection;
    this.config = config;
  }

  void uri(URI target) {
    servers(List.of(target));
  }

  /** The servers to open and reconnect to, in order (at least one). */
  void servers(List<URI> targets) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no server");
    }
    this.servers = List.copyOf(targets);
    this.home = 0;
  }

  /** The server the session is, or was last, connected to; null before any was set. */
  URI server() {
    List<URI> all = servers;
    return all.isEmpty() ? null : all.get(home);
  }

  /** The attempt under way got its {@code connected}: its server is the session's server now. */
  void connectedTo() {
    home = serverIndex;
  }

  void opener(TransportOpener transports) {
    this.opener = transports;
  }

  /**
   * The real transports, with the TLS context the factory was given (SessionFactory#sslContext).
   */
  private CompletableFuture<Channel> openTransport(
      Transport kind, URI target, Duration timeout, Channel.Receiver receiver) {
    return kind == Transport.HTTP_POLLING
        ? HttpPollingTransport.open(config.tls().pollingClient(), target, timeout, receiver)
        : WebSocketTransport.open(config.tls().webSocketClient(), target, timeout, receiver);
  }

  // ------------------------------------------------------------ opening

  /**
   * Whether the session is being opened by {@link #connect} (not handed a transport by {@link
   * Connection#start}).
   */
  boolean isCascading() {
    return cascading;
  }

  /**
   * Opens the session: tries the configured transports in order, each given the connection timeout
   * to open and answer the handshake; one that fails hands over to the next; after the last, the
   * initial retry strategy starts the list again (not after a refusal); then opening fails. On the
   * event thread.
   */
  void connect() {
    cascading = true;
    attemptOpen(0, 0, config.recovery().initialRetry().attempts());
  }

  private void attemptOpen(int server, int index, int retriesLeft) {
    if (connection.getState() != State.CONNECTING) {
      return;
    }
    serverIndex = server;
    openIndex = index;
    openRetries = retriesLeft;
    int e = connection.link().nextEpoch();
    Duration timeout = config.connectionTimeout();
    opener
        .open(
            config.transports().get(index),
            servers.get(server),
            timeout,
            connection.link().receiver(e))
        .whenComplete(
            (opened, error) ->
                connection.execute(
                    () -> {
                      if (e != connection.link().epoch()
                          || connection.getState() != State.CONNECTING) {
                        if (opened != null) {
                          opened.abort();
                        }
                        return;
                      }
                      if (error != null) {
                        openFailed(error);
                        return;
                      }
                      connection.attach(opened, config.transports().get(openIndex));
                      connection.sendRaw(Json.write(config.connectMessage()));
                      CompletableFuture.delayedExecutor(
                              timeout.toMillis(), TimeUnit.MILLISECONDS, connection.events())
                          .execute(
                              () -> {
                                if (e == connection.link().epoch()
                                    && connection.getState() == State.CONNECTING) {
                                  openFailed(
                                      new HttpTimeoutException(
                                          "No answer from the server within " + timeout));
                                }
                              });
                    }));
  }

  /**
   * The opening attempt's transport failed: the next transport, or the next server, or the list
   * again, or the end.
   */
  void openFailed(Throwable error) {
    connection.link().detach();
    List<Transport> transports = config.transports();
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (openIndex + 1 < transports.size()) {
      LOG.log(
          DEBUG,
          "Could not connect with {0} ({1}); trying {2}",
          transports.get(openIndex),
          String.valueOf(cause.getMessage()),
          transports.get(openIndex + 1));
      attemptOpen(serverIndex, openIndex + 1, openRetries);
    } else if (serverIndex + 1 < servers.size()) {
      LOG.log(
          DEBUG,
          "Could not connect to {0} ({1}); trying {2}",
          servers.get(serverIndex),
          String.valueOf(cause.getMessage()),
          servers.get(serverIndex + 1));
      attemptOpen(serverIndex + 1, 0, openRetries);
    } else if (openRetries > 0 && !isRefusal(cause)) {
      int retries = openRetries - 1;
      CompletableFuture.delayedExecutor(
              config.recovery().initialRetry().intervalMillis(),
              TimeUnit.MILLISECONDS,
              connection.events())
          .execute(() -> attemptOpen(0, 0, retries));
    } else {
      connection.connectFailed(cause);
    }
  }

  /**
   * The transport ended before the handshake completed, for {@code reason}: as a failed opening.
   */
  void openLost(CloseReason reason, String message, Throwable cause) {
    openFailed(cause != null ? cause : new IOException(reason + " " + message));
  }

  /**
   * The server answered the opening with an HTTP status: retrying the same would meet the same
   * answer.
   */
  private static boolean isRefusal(Throwable cause) {
    return cause instanceof WebSocketHandshakeException
        || cause instanceof HttpPollingTransport.RefusedException;
  }

  /**
   * Why the transport could not be opened: the close reason and the message the session ends with.
   */
  static Map.Entry<CloseReason, String> failure(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    if (cause instanceof HttpTimeoutException) {
      return Map.entry(CloseReason.CONNECTION_TIMEOUT, message);
    } else if (cause instanceof WebSocketHandshakeException) {
      // the server answered the upgrade with an HTTP status (e.g. 403 for a refused Origin)
      return Map.entry(
          CloseReason.HANDSHAKE_REJECTED,
          "HTTP " + ((WebSocketHandshakeException) cause).getResponse().statusCode());
    } else if (cause instanceof HttpPollingTransport.RefusedException) {
      // the polling transport's opening POST got a 4xx (e.g. 403)
      return Map.entry(CloseReason.HANDSHAKE_REJECTED, message);
    }
    return Map.entry(CloseReason.CONNECTION_ERROR, message);
  }

  // ------------------------------------------------------------ reconnecting (§12)

  /**
   * The active session lost its connection: reconnect, starting with the first transport to the
   * server it was on.
   */
  void startRecovery() {
    recoveringSince = System.nanoTime();
    attempt = 0;
  }

  /** Schedules the first reconnect attempt after the strategy's first delay. */
  void scheduleAttempt() {
    scheduleAttempt(Next.ROUND);
  }

  /** Where the next reconnect attempt goes. */
  private enum Next {
    TRANSPORT,
    SERVER,
    ROUND
  }

  /**
   * The reconnect attempt failed: the next transport of the list at once, or the next server at
   * once, or (the round is over) the server it was on after the backoff.
   */
  void reconnectFailed() {
    if (reconnectIndex + 1 < config.transports().size()) {
      scheduleAttempt(Next.TRANSPORT);
    } else {
      nextServer();
    }
  }

  /**
   * The server of the reconnect attempt refused it ({@code HANDSHAKE_REJECTED}: it does not know
   * the session). With a server list the next server is tried, and true is returned; false (the
   * session must close with the refusal) when there is a single server or every server of this
   * round refused.
   */
  boolean reconnectRefused() {
    if (servers.size() < 2) {
      return false;
    }
    roundRefused++;
    if (roundRefused >= servers.size()) {
      return false;
    }
    nextServer();
    return true;
  }

  private void nextServer() {
    roundTried++;
    scheduleAttempt(roundTried < servers.size() ? Next.SERVER : Next.ROUND);
  }

  private void scheduleAttempt(Next next) {
    if (connection.getState() != State.RECOVERING_RECONNECT) {
      return;
    }
    long timeout = connection.grant().limits().reconnectTimeout().toMillis();
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - recoveringSince);
    if (elapsed >= timeout) {
      connection.finish(
          CloseReason.RECONNECT_ABORTED,
          "Could not reconnect within the reconnect timeout of " + timeout + " ms",
          null);
      return;
    }
    long delay;
    if (next == Next.TRANSPORT) {
      reconnectIndex++;
      delay = 0;
    } else if (next == Next.SERVER) {
      reconnectIndex = 0;
      serverIndex = (serverIndex + 1) % servers.size();
      delay = 0;
    } else {
      reconnectIndex = 0;
      serverIndex = home;
      roundTried = 0;
      roundRefused = 0;
      delay = Math.min(config.recovery().strategy().delay(attempt++).toMillis(), timeout - elapsed);
    }
    int e = connection.link().epoch();
    CompletableFuture.delayedExecutor(
            Math.max(0, delay), TimeUnit.MILLISECONDS, connection.events())
        .execute(() -> attemptReconnect(e));
  }

  private void attemptReconnect(int expected) {
    if (connection.getState() != State.RECOVERING_RECONNECT
        || expected != connection.link().epoch()) {
      return;
    }
    int e = connection.link().nextEpoch();
    Duration timeout = config.connectionTimeout();
    Transport kind = config.transports().get(reconnectIndex);
    URI server = servers.get(serverIndex);
    Channel.Receiver receiver = connection.link().receiver(e);
    opener
        .open(kind, server, timeout, receiver)
        .whenComplete(
            (opened, error) ->
                connection.execute(
                    () -> {
                      if (e != connection.link().epoch()
                          || connection.getState() != State.RECOVERING_RECONNECT) {
                        if (opened != null) {
                          opened.abort();
                        }
                        return;
                      }
                      if (error != null) {
                        LOG.log(
                            DEBUG,
                            "Reconnect attempt to {0} with {1} failed: {2}",
                            server,
                            kind,
                            String.valueOf(error.getMessage()));
                        connection.link().nextEpoch();
                        reconnectFailed();
                        return;
                      }
                      connection.attach(opened, kind);
                      Grant g = connection.grant();
                      Map<String, Object> connect = Messages.message("connect");
                      connect.put("v", SessionConfig.PROTOCOL_VERSION);
                      connect.put("seq", true);
                      connect.put("sessionId", g.sessionId().toString());
                      connect.put("token", g.token());
                      connect.put("ack", connection.received());
                      connect.put("topics", connection.topicSequences());
                      Map<String, Object> notified = connection.notifiedDigest();
                      if (notified != null) {
                        connect.put("notified", notified);
                      }
                      connection.sendRaw(Json.write(connect));
                      // no answer in time: drop this transport and try again
                      CompletableFuture.delayedExecutor(
                              timeout.toMillis(), TimeUnit.MILLISECONDS, connection.events())
                          .execute(
                              () -> {
                                if (e == connection.link().epoch()
                                    && connection.getState() == State.RECOVERING_RECONNECT) {
                                  opened.abort();
                                  connection.link().nextEpoch();
                                  reconnectFailed();
                                }
                              });
                    }));
  }
}
