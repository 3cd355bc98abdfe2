package dev.osmosis.client;

import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A client session with an Osmosis server, opened by {@link SessionFactory#open(String)}.
 *
 * <p>Thread-safe. Listeners and the completions of the futures this interface returns run on the
 * session's event thread, one at a time and in the order the events happened; they must return
 * quickly and must not block (in particular, not on another future of this session).
 */
public interface Session extends AutoCloseable {

  /** The session id the server assigned; {@code null} while {@link State#CONNECTING}. */
  SessionId getSessionId();

  /** The current principal; the empty string for an anonymous session. */
  String getPrincipal();

  /** The roles the server granted (unmodifiable); empty while connecting. */
  Set<String> getRoles();

  /**
   * The session's fixed ({@code $}) and user properties as the server granted them in the handshake
   * (unmodifiable); empty while connecting.
   */
  Map<String, String> getProperties();

  /** The name of the server this session is connected to; {@code null} while connecting. */
  String getServerName();

  /**
   * The URL of the server this session is connected to, or was last connected to while it recovers
   * or after it closed: one of the URLs it was opened with (as a WebSocket URL, e.g. {@code
   * ws://node2:8080/osmosis}); with a server list, the one that took the session.
   */
  String getServerUrl();

  /** The limits granted by the server; {@code null} while connecting. */
  Limits getLimits();

  /** The current state. */
  State getState();

  /**
   * Why the session closed; empty until it is closed. Set before the closed state is announced to
   * listeners, so a listener can read it when it sees a closed state.
   */
  Optional<CloseReason> getCloseReason();

  /** Adds a listener for state changes; it sees every change after this call. */
  void addListener(Listener listener);

  /** Removes a listener added before; does nothing for an unknown listener. */
  void removeListener(Listener listener);

  /**
   * Adds a listener told when this session is lost because its recovery window passed: it was
   * {@link State#RECOVERING_RECONNECT} and could not be resumed within the reconnect timeout, so
   * everything the server kept for it (subscriptions, handlers, locks, queued messages) is gone.
   * Called once, after the closed state was announced, with {@link CloseReason#RECOVERY_EXPIRED}
   * (the client came back and the server said the window had passed) or {@link
   * CloseReason#RECONNECT_ABORTED} (the client could not reach a server before the granted
   * timeout). A session the application needs again is opened anew (docs/RECONNECTION.md "Recovery
   * expiry").
   */
  void addRecoveryExpiredListener(RecoveryExpiredListener listener);

  /** Removes a recovery expired listener; does nothing for an unknown listener. */
  void removeRecoveryExpiredListener(RecoveryExpiredListener listener);

  /**
   * Pings the server. The future completes with the server's time and the round trip time, or
   * exceptionally with a {@link SessionException} on an error answer or a {@link
   * SessionClosedException} if the session closes first.
   */
  CompletableFuture<PingDetails> pingServer();

  /**
   * Re-authenticates the session as another principal. The future completes with {@code true} if
   * the server accepted the credentials (the principal and roles are then updated), {@code false}
   * if it rejected them ({@link ErrorCode#AUTHENTICATION_FAILED}); any other error completes it
   * exceptionally with a {@link SessionException} or {@link SessionClosedException}.
   */
  CompletableFuture<Boolean> changePrincipal(String principal, String password);

  /**
   * The client control feature: act on other sessions (and this one) by session id or session
   * filter, and listen to their properties. Needs the permissions PROTOCOL.md §8 names.
   */
  ClientControl clientControl();

  /**
   * The security feature: read the server's security and system authentication stores and change
   * them with scripts (PROTOCOL.md §14, docs/JAVA-CLIENT.md "Security administration"). Needs
   * VIEW_SECURITY to read and MODIFY_SECURITY to change.
   */
  Security security();

  /**
   * The metrics feature: put, list and remove metric collectors and fetch their groups (PROTOCOL.md
   * §15, docs/JAVA-CLIENT.md "Metrics"). Needs CONTROL_SERVER to change and VIEW_SERVER to read.
   */
  Metrics metrics();

  /**
   * Subscribes this session to the topics the selector matches (TOPICS.md selectors, evaluated at
   * the server), now and as they are added, until {@link #unselect}. The server sends a
   * subscription (and current value) for every matching topic the session may read and was not
   * subscribed to before it answers, so when the future completes, with that number, the streams
   * have been told. Fails with a {@link SessionException}: {@code 4001} a bad selector (the message
   * names the position), {@code 3001} SELECT_TOPIC is missing.
   */
  CompletableFuture<Integer> select(String selector);

  /**
   * Ends the selection and unsubscribes from the subscribed topics the selector matches; completes
   * with their number, after their streams had {@link ValueStream#onUnsubscription} ({@link
   * UnsubscribeReason#REQUESTED}).
   */
  CompletableFuture<Integer> unselect(String selector);

  /**
   * The default selection scope ({@code ""}): the scope of {@link #select(String)} and {@link
   * #unselect(String)} (Diffusion's {@code Topics.DEFAULT_SELECTION_SCOPE}).
   */
  String DEFAULT_SELECTION_SCOPE = "";

  /**
   * As {@link #select(String)} in a selection scope (Diffusion's {@code subscribe(topics, scope)};
   * docs/TOPICS.md "Selection scopes"): a part of an application keeps its own selections, which
   * another part's {@link #unselect(String, String)} in another scope does not end. A topic stays
   * subscribed while a selection of any scope selects it. Fails with {@code 4001} for a bad scope
   * name (over 128 characters, starting with {@code $}, or holding a control character).
   */
  CompletableFuture<Integer> select(String selector, String scope);

  /**
   * Removes the selector from one selection scope and unsubscribes from the subscribed topics it
   * matches that no selection of another scope selects (Diffusion's {@code unsubscribe(topics,
   * scope)}); completes with their number.
   */
  CompletableFuture<Integer> unselect(String selector, String scope);

  /**
   * Removes the selector from every selection scope and unsubscribes from every subscribed topic it
   * matches (Diffusion's {@code unsubscribeAllScopes}); completes with their number.
   */
  CompletableFuture<Integer> unselectAllScopes(String selector);

  /**
   * The sequence number of the last value (or delta) this session received for a subscribed topic:
   * the topic's own update counter, 1, 2, 3 ... in the topic's order, the same on every node of a
   * cluster (PROTOCOL.md §9, field {@code n}). 0 when the session is not subscribed to the path or
   * has received no numbered value for it. May be called on any thread; inside {@link
   * ValueStream#onValue} it is the number of the value being delivered.
   */
  long lastSequence(String path);

  /**
   * Adds a value stream for the topics of the class's type (see {@link TopicType}) whose path the
   * selector matches, evaluated by the client. Subscribes to nothing: it receives the events of
   * topics the session is or becomes subscribed to. A stream added while the session is already
   * subscribed to matching topics gets {@code onSubscription} and the cached value of each at once.
   * The same stream may be added more than once; it sees each topic once.
   *
   * @throws IllegalArgumentException for a bad selector (naming the position) or a class that is no
   *     topic type's value class
   */
  <V> void addStream(String selector, Class<V> type, ValueStream<V> stream);

  /**
   * Adds a fallback value stream: it receives the topics of the class's type that no stream added
   * by {@link #addStream} matches when the session subscribes to them (or when the last such stream
   * is removed).
   */
  <V> void addFallbackStream(Class<V> type, ValueStream<V> stream);

  /**
   * Removes every registration of the stream, which then gets {@link ValueStream#onClose()}; does
   * nothing for a stream not added. The session stays subscribed.
   */
  void removeStream(ValueStream<?> stream);

  /** The topic control feature: add and remove topics (PROTOCOL.md §9). */
  TopicControl topics();

  /** The topic update feature: set topic values (PROTOCOL.md §9). */
  TopicUpdate topicUpdate();

  /**
   * The messaging feature: request/response to path handlers, sessions and session filters
   * (PROTOCOL.md §10, docs/MESSAGING.md).
   */
  Messaging messages();

  /**
   * Acquires the session lock {@code name} with scope {@link
   * SessionLockScope#UNLOCK_ON_SESSION_LOSS}.
   */
  CompletableFuture<SessionLock> lock(String name);

  /**
   * Acquires the session lock {@code name} (ACQUIRE_LOCK at the name as a path). The future
   * completes once this session owns it — at once if it is free or already owned by this session
   * (then with the same sequence and the weakest scope asked), else when the sessions that asked
   * before have released it. It fails with a {@link SessionException} ({@code 3001} no permission,
   * {@code 4001} a bad name, {@code 4029} too many locks held or awaited) or a {@link
   * SessionClosedException}.
   */
  CompletableFuture<SessionLock> lock(String name, SessionLockScope scope);

  /**
   * A new unconfigured fetch request: refine it with its fluent methods and run it with {@link
   * FetchRequest#fetch(String)} to read the current paths, types and (if asked) values of topics
   * without subscribing.
   */
  FetchRequest fetchRequest();

  /**
   * The topic notifications feature: learn of topics added and removed, without values (TOPICS.md).
   */
  TopicNotifications notifications();

  /**
   * Closes the session: tells the server, moves to {@link State#CLOSED_BY_CLIENT}, fails every
   * pending request with a {@link SessionClosedException}, and waits briefly for the server to
   * close the connection. Idempotent; does nothing on a closed session. When called from a listener
   * it does not wait.
   */
  @Override
  void close();

  /** The session states (PROTOCOL.md §6). A closed state is final. */
  enum State {
    CONNECTING(false, false, false),
    CONNECTED_ACTIVE(true, false, false),
    RECOVERING_RECONNECT(false, true, false),
    CLOSED_BY_CLIENT(false, false, true),
    CLOSED_BY_SERVER(false, false, true),
    CLOSED_FAILED(false, false, true);

    private final boolean connected;
    private final boolean recovering;
    private final boolean closed;

    State(boolean connected, boolean recovering, boolean closed) {
      this.connected = connected;
      this.recovering = recovering;
      this.closed = closed;
    }

    /** True for {@link #CONNECTED_ACTIVE}. */
    public boolean isConnected() {
      return connected;
    }

    /** True for {@link #RECOVERING_RECONNECT}. */
    public boolean isRecovering() {
      return recovering;
    }

    /** True for the three final closed states. */
    public boolean isClosed() {
      return closed;
    }

    /** The closed state a session ends in for {@code reason} (PROTOCOL.md §5). */
    public static State closedBy(CloseReason reason) {
      return switch (reason.closedState()) {
        case CLOSED_BY_CLIENT -> CLOSED_BY_CLIENT;
        case CLOSED_BY_SERVER -> CLOSED_BY_SERVER;
        case CLOSED_FAILED -> CLOSED_FAILED;
      };
    }
  }

  /**
   * Receives the session's state changes, on the session's event thread, in order. Must not block.
   * When {@code newState} is closed, {@link Session#getCloseReason()} already holds the reason.
   */
  @FunctionalInterface
  interface Listener {
    void onSessionStateChanged(Session session, State oldState, State newState);
  }

  /** Told when the session's recovery window passed: {@link #addRecoveryExpiredListener}. */
  @FunctionalInterface
  interface RecoveryExpiredListener {
    /**
     * @param reason {@link CloseReason#RECOVERY_EXPIRED} or {@link CloseReason#RECONNECT_ABORTED}
     * @param message the detail (e.g. the server's "recovery window ... passed")
     */
    void onRecoveryExpired(Session session, CloseReason reason, String message);
  }
}
