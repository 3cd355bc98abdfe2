package dev.osmosis.cluster;

import dev.osmosis.filter.SessionFilter;
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
}
