package dev.osmosis.client;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import dev.osmosis.client.Session.Listener;
import dev.osmosis.client.Session.State;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The session core: the protocol state machine over one {@link Channel}, shared by the feature
 * groups of one {@link ClientSession}.
 *
 * <p>Every event (incoming frame, connection loss, timer, close) runs on one {@link
 * SerialExecutor}, so state changes and listener calls happen one at a time, in order. Feature
 * groups build on {@link #request}, {@link #send} and {@link #setHandler}.
 */
final class Connection implements Channel.Receiver {

  private static final System.Logger LOG = System.getLogger(Connection.class.getName());
  static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
  /** The client's recovery buffer: most messages kept until the server acknowledges them (PROTOCOL.md §12). */
  static final int MAX_UNACKED = 10_000;

  private final SessionConfig config;
  private final Session owner;
  private final SerialExecutor events;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final PendingRequests requests = new PendingRequests();
  private final Map<String, Consumer<Map<String, Object>>> handlers = new ConcurrentHashMap<>();
  private final CompletableFuture<Session> established = new CompletableFuture<>();
  private final CompletableFuture<Void> disconnected = new CompletableFuture<>();

  private volatile State state = State.CONNECTING;
  private volatile CloseReason closeReason;
  private volatile Channel transport;
  private volatile Grant grant;

  // ---- reconnection (PROTOCOL.md §12); outbound state guarded by outLock, inbound on the event thread
  private final Object outLock = new Object();
  private boolean sequenced;
  /** Messages may go to the transport (false while recovering, until the replay is sent). */
  private boolean live;
  private long nextSeq = 1;
  private final java.util.ArrayDeque<Out> unacked = new java.util.ArrayDeque<>();
  private volatile long received;
  private volatile long ackSent;
  private boolean ackTimerArmed;
  /** Which transport's events count: each reconnect attempt has its own; stale ones are ignored. */
  private volatile int epoch;
  private long recoveringSince;
  private int attempt;
  private volatile long lastInbound = System.nanoTime();
  private volatile java.net.URI uri;
  private volatile TransportOpener opener = this::openTransport;
  /** Opening by {@link #connect}: a transport that fails before {@code connected} hands over to the next. */
  private boolean cascading;
  /** The transport (index in the configured list) of the opening attempt, and the initial retries left. */
  private int openIndex;
  private int openRetries;
  /** The transport (index in the configured list) of the current reconnect attempt. */
  private int reconnectIndex;
  /** The kind of the current transport; null when it was handed over by {@link #start} (tests). */
  private volatile Transport transportKind;

  /** One sent, numbered message kept until the server acknowledges it. */
  private record Out(long seq, String text) {}

  /** The real transports, with the TLS context the factory was given (SessionFactory#sslContext). */
  private CompletableFuture<Channel> openTransport(Transport kind, java.net.URI target, Duration timeout,
      Channel.Receiver receiver) {
    return kind == Transport.HTTP_POLLING
        ? HttpPollingTransport.open(config.tls().pollingClient(), target, timeout, receiver)
        : WebSocketTransport.open(config.tls().webSocketClient(), target, timeout, receiver);
  }

  /** Opens a transport of the given kind (a seam for tests). */
  @FunctionalInterface
  interface TransportOpener {
    CompletableFuture<Channel> open(Transport kind, java.net.URI uri, Duration timeout, Channel.Receiver receiver);
  }

  Connection(SessionConfig config, Executor eventThreads, Session owner) {
    this.config = config;
    this.owner = owner;
    this.events = new SerialExecutor(eventThreads);
    this.listeners.addAll(config.listeners());
  }

  /** Completes when the handshake succeeds; fails with a {@link SessionEstablishmentException}. */
  CompletableFuture<Session> established() {
    return established;
  }

  void uri(java.net.URI target) {
    this.uri = target;
  }

  void opener(TransportOpener transports) {
    this.opener = transports;
  }

  /** The transport is open: send the handshake. Starts the connection timer. */
  void start(Channel opened) {
    events.execute(
        () -> {
          if (state.isClosed()) {
            opened.abort();
            return;
          }
          transport = opened;
          lastInbound = System.nanoTime();
          sendRaw(Json.write(config.connectMessage()));
        });
  }

  /**
   * Opens the session (seed 002 "Connecting with multiple transports"): tries the configured transports in order,
   * each given the connection timeout to open and answer the handshake; one that fails hands over to the next;
   * after the last, the initial retry strategy starts the list again (not after a refusal); then opening fails.
   */
  void connect() {
    events.execute(() -> {
      cascading = true;
      attemptOpen(0, config.recovery().initialRetry().attempts());
    });
  }

  private void attemptOpen(int index, int retriesLeft) {
    if (state != State.CONNECTING) {
      return;
    }
    openIndex = index;
    openRetries = retriesLeft;
    int e = ++epoch;
    Duration timeout = config.connectionTimeout();
    opener.open(config.transports().get(index), uri, timeout, receiver(e))
        .whenComplete((opened, error) -> events.execute(() -> {
          if (e != epoch || state != State.CONNECTING) {
            if (opened != null) {
              opened.abort();
            }
            return;
          }
          if (error != null) {
            openFailed(error);
            return;
          }
          transport = opened;
          transportKind = config.transports().get(openIndex);
          lastInbound = System.nanoTime();
          sendRaw(Json.write(config.connectMessage()));
          CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS, events).execute(() -> {
            if (e == epoch && state == State.CONNECTING) {
              openFailed(new HttpTimeoutException("No answer from the server within " + timeout));
            }
          });
        }));
  }

  /** The opening attempt's transport failed: the next transport, or the list again, or the end. */
  private void openFailed(Throwable error) {
    Channel failed = transport;
    transport = null;
    epoch++;
    if (failed != null) {
      failed.abort();
    }
    List<Transport> transports = config.transports();
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (openIndex + 1 < transports.size()) {
      LOG.log(DEBUG, "Could not connect with {0} ({1}); trying {2}", transports.get(openIndex),
          String.valueOf(cause.getMessage()), transports.get(openIndex + 1));
      attemptOpen(openIndex + 1, openRetries);
    } else if (openRetries > 0 && !isRefusal(cause)) {
      int retries = openRetries - 1;
      CompletableFuture.delayedExecutor(config.recovery().initialRetry().intervalMillis(), TimeUnit.MILLISECONDS,
          events).execute(() -> attemptOpen(0, retries));
    } else {
      connectFailed(cause);
    }
  }

  /** The server answered the opening with an HTTP status: retrying the same would meet the same answer. */
  private static boolean isRefusal(Throwable cause) {
    return cause instanceof WebSocketHandshakeException || cause instanceof HttpPollingTransport.RefusedException;
  }

  /** The transport could not be opened. */
  void connectFailed(Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    CloseReason reason;
    String message = String.valueOf(cause.getMessage());
    if (cause instanceof HttpTimeoutException) {
      reason = CloseReason.CONNECTION_TIMEOUT;
    } else if (cause instanceof WebSocketHandshakeException) {
      // the server answered the upgrade with an HTTP status (e.g. 403 for a refused Origin)
      reason = CloseReason.HANDSHAKE_REJECTED;
      message = "HTTP " + ((WebSocketHandshakeException) cause).getResponse().statusCode();
    } else if (cause instanceof HttpPollingTransport.RefusedException) {
      reason = CloseReason.HANDSHAKE_REJECTED; // the polling transport's opening POST got a 4xx (e.g. 403)
    } else {
      reason = CloseReason.CONNECTION_ERROR;
    }
    String text = message;
    events.execute(() -> finish(reason, text, cause));
  }

  // ------------------------------------------------------------ for feature groups

  /**
   * Sends a request {@code {"t":type,"id":n,...fields}} and returns its answer: the {@code ok}
   * message, or a failure with a {@link SessionException} ({@code error}), a {@link
   * SessionClosedException} or an {@link IllegalStateException} (not connected yet).
   */
  CompletableFuture<Map<String, Object>> request(String type, Map<String, Object> fields) {
    CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
    if (!state.isConnected() && !state.isRecovering()) {
      answer.completeExceptionally(notConnected());
      return answer;
    }
    long id = requests.register(answer);
    Map<String, Object> message = Messages.message(type);
    message.put("id", id);
    message.putAll(fields);
    if (state.isClosed()) { // closed between the check and the registration: fail it ourselves
      requests.fail(id, notConnected());
      return answer;
    }
    String text = Json.write(message);
    Limits limits = grant.limits();
    if (text.getBytes(StandardCharsets.UTF_8).length > limits.maxMessageSize()) {
      requests.fail(
          id, new IllegalArgumentException(
              "Message of type " + type + " exceeds maxMessageSize " + limits.maxMessageSize()));
      return answer;
    }
    transmit(message, text);
    return answer;
  }

  /** Sends a message that expects no answer. */
  void send(Map<String, Object> message) {
    transmit(message, null);
  }

  /**
   * Sends one message; on a sequenced session numbers it and keeps it until the server acknowledges it. While
   * recovering it is only kept: the replay after the reconnect sends it.
   */
  private void transmit(Map<String, Object> message, String plain) {
    synchronized (outLock) {
      if (!sequenced) {
        sendRaw(plain != null ? plain : Json.write(message));
        return;
      }
      if (unacked.size() >= MAX_UNACKED) {
        // the server has not acknowledged 10,000 messages: recovering losslessly is no longer possible
        events.execute(() -> {
          finish(CloseReason.LOST_MESSAGES, "More than " + MAX_UNACKED
              + " messages unacknowledged by the server", null);
          abortTransport();
        });
        return;
      }
      long seq = nextSeq++;
      message.put("seq", seq);
      long ack = received;
      if (ack > 0) {
        message.put("ack", ack);
        ackSent = ack;
      }
      String text = Json.write(message);
      unacked.add(new Out(seq, text));
      if (live) {
        sendRaw(text);
      }
    }
  }

  /** Routes server-initiated messages of type {@code t} to a handler, on the event thread. */
  void setHandler(String type, Consumer<Map<String, Object>> handler) {
    handlers.put(type, handler);
  }

  /**
   * Runs a task on the event thread, after the events already queued. A request sent from such a
   * task has its answer handled in a later task, so callbacks attached to it in the same task run
   * before any message that follows the answer.
   */
  void execute(Runnable task) {
    events.execute(task);
  }

  private void sendRaw(String text) {
    Channel current = transport;
    if (current == null) {
      return;
    }
    int e = epoch;
    current.send(text).whenComplete((ok, error) -> {
      if (error != null) {
        receiver(e).onError(error);
      }
    });
  }

  private RuntimeException notConnected() {
    CloseReason reason = closeReason;
    return reason != null
        ? new SessionClosedException(reason)
        : new IllegalStateException("The session is not connected: " + state);
  }

  // ------------------------------------------------------------ Channel.Receiver

  @Override
  public void onText(String text) {
    receiver(0).onText(text);
  }

  @Override
  public void onClosed(int code, String reason) {
    receiver(0).onClosed(code, reason);
  }

  @Override
  public void onError(Throwable error) {
    receiver(0).onError(error);
  }

  /** The receiver of the transport opened for {@code e}: its events are dropped once a newer one exists. */
  Channel.Receiver receiver(int e) {
    return new Channel.Receiver() {
      @Override
      public void onText(String text) {
        events.execute(() -> {
          if (e == epoch) {
            lastInbound = System.nanoTime();
            handleFrame(text);
          }
        });
      }

      @Override
      public void onPing() {
        if (e == epoch) {
          lastInbound = System.nanoTime();
        }
      }

      @Override
      public void onClosed(int code, String reason) {
        events.execute(() -> {
          if (e != epoch) {
            return;
          }
          disconnected.complete(null);
          // 1000 is only expected after our own close; unasked, the server ended the session.
          CloseReason mapped =
              code == 1000 ? CloseReason.CLOSED_BY_SERVER : CloseReason.fromWebSocketCode(code);
          boolean finalCode = (code >= 4000 && code <= 4099) || code == 1009;
          lost(mapped, finalCode, reason, null);
        });
      }

      @Override
      public void onError(Throwable error) {
        events.execute(() -> {
          if (e != epoch) {
            return;
          }
          lost(CloseReason.CONNECTION_ERROR, false, String.valueOf(error.getMessage()), error);
        });
      }
    };
  }

  /**
   * The current transport ended. A sequenced session that was active recovers (RECOVERING_RECONNECT); one
   * already recovering tries again; anything else closes.
   */
  private void lost(CloseReason reason, boolean finalCode, String message, Throwable cause) {
    if (state.isClosed()) {
      if (cause != null) {
        abortTransport();
      }
      return;
    }
    if (state == State.CONNECTING && cascading && !finalCode) {
      openFailed(cause != null ? cause : new java.io.IOException(reason + " " + message));
      return;
    }
    boolean recoverable = !finalCode && config.recovery().enabled() && isSequenced();
    if (state == State.CONNECTED_ACTIVE && recoverable) {
      startRecovery(reason + " " + message);
      return;
    }
    if (state == State.RECOVERING_RECONNECT) {
      abortTransport();
      epoch++;
      reconnectFailed();
      return;
    }
    finish(reason, message, cause);
    abortTransport();
  }

  private boolean isSequenced() {
    synchronized (outLock) {
      return sequenced;
    }
  }

  private void startRecovery(String why) {
    synchronized (outLock) {
      live = false;
    }
    Channel old = transport;
    epoch++;
    transport = null;
    if (old != null) {
      old.abort();
    }
    LOG.log(DEBUG, "Connection lost ({0}); reconnecting", why);
    recoveringSince = System.nanoTime();
    attempt = 0;
    changeState(State.RECOVERING_RECONNECT);
    scheduleAttempt();
  }

  private void scheduleAttempt() {
    scheduleAttempt(false);
  }

  /** The reconnect attempt failed: the next transport of the list at once, or the first after the backoff. */
  private void reconnectFailed() {
    scheduleAttempt(reconnectIndex + 1 < config.transports().size());
  }

  private void scheduleAttempt(boolean nextTransport) {
    if (state != State.RECOVERING_RECONNECT) {
      return;
    }
    long timeout = grant.limits().reconnectTimeout().toMillis();
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - recoveringSince);
    if (elapsed >= timeout) {
      finish(CloseReason.RECONNECT_ABORTED, "Could not reconnect within the reconnect timeout of " + timeout
          + " ms", null);
      return;
    }
    long delay;
    if (nextTransport) {
      reconnectIndex++;
      delay = 0;
    } else {
      reconnectIndex = 0;
      delay = Math.min(config.recovery().strategy().delay(attempt++).toMillis(), timeout - elapsed);
    }
    int e = epoch;
    CompletableFuture.delayedExecutor(Math.max(0, delay), TimeUnit.MILLISECONDS, events)
        .execute(() -> attemptReconnect(e));
  }

  private void attemptReconnect(int expected) {
    if (state != State.RECOVERING_RECONNECT || expected != epoch) {
      return;
    }
    int e = ++epoch;
    Duration timeout = config.connectionTimeout();
    Transport kind = config.transports().get(reconnectIndex);
    opener.open(kind, uri, timeout, receiver(e)).whenComplete((opened, error) -> events.execute(() -> {
      if (e != epoch || state != State.RECOVERING_RECONNECT) {
        if (opened != null) {
          opened.abort();
        }
        return;
      }
      if (error != null) {
        LOG.log(DEBUG, "Reconnect attempt with {0} failed: {1}", kind, String.valueOf(error.getMessage()));
        epoch++;
        reconnectFailed();
        return;
      }
      transport = opened;
      transportKind = kind;
      lastInbound = System.nanoTime();
      Grant g = grant;
      Map<String, Object> connect = Messages.message("connect");
      connect.put("v", SessionConfig.PROTOCOL_VERSION);
      connect.put("seq", true);
      connect.put("sessionId", g.sessionId().toString());
      connect.put("token", g.token());
      connect.put("ack", received);
      sendRaw(Json.write(connect));
      // no answer in time: drop this transport and try again
      CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS, events).execute(() -> {
        if (e == epoch && state == State.RECOVERING_RECONNECT) {
          opened.abort();
          epoch++;
          reconnectFailed();
        }
      });
    }));
  }

  private void handleFrame(String text) {
    Object frame;
    try {
      frame = Json.parse(text);
    } catch (IllegalArgumentException e) {
      LOG.log(WARNING, "Ignoring a malformed frame from the server: {0}", e.getMessage());
      return;
    }
    if (frame instanceof Map && ((Map<?, ?>) frame).get("m") instanceof List) {
      handleEnvelope((Map<?, ?>) frame);
      return;
    }
    List<?> messages = frame instanceof List ? (List<?>) frame : List.of(frame);
    for (Object message : messages) {
      dispatch(message);
    }
  }

  private void dispatch(Object message) {
    if (message instanceof Map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) message;
      handleMessage(fields);
    } else {
      LOG.log(WARNING, "Ignoring a frame element that is not a message: {0}", message);
    }
  }

  /** A numbered frame {@code {"s":first,"ack":n,"m":[...]}} (§12): duplicates skipped, a gap is fatal. */
  private void handleEnvelope(Map<?, ?> envelope) {
    long first = envelope.get("s") instanceof Number ? ((Number) envelope.get("s")).longValue() : 0;
    if (envelope.get("ack") instanceof Number) {
      acknowledged(((Number) envelope.get("ack")).longValue());
    }
    List<?> messages = (List<?>) envelope.get("m");
    for (int i = 0; i < messages.size(); i++) {
      if (state.isClosed()) {
        return;
      }
      long seq = first + i;
      if (seq <= received) {
        continue; // replayed, already processed
      }
      if (seq != received + 1) {
        if (transportKind == Transport.HTTP_POLLING
            && (state == State.CONNECTED_ACTIVE || state == State.RECOVERING_RECONNECT)) {
          // A poll answer can vanish without the transport failing: the JDK's HTTP client retries a GET whose
          // reused connection was reset, and the server already wrote a frame to the dead one. It is still in
          // the server's recovery buffer (we never acknowledged it): reconnect and have it replayed.
          lost(CloseReason.CONNECTION_ERROR, false, "server message " + seq + " arrived after " + received
              + ": a poll answer was lost", null);
          return;
        }
        finish(CloseReason.LOST_MESSAGES, "Server message " + seq + " arrived after " + received, null);
        abortTransport();
        return;
      }
      received = seq;
      dispatch(messages.get(i));
    }
    scheduleAck();
  }

  /** The server processed our messages up to {@code ack}: forget them. */
  private void acknowledged(long ack) {
    synchronized (outLock) {
      while (!unacked.isEmpty() && unacked.peekFirst().seq() <= ack) {
        unacked.pollFirst();
      }
    }
  }

  /** Acknowledges at least every 32 messages and at most 1 s late (§12). */
  private void scheduleAck() {
    if (received - ackSent >= 32) {
      sendAck();
    } else if (received > ackSent && !ackTimerArmed) {
      ackTimerArmed = true;
      CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS, events).execute(() -> {
        ackTimerArmed = false;
        if (received > ackSent) {
          sendAck();
        }
      });
    }
  }

  private void sendAck() {
    synchronized (outLock) {
      if (!live) {
        return;
      }
      long ack = received;
      ackSent = ack;
      sendRaw("{\"t\":\"ack\",\"ack\":" + ack + "}");
    }
  }

  private void handleMessage(Map<String, Object> message) {
    if (state.isClosed()) {
      return;
    }
    String type = Messages.string(message, "t", "");
    switch (type) {
      case "connected":
        onConnected(message);
        break;
      case "ack":
        acknowledged(Messages.number(message, "ack", 0));
        break;
      case "ok":
      case "error":
        if (!requests.answer(message)) {
          LOG.log(DEBUG, "Uncorrelated {0} from the server: {1}", type, message);
        }
        break;
      case "close":
        CloseReason reason = CloseReason.fromName(Messages.string(message, "reason", ""))
            .or(() -> CloseReason.fromCode((int) Messages.number(message, "code", -1)))
            .orElse(CloseReason.CLOSED_BY_SERVER);
        if (reason.isRecoverable()) {
          // A connection-level reason (e.g. IDLE_CONNECTION: our connect came too late for an overloaded server):
          // this connection ends, not the session — recover or try again as for a lost transport.
          lost(reason, false, Messages.string(message, "message", ""), null);
          break;
        }
        finish(reason, Messages.string(message, "message", ""), null);
        scheduleAbortGuard();
        break;
      default:
        Consumer<Map<String, Object>> handler = handlers.get(type);
        if (handler != null) {
          handler.accept(message);
        } // unknown types are ignored: later protocol versions may add them
    }
  }

  private void onConnected(Map<String, Object> message) {
    if (state == State.RECOVERING_RECONNECT) {
      onReconnected(message);
      return;
    }
    if (state != State.CONNECTING) {
      LOG.log(WARNING, "Ignoring a second connected message");
      return;
    }
    try {
      grant = Grant.from(message);
    } catch (IllegalArgumentException e) {
      finish(CloseReason.UNEXPECTED_ERROR, e.getMessage(), e);
      abortTransport();
      return;
    }
    synchronized (outLock) {
      sequenced = config.recovery().enabled() && Boolean.TRUE.equals(message.get("seq"));
      live = true;
    }
    changeState(State.CONNECTED_ACTIVE);
    established.complete(owner);
    startLivenessCheck();
  }

  /** The server resumed the session: replay what it did not acknowledge, then carry on (§12). */
  private void onReconnected(Map<String, Object> message) {
    if (!Boolean.TRUE.equals(message.get("reconnected"))) {
      finish(CloseReason.UNEXPECTED_ERROR, "The server answered a reconnect with a new session", null);
      abortTransport();
      return;
    }
    long serverAck = Messages.number(message, "ack", 0);
    synchronized (outLock) {
      acknowledged(serverAck);
      if (!unacked.isEmpty() && unacked.peekFirst().seq() != serverAck + 1) {
        live = false;
      } else {
        for (Out out : unacked) {
          sendRaw(out.text());
        }
        live = true;
      }
    }
    if (!isLive()) {
      finish(CloseReason.LOST_MESSAGES, "The server acknowledged " + serverAck
          + " but the client no longer holds the messages after it", null);
      abortTransport();
      return;
    }
    changeState(State.CONNECTED_ACTIVE);
  }

  private boolean isLive() {
    synchronized (outLock) {
      return live;
    }
  }

  /**
   * Liveness (issue 6 item 4): no message from the server for the configured time means the connection is dead
   * (a half-open TCP connection): drop it and reconnect. The server pings idle connections, so a live
   * connection is never silent that long.
   */
  private void startLivenessCheck() {
    Duration limit = config.recovery().liveness();
    if (limit.isZero() || !isSequenced()) {
      return;
    }
    long period = Math.max(100, limit.toMillis() / 4);
    CompletableFuture.delayedExecutor(period, TimeUnit.MILLISECONDS, events).execute(() -> {
      if (state.isClosed()) {
        return;
      }
      if (state == State.CONNECTED_ACTIVE
          && System.nanoTime() - lastInbound > limit.toNanos()) {
        LOG.log(DEBUG, "No traffic from the server for {0}: connection lost", limit);
        lost(CloseReason.CONNECTION_ERROR, false, "no traffic from the server for " + limit, null);
      }
      startLivenessCheck();
    });
  }

  // ------------------------------------------------------------ ending

  /** Ends the session once: records the reason, then announces the closed state. */
  private void finish(CloseReason reason, String message, Throwable cause) {
    State old = state;
    if (old.isClosed()) {
      return;
    }
    closeReason = reason;
    if (reason == CloseReason.LOST_MESSAGES) {
      LOG.log(WARNING, "Session closed: LOST_MESSAGES: {0}", message);
    }
    requests.failAll(new SessionClosedException(reason));
    boolean failedToOpen = old == State.CONNECTING && reason != CloseReason.CLOSED_BY_CLIENT;
    changeState(failedToOpen ? State.CLOSED_FAILED : reason.closedState());
    if (transport == null) {
      disconnected.complete(null);
    }
    if (old == State.CONNECTING) {
      established.completeExceptionally(
          new SessionEstablishmentException(reason, message, cause));
    }
  }

  private void changeState(State next) {
    State old = state;
    state = next;
    for (Listener listener : listeners) {
      try {
        listener.onSessionStateChanged(owner, old, next);
      } catch (RuntimeException e) {
        LOG.log(WARNING, "A session listener failed", e);
      }
    }
  }

  /** If the server does not close the connection soon after ending the session, drop it. */
  private void scheduleAbortGuard() {
    CompletableFuture.delayedExecutor(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS, events)
        .execute(() -> {
          if (!disconnected.isDone()) {
            abortTransport();
          }
        });
  }

  private void abortTransport() {
    Channel current = transport;
    if (current != null) {
      current.abort();
    }
    disconnected.complete(null);
  }

  /** Closes by the client: see {@link Session#close()}. */
  void close() {
    CompletableFuture<Boolean> closing = new CompletableFuture<>();
    events.execute(() -> closing.complete(closeByClient()));
    if (events.inEventThread()) {
      return; // called from a listener: waiting here would wait for ourselves
    }
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    try {
      if (closing.get(CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
        disconnected.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (TimeoutException e) {
      events.execute(this::abortTransport);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      LOG.log(DEBUG, "Close did not complete cleanly", e);
    }
  }

  /** Returns true if the server is now expected to close the connection. */
  private boolean closeByClient() {
    if (state.isClosed()) {
      return false;
    }
    boolean wasConnected = state.isConnected();
    finish(CloseReason.CLOSED_BY_CLIENT, "", null);
    if (!wasConnected) {
      abortTransport();
      return false;
    }
    send(Messages.message("close"));
    scheduleAbortGuard();
    return true;
  }

  State getState() {
    return state;
  }

  Optional<CloseReason> getCloseReason() {
    return Optional.ofNullable(closeReason);
  }

  void addListener(Listener listener) {
    listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
  }

  void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  /** What the server granted; {@code null} while connecting. */
  Grant grant() {
    return grant;
  }
}
