package dev.osmosis.grid;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import dev.osmosis.cluster.SessionRegistrations;
import dev.osmosis.cluster.SessionReplication;
import dev.osmosis.cluster.SessionSummary;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionState;
import dev.osmosis.wire.CloseReason;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Session replication on the grid (fail-over, docs/RECONNECTION.md): the session directory's
 * entries in {@value GridSessionDirectory#MAP} carry, besides the summary, what a node needs to
 * resume a sequenced session whose node died: a SHA-256 hash of its reconnect token (never the
 * token), its reconnect timeout, its topic selections, what else it registered (request and missing
 * topic handlers, notification selections, session listeners: {@link RegistrationsJson}) and the
 * highest client message processed. One map, one entry per session, one backup (Hazelcast's
 * default, synchronous).
 *
 * <p>Each session's record is written by one writer at a time, coalesced (a change while a write is
 * in flight makes one more write of the latest state when it completes), so the grid never goes
 * back to an older state of a session, and the session's own threads never wait for the grid. When
 * a member leaves the grid, its resumable sessions stay, marked {@code RECOVERING_RECONNECT} with
 * the cluster time of the loss ({@code disconnectedAt}); the others are removed as before. A claim
 * is one {@code replace(id, old, new)}: of several nodes racing, exactly one resumes the session.
 * The sweep removes, once their reconnect timeout has passed, the sessions no client resumed.
 */
final class GridSessionStore implements SessionReplication {
  private static final System.Logger LOG = System.getLogger(GridSessionStore.class.getName());
  private static final String RECOVERING = SessionState.RECOVERING_RECONNECT.name();

  /** How long a claim waits for the grid's record before answering "try again". */
  private static final long CLAIM_WAIT_MILLIS = 2000;

  private final GridCluster cluster;
  final IMap<String, HazelcastJsonValue> map;
  final SessionTombstones tombstones;
  final String node;
  private final Function<Session, List<String>> selections;
  private final Function<Session, SessionRegistrations> registrations;
  private final ConcurrentHashMap<Session, SessionWriter> writers = new ConcurrentHashMap<>();

  /** The epoch of each session this node claimed, until its copy here writes its record. */
  private final ConcurrentHashMap<String, Long> claimed = new ConcurrentHashMap<>();

  /** What else follows the recovery windows of dead nodes' sessions, run with each sweep. */
  private final List<Runnable> sweeps = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Bounds of a session's server messages in flight kept in its record; null: not kept ({@code
   * osmosis.failoverServerMessages=0}).
   */
  private volatile InFlightLimits inFlightLimits = DEFAULT_IN_FLIGHT;

  /** {@code osmosis.failoverServerMessages}, {@code osmosis.failoverServerBytes}. */
  static final InFlightLimits DEFAULT_IN_FLIGHT = new InFlightLimits(1000, 1 << 20);

  /** Whether sessions of a dead node may still wait for their clients (the sweep looks then). */
  private volatile boolean orphans = true;

  GridSessionStore(GridCluster cluster, Function<Session, List<String>> selections) {
    this(cluster, selections, session -> SessionRegistrations.NONE);
  }

  /**
   * @param selections a session's topic selections
   * @param registrations what else a session registered (handlers, notification selections, session
   *     listeners), made again by the node that resumes it
   */
  GridSessionStore(
      GridCluster cluster,
      Function<Session, List<String>> selections,
      Function<Session, SessionRegistrations> registrations) {
    this.cluster = cluster;
    this.map = cluster.grid().getMap(GridSessionDirectory.MAP);
    this.tombstones = new SessionTombstones(cluster.grid());
    this.node = cluster.nodeId();
    this.selections = selections;
    this.registrations = registrations;
  }

  /** Keeps sessions' server messages in flight within {@code limits} (null: not at all). */
  GridSessionStore inFlight(InFlightLimits limits) {
    this.inFlightLimits = limits;
    return this;
  }

  @Override
  public InFlightLimits inFlightLimits() {
    return inFlightLimits;
  }

  @Override
  public void keepInFlight(Session session, InFlightSource source) {
    writer(session).inFlight = source;
  }

  @Override
  public void inFlightChanged(Session session) {
    if (session.isOpen()) { // a closed one's writer may be gone: not made again for it
      writer(session).request();
    }
  }

  /** {@code sweep} runs with each of this store's sweeps (once a second). */
  void alsoSweep(Runnable sweep) {
    sweeps.add(sweep);
  }

  // ------------------------------------------------------------ writing this node's sessions

  /** The session opened or changed: its record is written (again) soon. */
  void write(Session session) {
    writer(session).request();
  }

  @Override
  public void changed(Session session, long received, LongConsumer durable) {
    SessionWriter writer = writer(session);
    writer.received = Math.max(writer.received, received);
    writer.durable = durable;
    writer.request();
  }

  /**
   * The session closed with {@code reason}: its record goes once the write in flight, if any, has
   * landed; if {@code announce}, first written with its reason (for other nodes' session listeners,
   * GridSessionEvents). A sequenced session whose recovery window passed leaves its tombstone
   * ({@link SessionTombstones}), so that its client is told so on any node.
   */
  void closed(Session session, CloseReason reason, boolean announce) {
    SessionWriter writer = writer(session);
    writer.closeReason = reason;
    writer.announce = announce;
    writer.request();
  }

  private SessionWriter writer(Session session) {
    return writers.computeIfAbsent(
        session,
        s -> {
          Long epoch = claimed.remove(s.id().toString());
          return new SessionWriter(this, s, epoch == null ? 0 : epoch);
        });
  }

  /** Whether {@code session}'s record is being written (or its removal is due). */
  boolean writing(Session session) {
    return writers.containsKey(session);
  }

  /** The writer of {@code session} is done with it (closed, last write landed). */
  void written(Session session, SessionWriter writer) {
    writers.remove(session, writer);
  }

  /**
   * The record of {@code session} as this node's copy of it (claim {@code epoch}) writes it, with
   * its server messages {@code inFlight}.
   */
  HazelcastJsonValue encode(Session session, long received, long epoch, InFlight inFlight) {
    JsonObjectBuilder json =
        GridSessionDirectory.json(SessionSummary.of(session, node))
            .add("epoch", epoch)
            .add("tokenHash", hash(session.token()))
            .add("reconnectTimeout", session.reconnectTimeoutMillis())
            .add("received", received);
    JsonArrayBuilder selected = Json.createArrayBuilder();
    for (String selection : selections.apply(session)) {
      selected.add(selection);
    }
    json.add("selections", selected);
    SessionRegistrations registered = registrations.apply(session);
    if (!registered.isEmpty()) {
      json.add("registrations", RegistrationsJson.encode(registered));
    }
    if (!inFlight.isEmpty()) {
      json.add("inFlight", encodeInFlight(inFlight));
    }
    return new HazelcastJsonValue(json.build().toString());
  }

  // ------------------------------------------------------------ a member leaves

  /**
   * Node {@code gone} left the grid: its resumable sessions wait for their clients (marked
   * recovering from now, cluster time), the others are removed. Every survivor does it; each entry
   * is changed once (compare-and-set).
   */
  void orphan(String gone) {
    long now = cluster.grid().getCluster().getClusterTime();
    int kept = 0;
    int removed = 0;
    List<Map.Entry<String, HazelcastJsonValue>> resumable = new java.util.ArrayList<>();
    // the sessions that end with their node go first (one removal each), then the resumable ones
    // are marked (one compare-and-set each, thousands maybe)
    for (Map.Entry<String, HazelcastJsonValue> e :
        map.entrySet(Predicates.equal("node", gone)).stream().toList()) {
      if (resumable(parse(e.getValue()))) {
        resumable.add(e);
      } else if (map.remove(e.getKey(), e.getValue())) {
        removed++;
      }
    }
    for (Map.Entry<String, HazelcastJsonValue> e : resumable) {
      JsonObject json = parse(e.getValue());
      if (!RECOVERING.equals(json.getString("state")) || !json.containsKey("disconnectedAt")) {
        JsonObjectBuilder marked =
            Json.createObjectBuilder(json).add("state", RECOVERING).add("disconnectedAt", now);
        map.replace(e.getKey(), e.getValue(), value(marked));
      }
      kept++;
    }
    orphans = true;
    LOG.log(
        System.Logger.Level.INFO,
        "node {0} left the grid: {1} of its sessions may resume on another node, {2} are gone",
        gone,
        kept,
        removed);
  }

  /**
   * Whether session {@code id} of a node that left may still be resumed, or was resumed: its record
   * is kept, resumable, and its recovery window has not passed (for the locks it held, {@link
   * GridLockRecovery}).
   */
  boolean resumable(String id) {
    HazelcastJsonValue value = map.get(id);
    if (value == null) {
      return false;
    }
    JsonObject json = parse(value);
    return resumable(json)
        && !json.containsKey("closeReason")
        && !expired(json, cluster.grid().getCluster().getClusterTime());
  }

  /** How many times the session was resumed on another node (its claim epoch; 0 before). */
  private static long epoch(JsonObject json) {
    return json.containsKey("epoch") ? json.getJsonNumber("epoch").longValue() : 0;
  }

  private static boolean resumable(JsonObject json) {
    return json.containsKey("tokenHash") && json.getJsonNumber("reconnectTimeout").longValue() > 0;
  }

  // ------------------------------------------------------------ resuming

  @Override
  public Claim claim(String id, String token) {
    String deadOwner = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      Claim claim = claimOnce(id, token, deadOwner);
      if (!(claim instanceof Retry retry)) {
        return claim;
      }
      deadOwner = retry.deadOwner();
    }
    return new Refused(
        CloseReason.IDLE_CONNECTION, "the session's record keeps changing: try again");
  }

  /**
   * Not a claim's outcome: the record changed between its read and the compare-and-set (another
   * survivor marked it recovering): read again.
   */
  private record Retry(String deadOwner) implements Claim {}

  private Claim claimOnce(String id, String token, String deadOwner) {
    HazelcastJsonValue old;
    try {
      // bounded: right after a member died its partitions wait for their backups to take over,
      // and this runs on a connection's thread
      old = map.getAsync(id).toCompletableFuture().get(CLAIM_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return new Refused(CloseReason.IDLE_CONNECTION, "the cluster is busy: try again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Refused(CloseReason.IDLE_CONNECTION, "interrupted: try again");
    }
    if (old == null) {
      return tombstones.refusal(id, hash(token));
    }
    JsonObject json = parse(old);
    if (json.containsKey("closeReason")) {
      // closed, its removal under way (or left behind by a write retried in a migration)
      return tombstones.refusal(id, hash(token));
    }
    if (!resumable(json)
        || !MessageDigest.isEqual(
            hash(token).getBytes(StandardCharsets.UTF_8),
            json.getString("tokenHash").getBytes(StandardCharsets.UTF_8))) {
      return null;
    }
    String owner = json.getString("node");
    if (owner.equals(node)) {
      return null; // ours, and no longer in the registry: closed
    }
    if (deadOwner != null && !owner.equals(deadOwner)) {
      return new Refused(
          CloseReason.HANDSHAKE_REJECTED, "the session is being resumed on another node");
    }
    if (isMember(owner)) {
      // its node is alive (or not yet noticed dead): only it may resume the session
      return new Refused(
          CloseReason.IDLE_CONNECTION,
          "the session is on another node that is still a cluster member: try again");
    }
    if (expired(json, cluster.grid().getCluster().getClusterTime())) {
      expire(id, old, json);
      return SessionTombstones.refusal(json.getJsonNumber("reconnectTimeout").longValue());
    }
    long epoch = epoch(json) + 1;
    JsonObjectBuilder mine =
        Json.createObjectBuilder(json)
            .add("epoch", epoch)
            .add("node", node)
            .add("state", SessionState.CONNECTED_ACTIVE.name())
            .remove("disconnectedAt");
    claimed.put(id, epoch);
    if (!map.replace(id, old, value(mine))) {
      claimed.remove(id, epoch);
      return new Retry(owner);
    }
    return new Claimed(replica(json));
  }

  /**
   * A dead node's session whose window passed: its tombstone is kept, then its record is marked
   * closed with RECOVERY_EXPIRED (other nodes' session listeners hear that reason) and removed.
   *
   * @return whether this call removed it
   */
  private boolean expire(String id, HazelcastJsonValue old, JsonObject json) {
    long timeout = json.getJsonNumber("reconnectTimeout").longValue();
    tombstones.keep(id, json.getString("tokenHash"), timeout);
    HazelcastJsonValue closed =
        value(
            Json.createObjectBuilder(json).add("closeReason", CloseReason.RECOVERY_EXPIRED.name()));
    return map.replace(id, old, closed) && map.remove(id, closed);
  }

  private boolean isMember(String id) {
    return cluster.members().stream().anyMatch(m -> m.id().equals(id));
  }

  private static boolean expired(JsonObject json, long now) {
    return json.containsKey("disconnectedAt")
        && now - json.getJsonNumber("disconnectedAt").longValue()
            >= json.getJsonNumber("reconnectTimeout").longValue();
  }

  private static Replica replica(JsonObject json) {
    SessionSummary summary = GridSessionDirectory.decode(json);
    return new Replica(
        summary.id(),
        summary.node(),
        summary.principal(),
        summary.roles(),
        summary.properties(),
        summary.startTime(),
        json.getJsonNumber("reconnectTimeout").longValue(),
        json.getJsonArray("selections").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .toList(),
        json.getJsonNumber("received").longValue(),
        json.containsKey("registrations")
            ? RegistrationsJson.decode(json.getJsonObject("registrations"))
            : SessionRegistrations.NONE,
        json.containsKey("inFlight")
            ? decodeInFlight(json.getJsonObject("inFlight"))
            : InFlight.NONE);
  }

  /**
   * {@code {"sent":[[seq,"message"],...],"queued":["message",...]}}: the messages as their JSON
   * texts.
   */
  static JsonObject encodeInFlight(InFlight inFlight) {
    JsonArrayBuilder sent = Json.createArrayBuilder();
    for (Sent m : inFlight.sent()) {
      sent.add(Json.createArrayBuilder().add(m.seq()).add(m.message()));
    }
    JsonArrayBuilder queued = Json.createArrayBuilder();
    inFlight.queued().forEach(queued::add);
    JsonArrayBuilder awaiting = Json.createArrayBuilder();
    for (Awaiting r : inFlight.awaiting()) {
      JsonObjectBuilder request =
          Json.createObjectBuilder().add("seq", r.seq()).add("id", r.id()).add("path", r.path());
      if (r.session() != null) {
        request.add("session", r.session());
      }
      awaiting.add(request.add("type", r.type()).add("value", r.value()));
    }
    return Json.createObjectBuilder()
        .add("through", inFlight.through())
        .add("sent", sent)
        .add("queued", queued)
        .add("awaiting", awaiting)
        .build();
  }

  static InFlight decodeInFlight(JsonObject json) {
    List<Sent> sent = new java.util.ArrayList<>();
    for (jakarta.json.JsonArray m :
        json.getJsonArray("sent").getValuesAs(jakarta.json.JsonArray.class)) {
      sent.add(new Sent(m.getJsonNumber(0).longValue(), m.getString(1)));
    }
    List<Awaiting> awaiting = new java.util.ArrayList<>();
    for (JsonObject r : json.getJsonArray("awaiting").getValuesAs(JsonObject.class)) {
      awaiting.add(
          new Awaiting(
              r.getJsonNumber("seq").longValue(),
              r.getJsonNumber("id").longValue(),
              r.getString("path"),
              r.getString("session", null),
              r.getString("type"),
              r.getString("value")));
    }
    return new InFlight(
        json.getJsonNumber("through").longValue(),
        sent,
        json.getJsonArray("queued").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .toList(),
        awaiting);
  }

  // ------------------------------------------------------------ the recovery window

  /**
   * Removes the sessions of dead nodes whose reconnect timeout passed (cluster time) without a
   * resume. Every node runs it; each entry is removed once (compare-and-set), logged by the node
   * that removed it.
   */
  @Override
  public void sweep(long now) {
    for (Runnable after : sweeps) {
      after.run();
    }
    if (!orphans) {
      return;
    }
    long clusterTime = cluster.grid().getCluster().getClusterTime();
    boolean waiting = false;
    for (Map.Entry<String, HazelcastJsonValue> e :
        map.entrySet(Predicates.equal("state", RECOVERING)).stream().toList()) {
      JsonObject json = parse(e.getValue());
      if (!json.containsKey("disconnectedAt") || isMember(json.getString("node"))) {
        continue; // a live node's own recovering session: it expires it
      }
      if (!expired(json, clusterTime)) {
        waiting = true;
      } else if (expire(e.getKey(), e.getValue(), json)) {
        LOG.log(
            System.Logger.Level.INFO,
            "session {0} of dead node {1} closed: no reconnect within {2} ms",
            e.getKey(),
            json.getString("node"),
            json.getJsonNumber("reconnectTimeout").longValue());
      }
    }
    orphans = waiting;
  }

  @Override
  public String sweepName() {
    return "the fail-over expiry sweep";
  }

  // ------------------------------------------------------------ encoding

  static String hash(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static JsonObject parse(HazelcastJsonValue value) {
    try (JsonReader reader = Json.createReader(new StringReader(value.toString()))) {
      return reader.readObject();
    }
  }

  private static HazelcastJsonValue value(JsonObjectBuilder json) {
    return new HazelcastJsonValue(json.build().toString());
  }
}
