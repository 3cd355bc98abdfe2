package dev.osmosis.admin;

import dev.osmosis.cluster.SessionSummary;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Session;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A session as the admin API shows it, with the id of the node it is open on ({@code node},
 * docs/CLUSTER.md) and {@code queued}: the messages waiting in its outbound queue now, known for a
 * session open on this node only (null for one on another node). The reconnect token is never
 * shown.
 */
public record SessionView(
    String id,
    String principal,
    List<String> roles,
    String state,
    Map<String, String> properties,
    String node,
    Integer queued) {

  static SessionView of(Session session, String node) {
    return new SessionView(
        session.id().toString(),
        session.principal(),
        List.copyOf(session.roles()),
        session.state().name(),
        new TreeMap<>(session.properties()),
        node,
        queued(session));
  }

  /** A session of the grid's directory; {@code local}: the same session if it is open here. */
  static SessionView of(SessionSummary session, Session local) {
    return new SessionView(
        session.id(),
        session.principal(),
        session.roles().stream().sorted().toList(),
        session.state(),
        new TreeMap<>(session.properties()),
        session.node(),
        local == null ? null : queued(local));
  }

  static SessionView of(SessionSummary session) {
    return of(session, null);
  }

  static int queued(Session session) {
    Connection connection = session.connection();
    return connection == null ? 0 : connection.queued();
  }
}
