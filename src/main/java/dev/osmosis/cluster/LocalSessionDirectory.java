package dev.osmosis.cluster;

import dev.osmosis.filter.SessionFilter;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.session.SessionRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The grid off: the directory is this node's registry, read when asked (nothing is kept, the
 * session open and close paths pay nothing).
 */
public final class LocalSessionDirectory implements SessionDirectory {
  private final SessionRegistry registry;
  private final String node;

  public LocalSessionDirectory(SessionRegistry registry, String node) {
    this.registry = registry;
    this.node = node;
  }

  @Override
  public List<SessionSummary> sessions(SessionFilter filter) {
    List<SessionSummary> matching = new ArrayList<>();
    for (Session session : registry.all()) {
      if (session.isOpen() && (filter == null || filter.matches(session))) {
        matching.add(SessionSummary.of(session, node));
      }
    }
    return matching;
  }

  @Override
  public Optional<SessionSummary> session(String id) {
    try {
      return registry
          .get(SessionId.parse(id))
          .filter(Session::isOpen)
          .map(s -> SessionSummary.of(s, node));
    } catch (IllegalArgumentException notAnId) {
      return Optional.empty();
    }
  }
}
