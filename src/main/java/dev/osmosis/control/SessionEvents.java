package dev.osmosis.control;

import dev.osmosis.session.Session;
import dev.osmosis.session.SessionListener;
import dev.osmosis.wire.CloseReason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session properties listener: turns registry events into OPEN / UPDATED / CLOSED for the
 * selected keys.
 */
public final class SessionEvents implements SessionListener {

  /** Where the events go (the transport encodes and enqueues them). Must not block. */
  public interface Sink {
    void opened(Session session, Map<String, String> properties);

    void updated(Session session, Map<String, String> properties, Map<String, String> previous);

    void closed(Session session, Map<String, String> properties, CloseReason reason);

    /** DISCONNECTED (the session is recovering) or RECONNECTED. */
    default void connection(Session session, Map<String, String> properties, boolean connected) {}
  }

  private final List<String> keys;
  private final Sink sink;

  SessionEvents(List<String> keys, Sink sink) {
    this.keys = keys;
    this.sink = sink;
  }

  @Override
  public void opened(Session session) {
    sink.opened(session, PropertyKeys.select(keys, session.properties()));
  }

  @Override
  public void updated(Session session, Map<String, String> before, Map<String, String> after) {
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
    sink.updated(session, now, previous);
  }

  @Override
  public void disconnected(Session session) {
    sink.connection(session, PropertyKeys.select(keys, session.properties()), false);
  }

  @Override
  public void reconnected(Session session) {
    sink.connection(session, PropertyKeys.select(keys, session.properties()), true);
  }

  @Override
  public void closed(Session session, CloseReason reason) {
    sink.closed(session, PropertyKeys.select(keys, session.properties()), reason);
  }
}
