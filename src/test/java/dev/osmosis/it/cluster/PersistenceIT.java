package dev.osmosis.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.client.JsonValue;
import dev.osmosis.client.Osmosis;
import dev.osmosis.client.RetryStrategy;
import dev.osmosis.client.Session;
import dev.osmosis.client.SessionEstablishmentException;
import dev.osmosis.client.TopicSpecification;
import dev.osmosis.client.TopicType;
import dev.osmosis.client.ValueStream;
import dev.osmosis.it.PostgresServer;
import dev.osmosis.platform.DatabaseSettings;
import dev.osmosis.security.PasswordHasher;
import dev.osmosis.wire.CloseReason;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Topics survive a restart (docs/PERSISTENCE.md), on the embedded H2 database in the node's data
 * directory: one real Payara Micro node on a one-node grid (what {@code mvn package
 * payara-micro:start} runs), stopped in order and started again, then killed ({@code kill -9}) in
 * the middle of a stream of updates and started again with the grid off. Each check counts and
 * compares values; the crash bound is checked on the update numbers and the times the client saw
 * their acknowledgements, never on how long the test took. The orderly-stop proof runs once more on
 * a real PostgreSQL server the test starts itself ({@link PostgresServer}), which it then stops to
 * see a node refuse to start.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PersistenceIT {
  static final Duration START = Duration.ofMinutes(4);
  static final int TOPICS = 1_000;

  /** {@code osmosis.persistence.flushMillis}'s default: the most a change waits to be written. */
  static final long FLUSH_MILLIS = 100;

  /**
   * What docs/PERSISTENCE.md allows on top of the flush delay for the write itself (one batch
   * transaction), generous for a shared CI machine; the measured window is printed.
   */
  static final long WRITE_ALLOWANCE_MILLIS = 1_000;

  static ClusterNodes cluster;

  /**
   * The first start writes nothing behind for a minute ({@code osmosis.persistence.flushMillis}
   * 60000), so that what the orderly stop finds pending only the stop can write; the starts after
   * it run with the default.
   */
  @BeforeAll
  static void start() throws Exception {
    String options = System.getProperty("payara.cmdOptions", "");
    System.setProperty("payara.cmdOptions", options + " -Dosmosis.persistence.flushMillis=60000");
    try {
      cluster = ClusterNodes.start(1, START);
    } finally {
      System.setProperty("payara.cmdOptions", options);
    }
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static Session open(ClusterNodes.Node node, String principal) throws Exception {
    var factory = Osmosis.sessions().initialRetryStrategy(new RetryStrategy(200, 2));
    return principal == null
        ? factory.open(node.ws())
        : factory.principal(principal).password("password").open(node.ws());
  }

  /** The topics a selector matches with values, by path, as the admin API lists them. */
  static Map<String, JsonObject> topics(ClusterNodes.Node node, String selector) throws Exception {
    JsonArray list =
        (JsonArray)
            ClusterNodes.getJson(
                node,
                "api/v1/topics?values=true&selector="
                    + URLEncoder.encode(selector, StandardCharsets.UTF_8));
    Map<String, JsonObject> byPath = new HashMap<>();
    list.forEach(t -> byPath.put(t.asJsonObject().getString("path"), t.asJsonObject()));
    return byPath;
  }

  /** What a persistent topic {@code i} is made with: a mix of types and specifications. */
  static TopicSpecification specification(int i) {
    TopicType type = i % 3 == 0 ? TopicType.JSON : i % 3 == 1 ? TopicType.STRING : TopicType.INT64;
    Map<String, String> properties = new HashMap<>();
    if (i % 5 == 0) {
      properties.put(TopicSpecification.PRIORITY, "high");
      properties.put(TopicSpecification.PERSISTENT, "true");
    }
    return TopicSpecification.of(type, properties);
  }

  static CompletableFuture<?> set(Session session, String path, int i, int version, boolean add) {
    TopicSpecification spec = specification(i);
    var update = session.topicUpdate();
    return switch (spec.getType()) {
      case JSON -> {
        JsonValue value = JsonValue.parse("{\"i\":" + i + ",\"v\":" + version + "}");
        yield add
            ? update.addAndSet(path, spec, JsonValue.class, value)
            : update.set(path, JsonValue.class, value);
      }
      case STRING -> {
        String value = "s" + i + "v" + version;
        yield add
            ? update.addAndSet(path, spec, String.class, value)
            : update.set(path, String.class, value);
      }
      default -> {
        long value = i * 1_000L + version;
        yield add
            ? update.addAndSet(path, spec, Long.class, value)
            : update.set(path, Long.class, value);
      }
    };
  }

  /** The admin API's value text of persistent topic {@code i} at {@code version}. */
  static String expected(int i, int version) {
    return switch (i % 3) {
      case 0 -> "{\"i\":" + i + ",\"v\":" + version + "}";
      case 1 -> "\"s" + i + "v" + version + "\"";
      default -> Long.toString(i * 1_000L + version);
    };
  }

  static void awaitAll(List<CompletableFuture<?>> futures) throws Exception {
    for (CompletableFuture<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    futures.clear();
  }

  @Test
  @Order(1)
  void orderlyStop_thenExactlyThePersistentTopicsAreBackWithTheirLastValuesAndSpecifications()
      throws Exception {
    orderlyStopProof(cluster);
  }

  /**
   * 1,000 persistent and 1,000 PERSISTENT=false topics, some updated; node 0 of {@code cluster}
   * stopped in order and started again: exactly the persistent ones are back with their last
   * values, specifications and sequences, and a subscriber that connects gets them.
   */
  static void orderlyStopProof(ClusterNodes cluster) throws Exception {
    Map<String, String> values = new HashMap<>();
    try (Session control = open(cluster.node(0), "control")) {
      List<CompletableFuture<?>> pending = new ArrayList<>();
      for (int i = 0; i < TOPICS; i++) {
        pending.add(set(control, "persist/p/" + i, i, 0, true));
        pending.add(
            control
                .topicUpdate()
                .addAndSet(
                    "persist/t/" + i,
                    TopicSpecification.of(
                        TopicType.STRING, Map.of(TopicSpecification.PERSISTENT, "false")),
                    String.class,
                    "t" + i));
        values.put("persist/p/" + i, expected(i, 0));
        if (pending.size() >= 200) {
          awaitAll(pending);
        }
      }
      for (int i = 0; i < TOPICS; i += 7) { // update some, twice
        pending.add(set(control, "persist/p/" + i, i, 1, false));
        pending.add(set(control, "persist/p/" + i, i, 2, false));
        pending.add(control.topicUpdate().set("persist/t/" + i, String.class, "t" + i + "v2"));
        values.put("persist/p/" + i, expected(i, 2));
      }
      awaitAll(pending);
    }
    assertEquals(2 * TOPICS, topics(cluster.node(0), "?persist//").size());

    cluster.stop(0); // with nothing written behind yet: the stop writes what is pending
    ClusterNodes.Node node = cluster.restart(0, List.of(), START);

    Map<String, JsonObject> back = topics(node, "?persist//");
    assertEquals(TOPICS, back.size(), "the persistent topics, and only them");
    assertEquals(values.keySet(), back.keySet(), "exactly the persistent topics");
    for (int i = 0; i < TOPICS; i++) {
      JsonObject topic = back.get("persist/p/" + i);
      TopicSpecification spec = specification(i);
      assertEquals(values.get("persist/p/" + i), topic.get("value").toString(), topic.toString());
      assertEquals(spec.getType().name(), topic.getString("type"), topic.toString());
      assertEquals(
          spec.getProperties(),
          new HashMap<>(
              topic.getJsonObject("properties").entrySet().stream()
                  .collect(
                      java.util.stream.Collectors.toMap(
                          Map.Entry::getKey,
                          e -> ((jakarta.json.JsonString) e.getValue()).getString()))),
          topic.toString());
      // numbering continues: addAndSet's value was update 1, and topics updated twice more are at 3
      assertEquals(i % 7 == 0 ? 3 : 1, topic.getInt("sequence"), topic.toString());
    }

    // a subscriber that connects now gets every persistent topic with its last value
    Map<String, String> received = new ConcurrentHashMap<>();
    try (Session subscriber = open(node, null)) {
      subscriber.addStream("?persist/p//", String.class, stream(received));
      subscriber.addStream("?persist/p//", Long.class, stream(received));
      subscriber.addStream("?persist/p//", JsonValue.class, stream(received));
      subscriber.select("?persist/p//").get(60, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (received.size() < TOPICS && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    }
    assertEquals(TOPICS, received.size());
    for (int i = 0; i < TOPICS; i++) {
      assertEquals(plain(i, i % 7 == 0 ? 2 : 0), received.get("persist/p/" + i), "persist/p/" + i);
    }
  }

  /**
   * The orderly-stop proof again on a real PostgreSQL server the test starts itself ({@link
   * PostgresServer}; docs/PERSISTENCE.md "PostgreSQL in three steps"): the schema is migrated on it
   * at the first start. Then, with that server stopped, a node refuses to start with one line that
   * names the database and the cause, never the password.
   */
  @Test
  @Order(10)
  void postgres_orderlyStopThenTheTopicsAreBack_andDatabaseDownRefusesToStart() throws Exception {
    try (PostgresServer pg =
        PostgresServer.start(
            Path.of("target", "persistence-it", "postgres-" + System.nanoTime()))) {
      List<String> database =
          List.of(
              "-Dosmosis.database.url=" + pg.url(),
              "-Dosmosis.database.password=" + PostgresServer.PASSWORD);
      String options = System.getProperty("payara.cmdOptions", "");
      String onPostgres = options + " " + String.join(" ", database);
      System.setProperty(
          "payara.cmdOptions", onPostgres + " -Dosmosis.persistence.flushMillis=60000");
      try (ClusterNodes nodes = ClusterNodes.start(1, START)) {
        System.setProperty("payara.cmdOptions", onPostgres); // the restart: the default delay
        orderlyStopProof(nodes);
      } finally {
        System.setProperty("payara.cmdOptions", options);
      }

      pg.stop();
      String line = ClusterNodes.refusal(database, List.of("--nocluster"), START);
      assertTrue(
          line.contains(
              "Cannot use the database " + pg.url() + " as user osmosis: Connection refused"),
          line);
      assertTrue(line.endsWith("Refusing to start."), line);
      assertFalse(line.contains(PostgresServer.PASSWORD), line);
    }
  }

  /** Persistent topic {@code i}'s value at {@code version} as a value stream gets it, as text. */
  static String plain(int i, int version) {
    return switch (i % 3) {
      case 0 -> JsonValue.parse("{\"i\":" + i + ",\"v\":" + version + "}").toJsonString();
      case 1 -> "s" + i + "v" + version;
      default -> Long.toString(i * 1_000L + version);
    };
  }

  static <V> ValueStream<V> stream(Map<String, String> received) {
    return new ValueStream<>() {
      @Override
      public void onValue(String path, TopicSpecification spec, V oldValue, V value) {
        received.put(
            path, value instanceof JsonValue json ? json.toJsonString() : String.valueOf(value));
      }
    };
  }

  @Test
  @Order(2)
  void kill9MidStream_thenEveryPersistentTopicIsNoOlderThanTheFlushWindow() throws Exception {
    int count = 20;
    CrashStream stream;
    try (Session control = open(cluster.node(0), "control")) {
      for (int i = 0; i < count; i++) {
        control
            .topicUpdate()
            .addAndSet("persist/crash/" + i, TopicSpecification.of(TopicType.INT64), Long.class, 0L)
            .get(60, TimeUnit.SECONDS);
      }
      stream = new CrashStream(control, "persist/crash/", count);
      stream.awaitAcknowledged(3_000); // a stream of updates going on
      long killedAt = System.currentTimeMillis();
      cluster.kill(0);
      stream.stop();
      ClusterNodes.Node node = cluster.restart(0, List.of("-Dosmosis.cluster=off"), START);
      Map<String, JsonObject> back = topics(node, "?persist/crash//");
      assertEquals(count, back.size());
      long window = FLUSH_MILLIS + WRITE_ALLOWANCE_MILLIS;
      long worst = 0;
      for (int i = 0; i < count; i++) {
        long stored = back.get("persist/crash/" + i).getJsonNumber("value").longValue();
        long required = stream.lastAcknowledgedBefore(i, killedAt - window);
        assertTrue(
            stored >= required,
            "topic "
                + i
                + ": stored update "
                + stored
                + ", but update "
                + required
                + " was acknowledged more than "
                + window
                + " ms before the kill");
        assertTrue(stored <= stream.lastSent(i), "topic " + i + ": a value never sent");
        worst = Math.max(worst, stream.lostMillis(i, stored, killedAt));
      }
      System.out.printf(
          "PersistenceIT: kill -9 after %d acknowledged updates over %d topics: the oldest"
              + " restored value's update was acknowledged %d ms before the newest acknowledged"
              + " update of its topic (bound %d ms)%n",
          stream.acknowledged(), count, worst, window);
    }
  }

  /**
   * The security store is the database's (docs/PERSISTENCE.md "The security store"): a principal
   * the file seeded still logs in after the restarts; a principal added and one removed directly in
   * the database while the node is stopped are in and out after the next start, though the file
   * still has the one and not the other (it is not read again).
   */
  @Test
  @Order(3)
  void securityStore_whenChangedInTheDatabase_thenTheChangeSurvivesARestart() throws Exception {
    try (Session client = open(cluster.node(0), "client")) {
      assertEquals("client", client.getPrincipal());
    }
    cluster.stop(0);
    try (Connection db =
            DriverManager.getConnection(
                DatabaseSettings.embeddedUrl(cluster.dataDirectory(0)),
                DatabaseSettings.EMBEDDED_USER,
                "");
        Statement sql = db.createStatement()) {
      String hash = new PasswordHasher(1_000).hash("alice-secret");
      sql.executeUpdate(
          "INSERT INTO SECURITY_PRINCIPAL (NAME, PASSWORD_HASH) VALUES ('alice', '" + hash + "')");
      sql.executeUpdate(
          "INSERT INTO SECURITY_PRINCIPAL_ROLE (PRINCIPAL_NAME, ROLE_NAME) VALUES ('alice', 'CLIENT')");
      sql.executeUpdate("DELETE FROM SECURITY_PRINCIPAL WHERE NAME = 'operator'");
    }
    ClusterNodes.Node node = cluster.restart(0, List.of("-Dosmosis.cluster=off"), START);

    try (Session alice =
        Osmosis.sessions()
            .initialRetryStrategy(new RetryStrategy(200, 2))
            .principal("alice")
            .password("alice-secret")
            .open(node.ws())) {
      assertEquals("alice", alice.getPrincipal());
    }
    SessionEstablishmentException refused =
        assertThrows(SessionEstablishmentException.class, () -> open(node, "operator").close());
    assertEquals(CloseReason.ACCESS_DENIED, refused.getCloseReason());
    assertTrue(
        Files.readString(node.log())
            .contains("Security store: read from the database (4 principals"),
        "the start read the database's store: see " + node.log());
  }

  /** A script through the admin API (text/plain), as the admin: its status. */
  static int script(ClusterNodes.Node node, String store, String script) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (ClusterNodes.ADMIN + ":" + ClusterNodes.PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(node.http() + "api/v1/security/" + store))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "text/plain")
                    .header("X-Requested-With", "PersistenceIT")
                    .POST(HttpRequest.BodyPublishers.ofString(script))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(204, response.statusCode(), response.body());
    return response.statusCode();
  }

  /**
   * Security administration survives a restart (issue 18): a principal added and a role changed
   * through the admin API (SecurityControl) are in the database, so the next start has them, and
   * the audit trail too, with the password masked.
   */
  @Test
  @Order(4)
  void securityAdministration_principalAddedAndRoleChanged_surviveARestart() throws Exception {
    ClusterNodes.Node before = cluster.node(0);
    script(
        before, "authentication/script", "add principal \"carol\" \"carol-secret\" [\"CLIENT\"]");
    script(
        before,
        "script",
        "set path permissions \"CLIENT\" \"persistence-it/closed\" []\n"
            + "isolate path \"persistence-it/isolated\"");
    cluster.stop(0);
    ClusterNodes.Node node = cluster.restart(0, List.of("-Dosmosis.cluster=off"), START);

    try (Session carol =
        Osmosis.sessions()
            .initialRetryStrategy(new RetryStrategy(200, 2))
            .principal("carol")
            .password("carol-secret")
            .open(node.ws())) {
      assertEquals("carol", carol.getPrincipal());
    }
    JsonObject security = (JsonObject) ClusterNodes.getJson(node, "api/v1/security");
    JsonObject client =
        security.getJsonArray("roles").stream()
            .map(jakarta.json.JsonValue::asJsonObject)
            .filter(r -> r.getString("name").equals("CLIENT"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        0,
        client.getJsonObject("topic").getJsonArray("persistence-it/closed").size(),
        client.toString());
    assertTrue(
        security.getJsonArray("isolatedPaths").toString().contains("persistence-it/isolated"),
        security.toString());
    JsonArray audit = (JsonArray) ClusterNodes.getJson(node, "api/v1/security/audit");
    String trail = audit.toString();
    assertTrue(trail.contains("add principal \\\"carol\\\" \\\"********\\\""), trail);
    assertFalse(trail.contains("carol-secret"), trail);
    assertTrue(trail.contains("isolate path"), trail);
  }

  /**
   * Metric collectors survive a restart (issue 19): a collector put through the admin API is in the
   * database (METRIC_COLLECTOR), so the next start lists it with every field.
   */
  @Test
  @Order(5)
  void metricCollector_putThroughTheAdminApi_survivesARestart() throws Exception {
    ClusterNodes.Node before = cluster.node(0);
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (ClusterNodes.ADMIN + ":" + ClusterNodes.PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> put =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(before.http() + "api/v1/metrics/collectors/session/kept"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/json")
                    .PUT(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"sessionFilter\":\"all\",\"groupByProperties\":[\"$ClientType\"],"
                                + "\"exportToPrometheus\":true,\"maximumGroups\":7}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, put.statusCode(), put.body());
    cluster.stop(0);
    ClusterNodes.Node node = cluster.restart(0, List.of("-Dosmosis.cluster=off"), START);

    JsonObject collectors = (JsonObject) ClusterNodes.getJson(node, "api/v1/metrics/collectors");
    JsonArray session = collectors.getJsonArray("session");
    assertEquals(1, session.size(), collectors.toString());
    JsonObject kept = session.getJsonObject(0);
    assertEquals("kept", kept.getString("name"));
    assertEquals(7, kept.getInt("maximumGroups"));
    assertTrue(kept.getBoolean("exportToPrometheus"));
    assertEquals("$ClientType", kept.getJsonArray("groupByProperties").getString(0));
  }
}
