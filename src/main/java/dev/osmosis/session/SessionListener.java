package dev.osmosis.session;

import dev.osmosis.wire.CloseReason;
import java.util.Map;

/**
 * Hears every session of a {@link SessionRegistry} open, change and close. Called on the thread
 * that made the change, after it is visible; implementations must be quick and must not block
 * (enqueue, don't write).
 */
public interface SessionListener {

  void opened(Session session);

  /**
   * Properties (user properties, {@code $Roles}, {@code $Principal}) changed from {@code before} to
   * {@code after}.
   */
  void updated(Session session, Map<String, String> before, Map<String, String> after);

  void closed(Session session, CloseReason reason);

  /** The session lost its connection and waits for its client (RECOVERING_RECONNECT). */
  default void disconnected(Session session) {}

  /** The session's client reconnected (CONNECTED_ACTIVE again). */
  default void reconnected(Session session) {}
}
