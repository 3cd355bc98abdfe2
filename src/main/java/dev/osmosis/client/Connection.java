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
 * The session core: the protocol state machine over one {@link Transport}, shared by the feature
 * groups of one {@link ClientSession}.
 *
 * <p>Every event (incoming frame, connection loss, timer, close) runs on one {@link
 * SerialExecutor}, so state changes and listener calls happen one at a time, in order. Feature
 * groups build on {@link #request}, {@link #send} and {@link #setHandler}.
 */
final class Connection implements Transport.Receiver {

  private static final System.Logger LOG = System.getLogger(Connection.class.getName());
  static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

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
  private volatile Transport transport;
  private volatile Grant grant;

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

  /** The transport is open: send the handshake. Starts the connection timer. */
  void start(Transport opened) {
    events.execute(
        () -> {
          if (state.isClosed()) {
            opened.abort();
            return;
          }
          transport = opened;
          send(config.connectMessage());
        });
  }

  /** Fails the session if it is still connecting when the connection timeout passes. */
  void startConnectionTimer() {
    Duration timeout = config.connectionTimeout();
    CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS, events)
        .execute(
            () -> {
              if (state == State.CONNECTING) {
                // abort first: whoever sees open() fail must find the transport already dropped
                abortTransport();
                finish(CloseReason.CONNECTION_TIMEOUT, "Not connected within " + timeout, null);
              }
            });
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
    if (!state.isConnected()) {
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
    sendText(text);
    return answer;
  }

  /** Sends a message that expects no answer. */
  void send(Map<String, Object> message) {
    sendText(Json.write(message));
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

  private void sendText(String text) {
    Transport current = transport;
    if (current == null) {
      return;
    }
    current.send(text).whenComplete((ok, error) -> {
      if (error != null) {
        onError(error);
      }
    });
  }

  private RuntimeException notConnected() {
    CloseReason reason = closeReason;
    return reason != null
        ? new SessionClosedException(reason)
        : new IllegalStateException("The session is not connected: " + state);
  }

  // ------------------------------------------------------------ Transport.Receiver

  @Override
  public void onText(String text) {
    events.execute(() -> handleFrame(text));
  }

  @Override
  public void onClosed(int code, String reason) {
    events.execute(
        () -> {
          disconnected.complete(null);
          // 1000 is only expected after our own close; unasked, the server ended the session.
          CloseReason mapped =
              code == 1000 ? CloseReason.CLOSED_BY_SERVER : CloseReason.fromWebSocketCode(code);
          finish(mapped, reason, null);
        });
  }

  @Override
  public void onError(Throwable error) {
    events.execute(
        () -> {
          finish(CloseReason.CONNECTION_ERROR, String.valueOf(error.getMessage()), error);
          abortTransport();
        });
  }

  private void handleFrame(String text) {
    Object frame;
    try {
      frame = Json.parse(text);
    } catch (IllegalArgumentException e) {
      LOG.log(WARNING, "Ignoring a malformed frame from the server: {0}", e.getMessage());
      return;
    }
    List<?> messages = frame instanceof List ? (List<?>) frame : List.of(frame);
    for (Object message : messages) {
      if (message instanceof Map) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) message;
        handleMessage(fields);
      } else {
        LOG.log(WARNING, "Ignoring a frame element that is not a message: {0}", message);
      }
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
    changeState(State.CONNECTED_ACTIVE);
    established.complete(owner);
  }

  // ------------------------------------------------------------ ending

  /** Ends the session once: records the reason, then announces the closed state. */
  private void finish(CloseReason reason, String message, Throwable cause) {
    State old = state;
    if (old.isClosed()) {
      return;
    }
    closeReason = reason;
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
    Transport current = transport;
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
