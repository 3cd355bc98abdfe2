package dev.osmosis.cluster;

import dev.osmosis.filter.FilterTarget;
import dev.osmosis.session.Session;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A session as every node can see it: what the admin API and session filters read, and the node it
 * is open on. A snapshot: immutable. Never the reconnect token.
 *
 * @param id the session id
 * @param node the id of the node the session is open on ({@link Cluster#nodeId()})
 * @param principal its principal ("" for anonymous)
 * @param roles its roles
 * @param state its state name ({@code CONNECTED_ACTIVE}, {@code RECOVERING_RECONNECT})
 * @param properties its fixed ({@code $}) and user properties
 * @param startTime when it opened (epoch millis)
 */
public record SessionSummary(
    String id,
    String node,
    String principal,
    Set<String> roles,
    String state,
    Map<String, String> properties,
    long startTime)
    implements FilterTarget {

  public SessionSummary {
    roles = Set.copyOf(roles);
    properties = Map.copyOf(properties);
  }

  /** A summary of a session open on {@code node}. */
  public static SessionSummary of(Session session, String node) {
    return new SessionSummary(
        session.id().toString(),
        node,
        session.principal(),
        session.roles(),
        session.state().name(),
        new TreeMap<>(session.properties()),
        session.startTime());
  }

  @Override
  public String property(String key) {
    return properties.get(key);
  }
}
