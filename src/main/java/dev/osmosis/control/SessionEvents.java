package dev.osmosis.control;

import dev.osmosis.cluster.SessionDirectory;
import dev.osmosis.cluster.SessionSummary;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionListener;
import dev.osmosis.session.SessionState;
import dev.osmosis.wire.CloseReason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session properties listener: turns registry events (this node's sessions) and session directory
 * events (the other nodes' sessions, in a cluster) into OPEN / UPDATED / CLOSED for the selected
 * keys. A session that opens on this node after it was heard on another (resumed here after its
 * node died: fail-over) is told as the change from what was heard of it there, not as an OPEN.
 */
public final class SessionEvents implements SessionListener, SessionDirectory.Watcher {

  /** Where the events go (the transport encodes and enqueues them). Must not block. */
  public interface Sink {
    void opened(String sessionId, Map<String, String> properties);

    void updated(String sessionId, Map<String, String> properties, Map<String, String> previous);

    void closed(String sessionId, Map<String, String> properties, CloseReason reason);

    /** DISCONNECTED (the session is recovering) or RECONNECTED. */
    default void connection(String sessionId, Map<String, String> properties, boolean connected) {}
  }

  private final List<String> keys;
  private final Sink sink;

  /** The other nodes' sessions, once watched. */
  private volatile SessionDirectory.Watching others = SessionDirectory.Watching.NONE;

  SessionEvents(List<String> keys, Sink sink) {
    this.keys = keys;
    this.sink = sink;
  }

  void watching(SessionDirectory.Watching others) {
    this.others = others;
  }

  @Override
  public void opened(Session session) {
    SessionSummary heard = others.arrived(session.id().toString());
    if (heard == null) {
      sink.opened(session.id().toString(), PropertyKeys.select(keys, session.properties()));
    } else {
      // an OPEN would be dropped by the clients as a duplicate (docs/PROTOCOL.md §8), leaving
      // them with what the session's old node said: DISCONNECTED, older properties
      updated(heard, SessionSummary.of(session, ""));
    }
  }

  @Override
  public void updated(Session session, Map<String, String> before, Map<String, String> after) {
    update(session.id().toString(), before, after);
  }

  private void update(String id, Map<String, String> before, Map<String, String> after) {
    if (!PropertyKeys.changed(keys, before, after)) {
      return;
    }
    Map<String, String> now = PropertyKeys.select(keys, after);
    Map<String, String> previous = new HashMap<>();
    for (String key : keys) {
      if (!key.equals(PropertyKeys.ALL_FIXED_PROPERTIES)
          && !key.equals(PropertyKeys.ALL_USER_PROPERTIES)) {
        previous.put(key, before.get(key));
      }
    }
    previous.putAll(PropertyKeys.select(keys, before));
    sink.updated(id, now, previous);
  }

  @Override
  public void disconnected(Session session) {
    sink.connection(
        session.id().toString(), PropertyKeys.select(keys, session.properties()), false);
  }

  @Override
  public void reconnected(Session session) {
    sink.connection(session.id().toString(), PropertyKeys.select(keys, session.properties()), true);
  }

  @Override
  public void closed(Session session, CloseReason reason) {
    sink.closed(session.id().toString(), PropertyKeys.select(keys, session.properties()), reason);
  }

  @Override
  public void opened(SessionSummary session) {
    sink.opened(session.id(), PropertyKeys.select(keys, session.properties()));
  }

  @Override
  public void updated(SessionSummary before, SessionSummary after) {
    update(after.id(), before.properties(), after.properties());
    boolean wasRecovering = SessionState.RECOVERING_RECONNECT.name().equals(before.state());
    boolean recovering = SessionState.RECOVERING_RECONNECT.name().equals(after.state());
    if (wasRecovering != recovering) {
      sink.connection(after.id(), PropertyKeys.select(keys, after.properties()), wasRecovering);
    }
  }

  @Override
  public void closed(SessionSummary last, CloseReason reason) {
    sink.closed(last.id(), PropertyKeys.select(keys, last.properties()), reason);
  }
}
