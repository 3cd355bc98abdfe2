package dev.osmosis.client;

import static java.lang.System.Logger.Level.WARNING;

import dev.osmosis.client.Session.Listener;
import dev.osmosis.client.Session.State;
import dev.osmosis.wire.CloseReason;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The state of one {@link Connection}'s session, the listeners that hear of its changes, and its
 * end: the close reason, the pending requests failed, the futures of establishment and
 * disconnection. Changed on the event thread only; read from any.
 */
final class Lifecycle {

  private static final System.Logger LOG = System.getLogger(Connection.class.getName());

  private final Session owner;
  private final PendingRequests requests;
  private final TransportLink link;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final List<Session.RecoveryExpiredListener> expiryListeners =
      new CopyOnWriteArrayList<>();
  private final CompletableFuture<Session> established = new CompletableFuture<>();
  private final CompletableFuture<Void> disconnected = new CompletableFuture<>();

  private volatile State state = State.CONNECTING;
  private volatile CloseReason closeReason;

  Lifecycle(Session owner, List<Listener> initial, PendingRequests requests, TransportLink link) {
    this.owner = owner;
    this.requests = requests;
    this.link = link;
    this.listeners.addAll(initial);
  }

  State state() {
    return state;
  }

  /** Why the session ended; {@code null} while it lives. */
  CloseReason closeReason() {
    return closeReason;
  }

  /** Completes when the handshake succeeds; fails with a {@link SessionEstablishmentException}. */
  CompletableFuture<Session> established() {
    return established;
  }

  /** Completes when the connection is gone: closed by the server, or aborted. */
  CompletableFuture<Void> disconnected() {
    return disconnected;
  }

  void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  void addRecoveryExpiredListener(Session.RecoveryExpiredListener listener) {
    expiryListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void removeRecoveryExpiredListener(Session.RecoveryExpiredListener listener) {
    expiryListeners.remove(listener);
  }

  /** The handshake succeeded: active, and the opening completes. */
  void connected() {
    change(State.CONNECTED_ACTIVE);
    established.complete(owner);
  }

  void change(State next) {
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

  /**
   * Ends the session once: records the reason, fails the pending requests, then announces the
   * closed state.
   */
  void finish(CloseReason reason, String message, Throwable cause) {
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
    change(failedToOpen ? State.CLOSED_FAILED : State.closedBy(reason));
    if (old == State.RECOVERING_RECONNECT
        && (reason == CloseReason.RECOVERY_EXPIRED || reason == CloseReason.RECONNECT_ABORTED)) {
      for (Session.RecoveryExpiredListener listener : expiryListeners) {
        try {
          listener.onRecoveryExpired(owner, reason, message);
        } catch (RuntimeException e) {
          LOG.log(WARNING, "A recovery expired listener failed", e);
        }
      }
    }
    if (!link.isAttached()) {
      disconnected.complete(null);
    }
    if (old == State.CONNECTING) {
      established.completeExceptionally(new SessionEstablishmentException(reason, message, cause));
    }
  }

  /** Drops the connection at once. */
  void abortTransport() {
    link.abort();
    disconnected.complete(null);
  }

  /** If the server does not close the connection soon after ending the session, drop it. */
  void scheduleAbortGuard(Executor events) {
    CompletableFuture.delayedExecutor(
            Connection.CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS, events)
        .execute(
            () -> {
              if (!disconnected.isDone()) {
                abortTransport();
              }
            });
  }
}
