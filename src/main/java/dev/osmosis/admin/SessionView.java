package dev.osmosis.admin;

import dev.osmosis.session.Session;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A session as the admin API shows it. The reconnect token is never shown. */
public record SessionView(
    String id, String principal, List<String> roles, String state, Map<String, String> properties) {

  static SessionView of(Session session) {
    return new SessionView(
        session.id().toString(),
        session.principal(),
        List.copyOf(session.roles()),
        session.state().name(),
        new TreeMap<>(session.properties()));
  }
}
