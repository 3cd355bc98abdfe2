package dev.osmosis.cluster;

import dev.osmosis.filter.SessionFilter;
import dev.osmosis.wire.CloseReason;
import java.util.List;
import java.util.Optional;

/**
 * The session directory role: every node's open sessions, readable on any node ({@code GET
 * /api/v1/sessions}). {@link LocalSessionDirectory} (the grid off) reads this node's registry; the
 * grid's keeps a summary per session in the grid, removed when the session closes or its node
 * leaves the grid (docs/CLUSTER.md). Acting on a session (close, properties, messages) stays with
 * the node it is open on.
 */
public interface SessionDirectory {

  /** The open sessions of every node that {@code filter} matches ({@code null}: all). */
  List<SessionSummary> sessions(SessionFilter filter);

  /** One open session, on any node. */
  Optional<SessionSummary> session(String id);

  /**
   * Whether session {@code id} is open on <b>another</b> node: a stale copy of a session resumed
   * elsewhere closes on this node only (docs/RECONNECTION.md, fail-over). Never with the grid off.
   */
  default boolean elsewhere(String id) {
    return false;
  }

  /**
   * Has {@code watcher} hear the sessions of the <b>other</b> nodes (this node's are heard through
   * the registry): first every open one, then their changes and closes, in order per session
   * (docs/CLUSTER.md "Sessions"). Nothing with the grid off (no other node).
   */
  default Watching watch(Watcher watcher) {
    return Watching.NONE;
  }

  /** A {@link #watch} in place. Thread-safe. */
  interface Watching {
    /** Hears nothing. */
    Watching NONE =
        new Watching() {
          @Override
          public void stop() {}

          @Override
          public SessionSummary arrived(String id) {
            return null;
          }
        };

    /** Stops it: nothing more is heard. */
    void stop();

    /**
     * Session {@code id} opened on this node (its registry has it): from now on it is heard through
     * the registry only, and the events of its old node that arrive late are dropped. Answers the
     * last summary heard of it, or null (not heard: a new session). A session resumed here after
     * its node died (fail-over, docs/RECONNECTION.md) was heard on that node: its listener tells
     * the change from that summary (RECONNECTED, UPDATED), not a new OPEN.
     */
    SessionSummary arrived(String id);
  }

  /** What a {@link #watch} hears; called on the grid's event threads, must not block. */
  interface Watcher {
    void opened(SessionSummary session);

    /** A change of its properties or state ({@code before} is the last summary heard). */
    void updated(SessionSummary before, SessionSummary after);

    /**
     * It closed ({@code reason} as its node said) or its node left the cluster ({@link
     * CloseReason#CONNECTION_ERROR}).
     */
    void closed(SessionSummary last, CloseReason reason);
  }
}
