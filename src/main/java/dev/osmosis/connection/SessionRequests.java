package dev.osmosis.connection;

import dev.osmosis.control.Caller;
import dev.osmosis.control.ClientControl;
import dev.osmosis.control.SessionEvents;
import dev.osmosis.control.SessionListeners;
import dev.osmosis.error.RequestException;
import dev.osmosis.protocol.ClientFrame;
import dev.osmosis.protocol.QueryFrames;
import dev.osmosis.protocol.ServerFrames;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The requests of an open session about sessions, for one connection ({@link ClientConnection}
 * hands them over): ping, {@code changePrincipal} (verified on the login pool, one at a time),
 * session properties and roles, closing sessions, and session listeners with their events
 * (docs/PROTOCOL.md §7-8). The listeners are the session's ({@link SessionListeners}): they end
 * with it, and a reconnect finds them.
 */
final class SessionRequests {
  private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());
  private static final int MAX_LISTENERS = 16;

  private final Sessions sessions;
  private final ClientControl control;
  private final Connection connection;
  private final Clock clock;

  /** Whether a {@code changePrincipal} of this connection is being verified: one at a time. */
  private final java.util.concurrent.atomic.AtomicBoolean authenticating =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Where {@code changePrincipal} verifies passwords (a bounded pool); null: on the calling thread.
   */
  private volatile java.util.concurrent.Executor logins;

  SessionRequests(Sessions sessions, ClientControl control, Connection connection, Clock clock) {
    this.sessions = sessions;
    this.control = control;
    this.connection = connection;
    this.clock = clock;
  }

  void logins(java.util.concurrent.Executor logins) {
    this.logins = logins;
  }

  /** Answers {@code frame} if it is one of these requests; false if it is not. */
  boolean handle(Session s, ClientFrame frame) {
    if (frame instanceof ClientFrame.Ping ping) {
      connection.send(ServerFrames.pong(ping.id(), clock.millis()));
    } else if (frame instanceof ClientFrame.ChangePrincipal change) {
      changePrincipal(s, change);
    } else if (frame instanceof ClientFrame.GetSessionProperties get) {
      connection.send(
          ServerFrames.properties(
              get.id(), control.properties(caller(s), get.session(), get.keys())));
    } else if (frame instanceof ClientFrame.SetSessionProperties set) {
      List<Map<String, String>> previous =
          control.setProperties(caller(s), set.target(), set.properties());
      connection.send(
          ServerFrames.count(
              set.id(), previous.size(), set.target().isSession() ? previous.get(0) : null));
    } else if (frame instanceof ClientFrame.ChangeRoles change) {
      connection.send(
          ServerFrames.count(
              change.id(),
              control.changeRoles(caller(s), change.target(), change.remove(), change.add()),
              null));
    } else if (frame instanceof ClientFrame.CloseSession close) {
      connection.send(
          ServerFrames.count(close.id(), control.close(caller(s), close.target()), null));
    } else if (frame instanceof ClientFrame.RevokeAuthentication revoke) {
      control.close(caller(s), dev.osmosis.control.Target.session(revoke.session()));
      connection.send(ServerFrames.ok(revoke.id()));
    } else if (frame instanceof ClientFrame.GetPermissions get) {
      dev.osmosis.security.Permissions own = control.permissions(caller(s));
      connection.send(
          QueryFrames.permissions(
              get.id(), get.path() == null ? own.global() : own.at(path(get.path()))));
    } else if (frame instanceof ClientFrame.AddSessionListener add) {
      listen(s, add);
    } else if (frame instanceof ClientFrame.RemoveSessionListener remove) {
      control.listeners().remove(s, remove.listener());
      connection.send(ServerFrames.ok(remove.id()));
    } else {
      return false;
    }
    return true;
  }

  /**
   * One at a time per connection, verified on the login pool when there is one: a frame full of
   * changePrincipal messages must not queue hundreds of PBKDF2 verifications or hold the
   * connection's thread for each.
   */
  private void changePrincipal(Session s, ClientFrame.ChangePrincipal change) {
    if (!authenticating.compareAndSet(false, true)) {
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "a changePrincipal of this session is still being verified; wait for its answer before sending another");
    }
    java.util.concurrent.Executor pool = logins;
    if (pool == null) {
      answerChangePrincipal(s, change);
      return;
    }
    try {
      pool.execute(() -> answerChangePrincipal(s, change));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      authenticating.set(false);
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "the server is busy verifying other logins; retry changePrincipal later");
    }
  }

  private void answerChangePrincipal(Session s, ClientFrame.ChangePrincipal change) {
    String answer;
    try {
      String refusal = sessions.changePrincipal(s, change.principal(), change.credentials());
      answer =
          refusal == null
              ? ServerFrames.principalChanged(change.id(), s.principal(), s.roles())
              : ServerFrames.error(change.id(), ErrorCode.AUTHENTICATION_FAILED, refusal);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "session " + s.id() + ": failure handling " + change, e);
      answer =
          ServerFrames.error(
              change.id(),
              ErrorCode.INTERNAL_ERROR,
              "internal error handling the request; the server logged it");
    }
    authenticating.set(
        false); // before the answer: a client may send the next one as soon as it reads it
    connection.send(answer);
  }

  private static String path(String path) {
    try {
      return dev.osmosis.topic.TopicPath.canonical(path);
    } catch (dev.osmosis.topic.InvalidTopicPathException e) {
      throw new RequestException(ErrorCode.INVALID_ARGUMENT, "invalid path: " + e.getMessage());
    }
  }

  private void listen(Session s, ClientFrame.AddSessionListener add) {
    long id = add.id();
    SessionListeners.Entry current = control.listeners().get(s, id);
    if (current != null && !current.restored()) {
      // replacing the entry would lose the old registration's handle: it would stay registered,
      // uncounted
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT,
          "session listener "
              + id
              + " is already registered on this session; remove it first or use another id");
    }
    if (current == null && control.listeners().count(s) >= MAX_LISTENERS) {
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED, "at most " + MAX_LISTENERS + " session listeners per session");
    }
    control.requireListen(caller(s));
    if (current != null) {
      // made again by fail-over, and now replayed by its client (the dead node had not recorded
      // that it processed it): registered again as asked, its OPEN events again (clients
      // de-duplicate them by session id, §8)
      control.listeners().remove(s, id);
    }
    // The answer goes first (once the permission is known) so the client knows the registration
    // before its events.
    connection.send(ServerFrames.ok(id));
    register(s, id, add.keys(), false);
  }

  /**
   * Makes again a session listener of a session this node resumed after its node died (fail-over):
   * it hears every open session (its client already knew most: it de-duplicates OPEN events by
   * session id), then changes.
   */
  void restoreListener(Session s, long id, List<String> keys) {
    if (control.listeners().get(s, id) == null && control.listeners().count(s) < MAX_LISTENERS) {
      control.requireListen(caller(s));
      register(s, id, keys, true);
    }
  }

  private void register(Session s, long id, List<String> keys, boolean restored) {
    // a listener made again by fail-over is made while the resuming connection is not yet this
    // one's: its events go to the session's own (sequenced) connection
    Connection out = restored ? s.connection() : connection;
    Runnable unregister =
        control.listen(
            caller(s),
            keys,
            new SessionEvents.Sink() {
              @Override
              public void opened(String session, Map<String, String> properties) {
                out.send(ServerFrames.sessionEvent(id, "OPEN", session, properties, null, null));
              }

              @Override
              public void updated(
                  String session, Map<String, String> properties, Map<String, String> previous) {
                out.send(
                    ServerFrames.sessionEvent(id, "UPDATED", session, properties, previous, null));
              }

              @Override
              public void connection(
                  String session, Map<String, String> properties, boolean connected) {
                out.send(
                    ServerFrames.sessionEvent(
                        id,
                        connected ? "RECONNECTED" : "DISCONNECTED",
                        session,
                        properties,
                        null,
                        null));
              }

              @Override
              public void closed(
                  String session, Map<String, String> properties, CloseReason reason) {
                out.send(
                    ServerFrames.sessionEvent(id, "CLOSED", session, properties, null, reason));
              }
            });
    control.listeners().put(s, id, new SessionListeners.Entry(keys, unregister, restored));
  }

  private static Caller caller(Session s) {
    return new Caller(s.principal(), s.roles(), s.id().toString());
  }
}
