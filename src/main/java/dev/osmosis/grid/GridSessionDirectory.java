package dev.osmosis.grid;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import dev.osmosis.cluster.SessionDirectory;
import dev.osmosis.cluster.SessionSummary;
import dev.osmosis.filter.SessionFilter;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionListener;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.wire.CloseReason;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The session directory on the grid: one entry per open session of every node in the IMap {@value
 * #MAP}, keyed by session id, its value the session's summary as JSON ({@link HazelcastJsonValue},
 * so the grid can query its {@code node} field and no application class travels). Each node writes
 * its own sessions as they open, change and close (asynchronously: the session's own threads never
 * wait for the grid); when a member leaves the grid, every survivor removes that member's entries
 * (idempotent), so a node killed leaves no ghost sessions once the grid has noticed.
 */
final class GridSessionDirectory implements SessionDirectory, SessionListener, MembershipListener {
  private static final System.Logger LOG = System.getLogger(GridSessionDirectory.class.getName());

  static final String MAP = "osmosis.sessions";

  private final IMap<String, HazelcastJsonValue> map;
  private final String node;
  private final GridSessionEvents events;

  /** A summary as stored, and the reason its session closed (written just before it goes). */
  record Entry(SessionSummary summary, CloseReason closed) {}

  /** Session replication (fail-over), or null: a dead node's sessions are removed at once. */
  private final GridSessionStore store;

  GridSessionDirectory(GridCluster cluster, SessionRegistry registry) {
    this(cluster, registry, null);
  }

  /**
   * @param store what a resume needs is written with each entry and a dead node's resumable
   *     sessions wait for their clients (docs/RECONNECTION.md, fail-over); null: neither
   */
  GridSessionDirectory(GridCluster cluster, SessionRegistry registry, GridSessionStore store) {
    this.map = cluster.grid().getMap(MAP);
    this.node = cluster.nodeId();
    this.events = new GridSessionEvents(cluster.grid(), map, node);
    this.store = store;
    cluster.grid().getCluster().addMembershipListener(this);
    registry.addListener(this);
    for (Session session : registry.all()) {
      opened(session);
    }
  }

  @Override
  public List<SessionSummary> sessions(SessionFilter filter) {
    Collection<HazelcastJsonValue> values;
    try {
      values = map.values();
    } catch (RuntimeException e) {
      throw GridUnavailable.translate("query of the session directory", e);
    }
    List<SessionSummary> matching = new ArrayList<>();
    for (HazelcastJsonValue value : values) {
      Entry entry = decodeEntry(value);
      if (entry.closed() == null && (filter == null || filter.matches(entry.summary()))) {
        matching.add(entry.summary());
      }
    }
    return matching;
  }

  @Override
  public Optional<SessionSummary> session(String id) {
    HazelcastJsonValue value;
    try {
      value = map.get(id);
    } catch (RuntimeException e) {
      throw GridUnavailable.translate("look-up of session " + id + " in the directory", e);
    }
    Entry entry = value == null ? null : decodeEntry(value);
    return entry == null || entry.closed() != null
        ? Optional.empty()
        : Optional.of(entry.summary());
  }

  @Override
  public boolean elsewhere(String id) {
    return session(id).map(s -> !s.node().equals(node)).orElse(false);
  }

  @Override
  public Watching watch(Watcher watcher) {
    return events.watch(watcher);
  }

  /** Whether another node has session properties listeners (a close then writes its reason). */
  boolean othersListen() {
    return events.othersListen();
  }

  @Override
  public void opened(Session session) {
    write(session);
  }

  @Override
  public void updated(Session session, Map<String, String> before, Map<String, String> after) {
    write(session);
  }

  @Override
  public void disconnected(Session session) {
    write(session);
  }

  @Override
  public void reconnected(Session session) {
    write(session);
  }

  @Override
  public void closed(Session session, CloseReason reason) {
    String id = session.id().toString();
    if (store != null) {
      store.closed(session, reason, events.othersListen());
      return;
    }
    try {
      if (events.othersListen()) {
        // the reason for their listeners, then the removal: chained, so never the other way round
        map.setAsync(id, encode(SessionSummary.of(session, node), reason))
            .whenComplete((done, failed) -> map.removeAsync(id));
      } else {
        map.removeAsync(id);
      }
    } catch (RuntimeException e) {
      // the grid is shutting down with the server
      LOG.log(System.Logger.Level.DEBUG, "session {0} not removed from the grid", session.id());
    }
  }

  @Override
  public void memberAdded(MembershipEvent event) {}

  @Override
  public void memberRemoved(MembershipEvent event) {
    String gone = event.getMember().getUuid().toString();
    events.nodeGone(gone);
    if (store != null) {
      try {
        store.orphan(gone);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "sessions of node " + gone + " not handled", e);
      }
      return;
    }
    try {
      map.removeAll(Predicates.equal("node", gone));
      LOG.log(System.Logger.Level.INFO, "node {0} left the grid: its sessions are gone", gone);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "sessions of node " + gone + " not removed", e);
    }
  }

  private void write(Session session) {
    if (!session.isOpen()) {
      return;
    }
    if (store != null) {
      store.write(session);
      return;
    }
    try {
      map.setAsync(session.id().toString(), encode(SessionSummary.of(session, node)));
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING, "session " + session.id() + " not written to the grid", e);
    }
  }

  static HazelcastJsonValue encode(SessionSummary summary) {
    return encode(summary, null);
  }

  /** The summary, with the reason its session closed ({@code closed} not null). */
  static HazelcastJsonValue encode(SessionSummary summary, CloseReason closed) {
    JsonObjectBuilder json = json(summary);
    if (closed != null) {
      json.add("closeReason", closed.name());
    }
    return new HazelcastJsonValue(json.build().toString());
  }

  /** The summary's fields; the fail-over store adds its own. */
  static JsonObjectBuilder json(SessionSummary summary) {
    JsonArrayBuilder roles = Json.createArrayBuilder();
    summary.roles().stream().sorted().forEach(roles::add);
    JsonObjectBuilder properties = Json.createObjectBuilder();
    summary.properties().forEach(properties::add);
    return Json.createObjectBuilder()
        .add("id", summary.id())
        .add("node", summary.node())
        .add(
            "principal",
            summary.principal() == null ? JsonValue.NULL : Json.createValue(summary.principal()))
        .add("roles", roles)
        .add("state", summary.state())
        .add("properties", properties)
        .add("startTime", summary.startTime());
  }

  static SessionSummary decode(HazelcastJsonValue value) {
    return decodeEntry(value).summary();
  }

  static SessionSummary decode(JsonObject json) {
    return decodeEntry(json).summary();
  }

  static Entry decodeEntry(HazelcastJsonValue value) {
    try (JsonReader reader = Json.createReader(new StringReader(value.toString()))) {
      return decodeEntry(reader.readObject());
    }
  }

  static Entry decodeEntry(JsonObject json) {
    Set<String> roles =
        json.getJsonArray("roles").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .collect(Collectors.toSet());
    Map<String, String> properties = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : json.getJsonObject("properties").entrySet()) {
      properties.put(e.getKey(), ((JsonString) e.getValue()).getString());
    }
    SessionSummary summary =
        new SessionSummary(
            json.getString("id"),
            json.getString("node"),
            json.isNull("principal") ? null : json.getString("principal"),
            roles,
            json.getString("state"),
            properties,
            json.getJsonNumber("startTime").longValue());
    String closed = json.getString("closeReason", null);
    return new Entry(summary, closed == null ? null : reason(closed));
  }

  private static CloseReason reason(String name) {
    try {
      return CloseReason.valueOf(name);
    } catch (IllegalArgumentException unknown) {
      return GridSessionEvents.LOST; // a reason a newer node knows
    }
  }
}
