package dev.osmosis.session;

import dev.osmosis.wire.CloseReason;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The open sessions of this server, by id. Lock-free reads; a session leaves the registry through
 * its own close path (a close hook registered on {@link #add}), whatever ended it.
 */
public final class SessionRegistry {
  private static final System.Logger LOG = System.getLogger(SessionRegistry.class.getName());

  private final ConcurrentHashMap<SessionId, Session> sessions = new ConcurrentHashMap<>();
  private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
  private final ExpiredSessions expired = new ExpiredSessions();
  private final SessionListener fanOut =
      new SessionListener() {
        @Override
        public void opened(Session session) {
          listeners.forEach(l -> safely(() -> l.opened(session)));
        }

        @Override
        public void updated(
            Session session, Map<String, String> before, Map<String, String> after) {
          listeners.forEach(l -> safely(() -> l.updated(session, before, after)));
        }

        @Override
        public void closed(Session session, CloseReason reason) {
          listeners.forEach(l -> safely(() -> l.closed(session, reason)));
        }

        @Override
        public void disconnected(Session session) {
          listeners.forEach(l -> safely(() -> l.disconnected(session)));
        }

        @Override
        public void reconnected(Session session) {
          listeners.forEach(l -> safely(() -> l.reconnected(session)));
        }
      };

  /**
   * Adds an open session; it is removed when it closes. Listeners hear it open, change and close.
   */
  public void add(Session session) {
    sessions.put(session.id(), session);
    session.observe(fanOut);
    session.onClose(
        (s, reason) -> {
          sessions.remove(s.id(), s);
          if (reason == CloseReason.RECOVERY_EXPIRED) {
            expired.remember(s);
          }
          fanOut.closed(s, reason);
        });
    fanOut.opened(session);
  }

  public void addListener(SessionListener listener) {
    listeners.add(listener);
  }

  public void removeListener(SessionListener listener) {
    listeners.remove(listener);
  }

  private static void safely(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "a session listener failed", e);
    }
  }

  /** The sessions that closed with {@code RECOVERY_EXPIRED}, for the reconnect handshake. */
  public ExpiredSessions expired() {
    return expired;
  }

  public Optional<Session> get(SessionId id) {
    return Optional.ofNullable(sessions.get(id));
  }

  /** A live, weakly consistent view of the open sessions. */
  public Collection<Session> all() {
    return Collections.unmodifiableCollection(sessions.values());
  }

  public int size() {
    return sessions.size();
  }
}
