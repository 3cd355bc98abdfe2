package dev.osmosis.session;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open sessions of this server, by id. Lock-free reads; a session leaves the registry through its own close
 * path (a close hook registered on {@link #add}), whatever ended it.
 */
public final class SessionRegistry {
  private final ConcurrentHashMap<SessionId, Session> sessions = new ConcurrentHashMap<>();

  /** Adds an open session; it is removed when it closes. */
  public void add(Session session) {
    sessions.put(session.id(), session);
    session.onClose((s, reason) -> sessions.remove(s.id(), s));
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
