package dev.osmosis.control;

import dev.osmosis.session.Session;

/**
 * How {@link ClientControl} subscribes a session to, or unsubscribes it from, a topic selector (the
 * subscription engine's {@code selectFor} and {@code unselectFor}).
 */
public interface SessionSelections {

  void select(Session session, String selector);

  void unselect(Session session, String selector);
}
