package dev.osmosis.client;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import dev.osmosis.client.Session.Listener;
import dev.osmosis.client.Session.State;
import dev.osmosis.wire.CloseReason;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * groups build on {@link #request}, {@link #send} and {@link #setHandler}. The core reads the
 * server's messages and drives the session's state through them; its parts are the state and its
 * end ({@link Lifecycle}), the current transport ({@link TransportLink}), opening and reconnecting
 * ({@link Dialer}), numbering and acknowledging ({@link Sequencing}), requests and their answers
 * ({@link Requests}) and the detection of a silent connection ({@link Liveness}).
 */
final class Connection implements Channel.Receiver {

  private static final System.Logger LOG = System.getLogger(Connection.class.getName());
  static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final SessionConfig config;
  private final SerialExecutor events;
  private final TransportLink link = new TransportLink(this);
  private final Lifecycle lifecycle;
  private final Dialer dialer;
  private final Sequencing sequencing = new Sequencing(this);
  private final Requests requests;
  private final Liveness liveness;

  private volatile Grant grant;

  Connection(SessionConfig config, Executor eventThreads, Session owner) {
    this.config = config;
    this.events = new SerialExecutor(eventThreads);
    PendingRequests pending = new PendingRequests();
    this.lifecycle = new Lifecycle(owner, config.listeners(), pending, link);
    this.requests = new Requests(this, pending, lifecycle, sequencing);
    this.dialer = new Dialer(this, config);
    this.liveness = new Liveness(this, config.recovery().liveness());
  }

  /** Completes when the handshake succeeds; fails with a {@link SessionEstablishmentException}. */
  CompletableFuture<Session> established() {
    return lifecycle.established();
  }

  void uri(URI target) {
    dialer.uri(target);
  }

  /** The servers to open and reconnect to, in order. */
  void servers(java.util.List<URI> targets) {
    dialer.servers(targets);
  }

  /** The server the session is, or was last, connected to. */
  URI server() {
    return dialer.server();
  }

  void opener(Dialer.TransportOpener transports) {
    dialer.opener(transports);
  }

  /** The transport is open: send the handshake. Starts the connection timer. */
  void start(Channel opened) {
    events.execute(
        () -> {
          if (lifecycle.state().isClosed()) {
            opened.abort();
            return;
          }
          link.attach(opened, link.kind());
          liveness.touch();
          sendRaw(Json.write(config.connectMessage()));
        });
  }

  /** Opens the session over the configured transports: see {@link Dialer#connect}. */
  void connect() {
    events.execute(dialer::connect);
  }

  /** The transport could not be opened. */
  void connectFailed(Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    Map.Entry<CloseReason, String> failure = Dialer.failure(cause);
    events.execute(() -> finish(failure.getKey(), failure.getValue(), cause));
  }

  // ------------------------------------------------------------ for feature groups

  /**
   * Sends a request {@code {"t":type,"id":n,...fields}} and returns its answer: the {@code ok}
   * message, or a failure with a {@link SessionException} ({@code error}), a {@link
   * SessionClosedException} or an {@link IllegalStateException} (not connected yet).
   */
  CompletableFuture<Map<String, Object>> request(String type, Map<String, Object> fields) {
    return requests.request(type, fields);
  }

  /** Sends a message that expects no answer. */
  void send(Map<String, Object> message) {
    sequencing.transmit(message, null);
  }

  /** Routes server-initiated messages of type {@code t} to a handler, on the event thread. */
  void setHandler(String type, Consumer<Map<String, Object>> handler) {
    requests.setHandler(type, handler);
  }

  /**
   * Runs a task on the event thread, after the events already queued. A request sent from such a
   * task has its answer handled in a later task, so callbacks attached to it in the same task run
   * before any message that follows the answer.
   */
  void execute(Runnable task) {
    events.execute(task);
  }

  // ------------------------------------------------------------ for the Dialer, Sequencing and
  // Liveness

  /** The event thread, for timers. */
  Executor events() {
    return events;
  }

  /** The current transport. */
  TransportLink link() {
    return link;
  }

  /** The transport opened by the dialer becomes the current one. */
  void attach(Channel opened, Transport kind) {
    link.attach(opened, kind);
    liveness.touch();
  }

  boolean isSequenced() {
    return sequencing.isSequenced();
  }

  long received() {
    return sequencing.received();
  }

  private volatile java.util.function.Supplier<Map<String, Long>> topicSequences = Map::of;

  /** Where a reconnect reads the last sequence received per subscribed topic (Subscriptions). */
  void topicSequences(java.util.function.Supplier<Map<String, Long>> source) {
    topicSequences = source;
  }

  /**
   * The last sequence number received per subscribed topic path: the {@code topics} of a reconnect
   * (PROTOCOL.md §12 "Resuming topics").
   */
  Map<String, Long> topicSequences() {
    return topicSequences.get();
  }

  private volatile java.util.function.Supplier<Map<String, Object>> notifiedDigest = () -> null;

  /** Where a reconnect reads the digest of the topics notified (TopicNotifications). */
  void notifiedDigest(java.util.function.Supplier<Map<String, Object>> source) {
    notifiedDigest = source;
  }

  /** The {@code notified} of a reconnect (PROTOCOL.md §12 "Resuming notifications"), or null. */
  Map<String, Object> notifiedDigest() {
    return notifiedDigest.get();
  }

  /** Sends a frame as it is on the current transport; a failure counts as the transport's error. */
  void sendRaw(String text) {
    link.send(text);
  }

  // ------------------------------------------------------------ Channel.Receiver

  @Override
  public void onText(String text) {
    link.receiver(0).onText(text);
  }

  @Override
  public void onClosed(int code, String reason) {
    link.receiver(0).onClosed(code, reason);
  }

  @Override
  public void onError(Throwable error) {
    link.receiver(0).onError(error);
  }

  /** Something arrived from the server. */
  void touch() {
    liveness.touch();
  }

  /** A frame of the current transport, on the event thread. */
  void onFrame(String text) {
    liveness.touch();
    sequencing.onFrame(text);
  }

  /** The current transport closed, on the event thread. */
  void transportClosed(int code, String reason) {
    lifecycle.disconnected().complete(null);
    // 1000 is only expected after our own close; unasked, the server ended the session.
    CloseReason mapped =
        code == 1000 ? CloseReason.CLOSED_BY_SERVER : CloseReason.fromWebSocketCode(code);
    boolean finalCode = (code >= 4000 && code <= 4099) || code == 1009;
    lost(mapped, finalCode, reason, null);
  }

  /**
   * The current transport ended. A sequenced session that was active recovers
   * (RECOVERING_RECONNECT); one already recovering tries again; anything else closes.
   */
  void lost(CloseReason reason, boolean finalCode, String message, Throwable cause) {
    State state = lifecycle.state();
    if (state.isClosed()) {
      if (cause != null) {
        abortTransport();
      }
      return;
    }
    if (state == State.CONNECTING && dialer.isCascading() && !finalCode) {
      dialer.openLost(reason, message, cause);
      return;
    }
    boolean recoverable = !finalCode && config.recovery().enabled() && sequencing.isSequenced();
    if (state == State.CONNECTED_ACTIVE && recoverable) {
      startRecovery(reason + " " + message);
      return;
    }
    if (state == State.RECOVERING_RECONNECT) {
      abortTransport();
      link.nextEpoch();
      dialer.reconnectFailed();
      return;
    }
    finish(reason, message, cause);
    abortTransport();
  }

  private void startRecovery(String why) {
    sequencing.pause();
    link.detach();
    LOG.log(DEBUG, "Connection lost ({0}); reconnecting", why);
    dialer.startRecovery();
    lifecycle.change(State.RECOVERING_RECONNECT);
    dialer.scheduleAttempt();
  }

  // ------------------------------------------------------------ messages

  /** One message from the server, in order, on the event thread. */
  void handleMessage(Map<String, Object> message) {
    if (lifecycle.state().isClosed()) {
      return;
    }
    String type = Messages.string(message, "t", "");
    switch (type) {
      case "connected":
        onConnected(message);
        break;
      case "ack":
        sequencing.acknowledged(Messages.number(message, "ack", 0));
        break;
      case "ok":
      case "error":
        if (!requests.answer(message)) {
          LOG.log(DEBUG, "Uncorrelated {0} from the server: {1}", type, message);
        }
        break;
      case "close":
        CloseReason reason =
            CloseReason.fromName(Messages.string(message, "reason", ""))
                .or(() -> CloseReason.fromCode((int) Messages.number(message, "code", -1)))
                .orElse(CloseReason.CLOSED_BY_SERVER);
        if (reason.isRecoverable()) {
          // A connection-level reason (e.g. IDLE_CONNECTION: our connect came too late for an
          // overloaded server):
          // this connection ends, not the session — recover or try again as for a lost transport.
          lost(reason, false, Messages.string(message, "message", ""), null);
          break;
        }
        if (reason == CloseReason.HANDSHAKE_REJECTED
            && lifecycle.state() == State.RECOVERING_RECONNECT) {
          // this server does not know the session: with a server list, the next one may (§12)
          abortTransport();
          link.nextEpoch();
          if (dialer.reconnectRefused()) {
            break;
          }
        }
        finish(reason, Messages.string(message, "message", ""), null);
        lifecycle.scheduleAbortGuard(events);
        break;
      default:
        requests.handle(type, message);
    }
  }

  private void onConnected(Map<String, Object> message) {
    State state = lifecycle.state();
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
    dialer.connectedTo();
    sequencing.begin(config.recovery().enabled() && Boolean.TRUE.equals(message.get("seq")));
    lifecycle.connected();
    liveness.start(sequencing.isSequenced());
  }

  /** The server resumed the session: replay what it did not acknowledge, then carry on (§12). */
  private void onReconnected(Map<String, Object> message) {
    if (!Boolean.TRUE.equals(message.get("reconnected"))) {
      finish(
          CloseReason.UNEXPECTED_ERROR, "The server answered a reconnect with a new session", null);
      abortTransport();
      return;
    }
    long serverAck = Messages.number(message, "ack", 0);
    if (!sequencing.replay(serverAck)) {
      finish(
          CloseReason.LOST_MESSAGES,
          "The server acknowledged "
              + serverAck
              + " but the client no longer holds the messages after it",
          null);
      abortTransport();
      return;
    }
    dialer.connectedTo();
    grant = grant.onServer(Messages.string(message, "server", null)); // maybe another node now
    lifecycle.change(State.CONNECTED_ACTIVE);
  }

  // ------------------------------------------------------------ ending

  /** Ends the session once: see {@link Lifecycle#finish}. */
  void finish(CloseReason reason, String message, Throwable cause) {
    lifecycle.finish(reason, message, cause);
  }

  void abortTransport() {
    lifecycle.abortTransport();
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
        lifecycle
            .disconnected()
            .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
    State state = lifecycle.state();
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
    lifecycle.scheduleAbortGuard(events);
    return true;
  }

  State getState() {
    return lifecycle.state();
  }

  Optional<CloseReason> getCloseReason() {
    return Optional.ofNullable(lifecycle.closeReason());
  }

  void addListener(Listener listener) {
    lifecycle.addListener(listener);
  }

  /** The session's state and listeners. */
  Lifecycle lifecycle() {
    return lifecycle;
  }

  void removeListener(Listener listener) {
    lifecycle.removeListener(listener);
  }

  /** What the server granted; {@code null} while connecting. */
  Grant grant() {
    return grant;
  }
}
