package dev.osmosis.admin;

import dev.osmosis.cluster.SessionSummary;
import dev.osmosis.session.Session;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A session as the admin API shows it, with the id of the node it is open on ({@code node},
 * docs/CLUSTER.md). The reconnect token is never shown.
 */
public record SessionView(
    String id,
    String principal,
    List<String> roles,
    String state,
    Map<String, String> properties,
    String node) {

  static SessionView of(Session session, String node) {
    return new SessionView(
        session.id().toString(),
        session.principal(),
        List.copyOf(session.roles()),
        session.state().name(),
        new TreeMap<>(session.properties()),
        node);
  }

  static SessionView of(SessionSummary session) {
    return new SessionView(
        session.id(),
        session.principal(),
        session.roles().stream().sorted().toList(),
        session.state(),
        new TreeMap<>(session.properties()),
        session.node());
  }
}
