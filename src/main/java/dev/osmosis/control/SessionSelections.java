package dev.osmosis.control;

import dev.osmosis.session.Session;
import java.util.List;
import java.util.Map;

/**
 * How {@link ClientControl} subscribes a session to, or unsubscribes it from, a topic selector, in
 * a selection scope (the subscription engine's {@code selectFor} and {@code unselectFor}), reads
 * its selections and turns its conflation on or off. A scope is {@code ""} for the default one.
 */
public interface SessionSelections {

  void select(Session session, String selector);

  void unselect(Session session, String selector);

  /** Selects in {@code scope}; this default knows the default scope only. */
  default void select(Session session, String selector, String scope) {
    requireDefault(scope);
    select(session, selector);
  }

  /** Unselects in {@code scope}, null for every scope; this default knows the default only. */
  default void unselect(Session session, String selector, String scope) {
    requireDefault(scope);
    unselect(session, selector);
  }

  /** The session's selections' canonical expressions by scope, in the order made. */
  default Map<String, List<String>> selections(Session session) {
    throw new UnsupportedOperationException("selections by scope");
  }

  /** Turns the topics' CONFLATION policies on or off for the session. */
  default void conflate(Session session, boolean conflated) {
    throw new UnsupportedOperationException("conflation control");
  }

  private static void requireDefault(String scope) {
    if (!"".equals(scope)) {
      throw new UnsupportedOperationException("selection scopes");
    }
  }
}
