package dev.osmosis.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.client.FilterCallback;
import dev.osmosis.client.Osmosis;
import dev.osmosis.client.RetryStrategy;
import dev.osmosis.client.Session;
import dev.osmosis.client.SessionException;
import dev.osmosis.client.SessionId;
import dev.osmosis.client.SessionLock;
import dev.osmosis.it.cluster.ClusterNodes.Node;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three real Payara Micro nodes on loopback, one grid (docs/CLUSTER.md): started once for the whole
 * class ({@link ClusterNodes}); the last test kills one with {@code kill -9}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  private static final int NODES = 3;

  /**
   * Failure detection bound (docs/CLUSTER.md): no heartbeat for 5 s, checked every second, plus the
   * polling of the admin API and a loaded 2-core machine.
   */
  private static final Duration FAILURE_DETECTION = Duration.ofSeconds(15);

  /** Grid writes are asynchronous: how long a session may take to show on another node. */
  private static final Duration PROPAGATION = Duration.ofSeconds(10);

  private static ClusterNodes cluster;

  @BeforeAll
  static void start() throws Exception {
    long started = System.nanoTime();
    cluster = ClusterNodes.start(NODES, Duration.ofMinutes(6));
    System.out.printf(
        "ClusterIT: %d nodes ready, one grid, in %d ms (cluster %s)%n",
        NODES, (System.nanoTime() - started) / 1_000_000, cluster.clusterName());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void server_onEveryNode_thenListsEveryMemberAndItsOwnNodeId() throws Exception {
    Set<String> ids = null;
    Set<String> addresses =
        cluster.nodes().stream().map(n -> "127.0.0.1:" + n.gridPort()).collect(Collectors.toSet());
    for (Node node : cluster.nodes()) {
      JsonObject server = ClusterNodes.server(node);
      assertTrue(server.getBoolean("clustered"), server.toString());
      List<JsonObject> members = members(server);
      assertEquals(NODES, members.size(), server.toString());
      assertEquals(
          addresses, members.stream().map(m -> m.getString("address")).collect(Collectors.toSet()));
      List<JsonObject> local = members.stream().filter(m -> m.getBoolean("local")).toList();
      assertEquals(1, local.size(), server.toString());
      assertEquals(server.getString("node"), local.get(0).getString("id"));
      assertEquals("127.0.0.1:" + node.gridPort(), local.get(0).getString("address"));
      Set<String> seen = members.stream().map(m -> m.getString("id")).collect(Collectors.toSet());
      assertEquals(NODES, seen.size());
      if (ids != null) {
        assertEquals(ids, seen, "every node sees the same members");
      }
      ids = seen;
    }
  }

  /**
   * docs/CLUSTER.md "Topics": a JSON topic added and updated through node 0 (Java client), a
   * subscriber on node 1 gets the initial value and then every update in order, deltas included
   * (CONFLATION off: no gap, no duplicate, no reorder); node 2's admin API shows the last value.
   */
  @Test
  @Order(10)
  void topicUpdatesOnOneNode_thenASubscriberOnAnotherGetsEveryOneInOrder() throws Exception {
    int updates = 200;
    String pad = "x".repeat(200); // so that the delta of each update is smaller than the value
    var spec =
        dev.osmosis.client.TopicSpecification.of(
            dev.osmosis.client.TopicType.JSON, java.util.Map.of("CONFLATION", "off"));
    var sessions =
        dev.osmosis.client.Osmosis.sessions()
            .initialRetryStrategy(new dev.osmosis.client.RetryStrategy(200, 2));
    try (var publisher =
            sessions.principal("control").password("password").open(cluster.node(0).ws());
        var subscriber =
            dev.osmosis.client.Osmosis.sessions()
                .initialRetryStrategy(new dev.osmosis.client.RetryStrategy(200, 2))
                .open(cluster.node(1).ws())) {
      var update = publisher.topicUpdate();
      update
          .addAndSet(
              "it/cluster/seq",
              spec,
              dev.osmosis.client.JsonValue.class,
              dev.osmosis.client.JsonValue.parse("{\"n\":0,\"pad\":\"" + pad + "\"}"))
          .get(10, TimeUnit.SECONDS);

      BlockingQueue<Integer> seen = new LinkedBlockingQueue<>();
      List<Long> numbers = java.util.Collections.synchronizedList(new ArrayList<>());
      subscriber.addStream(
          ">it/cluster/seq",
          dev.osmosis.client.JsonValue.class,
          new dev.osmosis.client.ValueStream<>() {
            @Override
            public void onValue(
                String path,
                dev.osmosis.client.TopicSpecification specification,
                dev.osmosis.client.JsonValue oldValue,
                dev.osmosis.client.JsonValue newValue) {
              numbers.add(subscriber.lastSequence(path)); // before seen: read after next(seen)
              try (var reader = Json.createReader(new StringReader(newValue.toJsonString()))) {
                seen.add(reader.readObject().getInt("n"));
              }
            }
          });
      subscriber.select(">it/cluster/seq").get(10, TimeUnit.SECONDS);
      assertEquals(0, next(seen), "the initial value");

      for (int n = 1; n <= updates; n++) {
        update
            .set(
                "it/cluster/seq",
                dev.osmosis.client.JsonValue.class,
                dev.osmosis.client.JsonValue.parse("{\"n\":" + n + ",\"pad\":\"" + pad + "\"}"))
            .get(10, TimeUnit.SECONDS);
      }
      for (int n = 1; n <= updates; n++) {
        assertEquals(n, next(seen), "update " + n + " on node 1");
      }
      // the topic's sequence numbers on the wire (PROTOCOL.md §9 n): addAndSet's value is 1, then
      // each update the next one, no gap, no duplicate
      List<Long> expected = new ArrayList<>();
      for (long n = 1; n <= updates + 1; n++) {
        expected.add(n);
      }
      assertEquals(expected, numbers, "the sequence numbers node 1 delivered");
      // node 2 applies the last update on its own time: poll its admin API up to a deadline
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      JsonObject onNode2;
      do {
        onNode2 =
            (JsonObject) ClusterNodes.getJson(cluster.node(2), "api/v1/topics/it/cluster/seq");
      } while (onNode2.getJsonObject("value").getInt("n") != updates
          && System.nanoTime() < deadline);
      assertEquals(updates, onNode2.getJsonObject("value").getInt("n"), onNode2.toString());
      // the same numbers everywhere: addAndSet's value is update 1, then 200 more
      assertEquals(updates + 1, onNode2.getInt("sequence"), onNode2.toString());
    }
  }

  /**
   * docs/CLUSTER.md "Topics": a constraint is decided once for the cluster. Sessions on node 0 and
   * node 1 race 20 times to move an INT64 topic from i to i + 1 with the constraint "value is i":
   * exactly one wins each round, the other gets 4012. Then a removal through node 2 reaches a
   * subscriber on node 1.
   */
  @Test
  @Order(11)
  void racingAConstraintFromTwoNodes_thenExactlyOneWins_andARemovalReachesEveryNode()
      throws Exception {
    var sessions =
        dev.osmosis.client.Osmosis.sessions()
            .initialRetryStrategy(new dev.osmosis.client.RetryStrategy(200, 2))
            .principal("control")
            .password("password");
    try (var on0 = sessions.open(cluster.node(0).ws());
        var on1 = sessions.open(cluster.node(1).ws());
        var on2 = sessions.open(cluster.node(2).ws())) {
      on0.topicUpdate()
          .addAndSet(
              "it/cluster/race",
              dev.osmosis.client.TopicSpecification.of(dev.osmosis.client.TopicType.INT64),
              Long.class,
              0L)
          .get(10, TimeUnit.SECONDS);
      BlockingQueue<String> events = new LinkedBlockingQueue<>();
      on1.addStream(
          ">it/cluster/race",
          Long.class,
          new dev.osmosis.client.ValueStream<>() {
            @Override
            public void onUnsubscription(
                String path,
                dev.osmosis.client.TopicSpecification specification,
                dev.osmosis.client.UnsubscribeReason reason) {
              events.add("unsubscribe " + reason);
            }
          });
      on1.select(">it/cluster/race").get(10, TimeUnit.SECONDS);

      for (long i = 0; i < 20; i++) {
        var constraint = dev.osmosis.client.UpdateConstraint.value(Long.class, i);
        var from0 = on0.topicUpdate().set("it/cluster/race", Long.class, i + 1, constraint);
        var from1 = on1.topicUpdate().set("it/cluster/race", Long.class, i + 1, constraint);
        int wins = 0;
        for (var attempt : List.of(from0, from1)) {
          try {
            attempt.get(10, TimeUnit.SECONDS);
            wins++;
          } catch (java.util.concurrent.ExecutionException e) {
            assertEquals(
                4012,
                ((dev.osmosis.client.SessionException) e.getCause()).getCode(),
                e.getCause().toString());
          }
        }
        assertEquals(1, wins, "round " + i);
      }

      assertEquals(1, on2.topics().remove(">it/cluster/race").get(10, TimeUnit.SECONDS));
      String event = events.poll(30, TimeUnit.SECONDS);
      assertTrue(event != null && event.startsWith("unsubscribe"), String.valueOf(event));
    }
  }

  private static int next(BlockingQueue<Integer> seen) throws InterruptedException {
    Integer n = seen.poll(30, TimeUnit.SECONDS);
    assertTrue(n != null, "no value within 30 s");
    return n;
  }

  // ---- the browser client (war/js/osmosis.js in headless Chromium, driven as BrowserIT drives it)

  /** One Chromium for the class, launched by the first browser test, closed after the last. */
  private static com.microsoft.playwright.Playwright playwright;

  private static com.microsoft.playwright.Browser chromium;

  @AfterAll
  static void closeBrowser() {
    if (chromium != null) {
      chromium.close();
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  /**
   * A page of a node that opens no session by itself (the console), in a context of its own: its
   * sessions end when it closes (pagehide).
   */
  private record BrowserPage(com.microsoft.playwright.Page page) implements AutoCloseable {
    static synchronized BrowserPage on(Node node) {
      if (chromium == null) {
        playwright = com.microsoft.playwright.Playwright.create();
        chromium = dev.osmosis.it.Chromium.launch(playwright);
      }
      com.microsoft.playwright.Page page = chromium.newContext().newPage();
      page.navigate(node.http() + "console/");
      return new BrowserPage(page);
    }

    /** Runs an async function body in the page with {@code diffusion}, the client module. */
    @SuppressWarnings("unchecked")
    Map<String, Object> run(String asyncFunctionBody) {
      return (Map<String, Object>)
          page.evaluate(
              "async () => { const diffusion = await import('/js/osmosis.js');\n"
                  + asyncFunctionBody
                  + "\n}");
    }

    @Override
    public void close() {
      page.context().close();
    }
  }

  /**
   * docs/CLUSTER.md "Topics", with the browser client: a Java session on node 0 updates a JSON
   * topic (CONFLATION off) that a browser session on node 1 subscribed to; the browser sees the
   * initial value then every update, in order, each as a JSON delta with the topic's next sequence
   * number.
   */
  @Test
  @Order(13)
  void browserOnNode1_topicUpdatedByJavaOnNode0_thenSeesTheInitialValueThenEveryUpdateInOrder()
      throws Exception {
    int updates = 100;
    String path = "it/cluster/browser/seq" + System.nanoTime();
    String pad = "x".repeat(200); // so that the delta of each update is smaller than the value
    try (Session publisher = control(cluster.node(0));
        BrowserPage browser = BrowserPage.on(cluster.node(1))) {
      var update = publisher.topicUpdate();
      update
          .addAndSet(
              path,
              dev.osmosis.client.TopicSpecification.of(
                  dev.osmosis.client.TopicType.JSON, Map.of("CONFLATION", "off")),
              dev.osmosis.client.JsonValue.class,
              dev.osmosis.client.JsonValue.parse("{\"n\":0,\"pad\":\"" + pad + "\"}"))
          .get(10, TimeUnit.SECONDS);
      Map<String, Object> initial =
          browser.run(
              """
              const reader = await diffusion.connect({});
              window.keep = reader;
              window.seen = [];
              window.numbers = [];  // PROTOCOL §9 n: the topic's sequence number of each value
              window.deltas = 0;
              reader._transport._ws.addEventListener('message',  // the client's own WebSocket
                  (e) => { window.deltas += (String(e.data).match(/"t":"delta"/g) || []).length; });
              reader.addStream('%1$s', diffusion.datatypes.json())
                  .on('value', (topic, spec, value) => {
                    window.seen.push(value.get().n);
                    window.numbers.push(reader.lastSequence(topic));
                  });
              await reader.select('%1$s');
              const deadline = performance.now() + 30000;
              while (window.seen.length < 1 && performance.now() < deadline) {
                await new Promise((resolve) => setTimeout(resolve, 20));
              }
              return { seen: window.seen.slice() };
              """
                  .formatted(path));
      assertEquals(List.of(0), numbers(initial.get("seen")), "the initial value");

      for (int n = 1; n <= updates; n++) {
        update
            .set(
                path,
                dev.osmosis.client.JsonValue.class,
                dev.osmosis.client.JsonValue.parse("{\"n\":" + n + ",\"pad\":\"" + pad + "\"}"))
            .get(10, TimeUnit.SECONDS);
      }
      Map<String, Object> seen =
          browser.run(
              """
              const deadline = performance.now() + 30000;
              while (window.seen.length < %d && performance.now() < deadline) {
                await new Promise((resolve) => setTimeout(resolve, 20));
              }
              return { seen: window.seen.slice(), numbers: window.numbers.slice(), deltas: window.deltas };
              """
                  .formatted(updates + 1));
      assertEquals(
          java.util.stream.IntStream.rangeClosed(0, updates).boxed().toList(),
          numbers(seen.get("seen")),
          "no gap, no duplicate, no reorder");
      assertEquals(
          java.util.stream.IntStream.rangeClosed(1, updates + 1).boxed().toList(),
          numbers(seen.get("numbers")),
          "the topic's sequence numbers: addAndSet's value is 1, then one per update");
      assertEquals(updates, ((Number) seen.get("deltas")).intValue(), "each update as a delta");
    }
  }

  /**
   * docs/CLUSTER.md "Topics": a browser session on node 1 adds a JSON topic, sets it and patches
   * it; a Java subscriber on node 2, selecting before the topic exists, gets the three values in
   * order.
   */
  @Test
  @Order(14)
  void browserOnNode1_addsSetsAndPatchesATopic_thenAJavaSubscriberOnNode2GetsEachValue()
      throws Exception {
    String path = "it/cluster/browser/doc" + System.nanoTime();
    try (Session subscriber = open(cluster.node(2), "b");
        BrowserPage browser = BrowserPage.on(cluster.node(1))) {
      BlockingQueue<String> values = new LinkedBlockingQueue<>();
      subscriber.addStream(
          ">" + path,
          dev.osmosis.client.JsonValue.class,
          new dev.osmosis.client.ValueStream<>() {
            @Override
            public void onValue(
                String topic,
                dev.osmosis.client.TopicSpecification specification,
                dev.osmosis.client.JsonValue oldValue,
                dev.osmosis.client.JsonValue newValue) {
              try (var reader = Json.createReader(new StringReader(newValue.toJsonString()))) {
                JsonObject doc = reader.readObject();
                values.add(doc.getString("state") + " " + doc.getInt("qty"));
              }
            }
          });
      subscriber.select(">" + path).get(10, TimeUnit.SECONDS);

      Map<String, Object> r =
          browser.run(
              """
              const json = diffusion.datatypes.json();
              const { TopicType, TopicSpecification } = diffusion.topics;
              const s = await diffusion.connect({ principal: 'control', credentials: 'password' });
              window.keep = s;
              const added = await s.topicUpdate.addAndSet('%1$s',
                  new TopicSpecification(TopicType.JSON, { CONFLATION: 'off' }), json, { state: 'open', qty: 1 });
              await s.topicUpdate.set('%1$s', json, { state: 'open', qty: 2 });
              await s.topicUpdate.applyJsonPatch('%1$s', [{ op: 'replace', path: '/state', value: 'filled' }]);
              return { added: added.added };
              """
                  .formatted(path));
      assertEquals(true, r.get("added"), r.toString());
      for (String expected : List.of("open 1", "open 2", "filled 2")) {
        assertEquals(expected, values.poll(30, TimeUnit.SECONDS), "on node 2, in order");
      }
    }
  }

  /**
   * docs/CLUSTER.md "Messaging": a browser request on node 1 to a path whose request handler a Java
   * session registered on node 0 gets the handler's answer (node 1 learns of the handler
   * asynchronously: 4004 until then, retried up to a deadline).
   */
  @Test
  @Order(23)
  void browserRequestOnNode1_handlerRegisteredByJavaOnNode0_thenTheHandlerAnswers()
      throws Exception {
    String path = "it/cluster/browser/orders" + System.nanoTime();
    try (Session service = control(cluster.node(0));
        BrowserPage browser = BrowserPage.on(cluster.node(1))) {
      service
          .messages()
          .addRequestHandler(
              path,
              String.class,
              String.class,
              (request, context, responder) ->
                  responder.respond(
                      "accepted " + request + " for " + context.getSessionProperties().get("Team")),
              "Team")
          .get(10, TimeUnit.SECONDS);
      Map<String, Object> r =
          browser.run(
              """
              const client = await diffusion.connect({ principal: 'client', credentials: 'password',
                  properties: { Team: 'green' } });
              window.keep = client;
              const string = diffusion.datatypes.string();
              const deadline = performance.now() + %2$d;
              for (let tries = 1; ; tries++) {
                try {
                  return { answer: await client.messages.sendRequest('%1$s/new', '3 pears', string, string), tries };
                } catch (e) {
                  if (e.code !== 4004 || performance.now() > deadline) {
                    return { error: e.code + ' ' + e.message, tries };
                  }
                }
                await new Promise((resolve) => setTimeout(resolve, 100));
              }
              """
                  .formatted(path, PROPAGATION.toMillis()));
      assertEquals("accepted 3 pears for green", r.get("answer"), r.toString());
    }
  }

  /** Numbers the page returned (Playwright answers integers or doubles), as ints. */
  private static List<Integer> numbers(Object list) {
    return ((List<?>) list).stream().map(n -> ((Number) n).intValue()).toList();
  }

  @Test
  @Order(2)
  void sessions_openOnTwoNodes_thenEveryNodeListsThemWithTheirNode() throws Exception {
    String team = "t" + System.nanoTime();
    Node a = cluster.node(0);
    Node b = cluster.node(1);
    try (Session onA = open(a, team);
        Session onB1 = open(b, team);
        Session onB2 = open(b, team)) {
      Map<String, String> expected =
          Map.of(
              onA.getSessionId().toString(), nodeId(a),
              onB1.getSessionId().toString(), nodeId(b),
              onB2.getSessionId().toString(), nodeId(b));
      long deadline = System.nanoTime() + PROPAGATION.toNanos();
      for (Node node : cluster.nodes()) {
        assertEquals(
            expected, awaitSessions(node, "Team is '" + team + "'", expected.size(), deadline));
        JsonObject one =
            ClusterNodes.getJson(node, "api/v1/sessions/" + onA.getSessionId()).asJsonObject();
        assertEquals(nodeId(a), one.getString("node"));
        assertEquals(team, one.getJsonObject("properties").getString("Team"));
      }
    }
    long deadline = System.nanoTime() + PROPAGATION.toNanos();
    for (Node node : cluster.nodes()) {
      assertEquals(Map.of(), awaitSessions(node, "Team is '" + team + "'", 0, deadline));
    }
  }

  @Test
  @Order(20)
  void requestToSession_onAnotherNode_thenItsRequestStreamAnswers() throws Exception {
    String team = "m" + System.nanoTime();
    try (Session target = open(cluster.node(1), team);
        Session sender = control(cluster.node(0))) {
      target
          .messages()
          .setRequestStream(
              "it/cluster/chat",
              String.class,
              String.class,
              (path, request, responder) -> responder.respond(request + " from node 1"));
      awaitSessions(
          cluster.node(0), "Team is '" + team + "'", 1, System.nanoTime() + PROPAGATION.toNanos());

      assertEquals(
          "hello from node 1",
          sender
              .messages()
              .sendRequest(
                  target.getSessionId(), "it/cluster/chat", "hello", String.class, String.class)
              .get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  @Order(21)
  void requestToFilter_sessionsOnEveryNode_thenTheCountIsClusterWideAndEachAnswers()
      throws Exception {
    String team = "f" + System.nanoTime();
    List<Session> targets = new ArrayList<>();
    try (Session sender = control(cluster.node(0))) {
      for (Node node : cluster.nodes()) {
        Session target = open(node, team);
        targets.add(target);
        long add = node.index();
        target
            .messages()
            .setRequestStream(
                "it/cluster/count",
                Long.class,
                Long.class,
                (path, request, responder) -> responder.respond(request + add));
      }
      awaitSessions(
          cluster.node(0),
          "Team is '" + team + "'",
          NODES,
          System.nanoTime() + PROPAGATION.toNanos());
      Map<SessionId, Object> answers = new ConcurrentHashMap<>();
      CountDownLatch all = new CountDownLatch(NODES);

      int count =
          sender
              .messages()
              .sendRequestToFilter(
                  "Team is '" + team + "'",
                  "it/cluster/count",
                  40L,
                  Long.class,
                  Long.class,
                  new FilterCallback<>() {
                    @Override
                    public void onResponse(SessionId session, Long response) {
                      answers.put(session, response);
                      all.countDown();
                    }

                    @Override
                    public void onResponseError(SessionId session, Throwable error) {
                      answers.put(session, error.getMessage());
                      all.countDown();
                    }
                  })
              .get(10, TimeUnit.SECONDS);

      assertEquals(NODES, count);
      assertTrue(all.await(10, TimeUnit.SECONDS), answers.toString());
      for (int i = 0; i < NODES; i++) {
        assertEquals(40L + i, answers.get(targets.get(i).getSessionId()), answers.toString());
      }
    } finally {
      targets.forEach(Session::close);
    }
  }

  @Test
  @Order(22)
  void requestToPath_handlerOnAnotherNode_thenItAnswersRequestsSentOnThisOne() throws Exception {
    String path = "it/cluster/orders" + System.nanoTime();
    try (Session service = control(cluster.node(1));
        Session client = open(cluster.node(0), "red")) {
      service
          .messages()
          .addRequestHandler(
              path,
              String.class,
              String.class,
              (request, context, responder) ->
                  responder.respond(
                      "accepted " + request + " for " + context.getSessionProperties().get("Team")),
              "Team")
          .get(10, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + PROPAGATION.toNanos();
      String answer = null;
      while (answer == null) { // the other nodes learn of the handler asynchronously
        try {
          answer =
              client
                  .messages()
                  .sendRequest(path + "/new", "3 apples", String.class, String.class)
                  .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          SessionException error = (SessionException) e.getCause();
          assertEquals(4004, error.getCode(), error.getMessage());
          assertTrue(System.nanoTime() < deadline, "node 0 never learnt of the handler");
          Thread.sleep(100);
        }
      }
      assertEquals("accepted 3 apples for red", answer);
    }
  }

  /**
   * Client control through node 0's admin API acts where the sessions are: a session of node 1
   * closed by id, then a filter close counting sessions on nodes 0 and 1.
   */
  @Test
  @Order(25)
  void closeThroughNode0_sessionsOnNodes0And1_thenClosedWhereTheyAreAndCountedClusterWide()
      throws Exception {
    String team = "c" + System.nanoTime();
    Node zero = cluster.node(0);
    Node one = cluster.node(1);
    try (Session byId = open(one, team + "x");
        Session onZero = open(zero, team);
        Session onOne1 = open(one, team);
        Session onOne2 = open(one, team)) {
      long deadline = System.nanoTime() + PROPAGATION.toNanos();
      assertEquals(1, awaitSessions(zero, "Team is '" + team + "x'", 1, deadline).size());
      assertEquals(3, awaitSessions(zero, "Team is '" + team + "'", 3, deadline).size());

      var deleted = ClusterNodes.call(zero, "DELETE", "api/v1/sessions/" + byId.getSessionId());
      var closed =
          ClusterNodes.call(
              zero,
              "POST",
              "api/v1/sessions/close?filter="
                  + URLEncoder.encode("Team is '" + team + "'", StandardCharsets.UTF_8)
                      .replace("+", "%20"));
      var unknown = ClusterNodes.call(zero, "DELETE", "api/v1/sessions/" + byId.getSessionId());

      assertEquals(204, deleted.statusCode(), deleted.body());
      assertEquals(200, closed.statusCode(), closed.body());
      assertEquals(
          3, Json.createReader(new StringReader(closed.body())).readObject().getInt("count"));
      assertEquals(404, unknown.statusCode(), unknown.body());
      long closedBy = System.nanoTime() + PROPAGATION.toNanos();
      for (Session session : List.of(byId, onZero, onOne1, onOne2)) {
        while (session.getState() != Session.State.CLOSED_BY_SERVER
            && System.nanoTime() < closedBy) {
          Thread.sleep(50);
        }
        assertEquals(Session.State.CLOSED_BY_SERVER, session.getState(), session.toString());
      }
    }
  }

  /**
   * docs/CLUSTER.md "Security administration": a principal added through node 0's admin API logs in
   * on node 2, and a path isolated through node 1 is in node 0's and node 2's security store.
   */
  @Test
  @Order(26)
  void securityScriptsOnTwoNodes_thenEveryNodeAppliesBoth() throws Exception {
    Node zero = cluster.node(0);
    Node two = cluster.node(2);
    var added =
        ClusterNodes.script(
            zero,
            "api/v1/security/authentication/script",
            "add principal \"cluster-dora\" \"dora-secret\" [\"CLIENT\"]");
    assertEquals(204, added.statusCode(), added.body());
    var isolated =
        ClusterNodes.script(
            cluster.node(1), "api/v1/security/script", "isolate path \"cluster-it/isolated\"");
    assertEquals(204, isolated.statusCode(), isolated.body());

    long deadline = System.nanoTime() + PROPAGATION.toNanos();
    for (Node node : List.of(zero, two)) {
      String security = "";
      while (!security.contains("cluster-it/isolated") && System.nanoTime() < deadline) {
        security = ClusterNodes.getJson(node, "api/v1/security").toString();
        Thread.sleep(50);
      }
      assertTrue(
          security.contains("cluster-it/isolated"), "node " + node.index() + ": " + security);
    }
    try (Session dora =
        Osmosis.sessions()
            .initialRetryStrategy(new RetryStrategy(200, 2))
            .principal("cluster-dora")
            .password("dora-secret")
            .noReconnection()
            .open(two.ws())) {
      assertEquals("cluster-dora", dora.getPrincipal());
    }
    var cleaned =
        ClusterNodes.script(
            two, "api/v1/security/authentication/script", "remove principal \"cluster-dora\"");
    assertEquals(204, cleaned.statusCode(), cleaned.body());
    var deisolated =
        ClusterNodes.script(
            two, "api/v1/security/script", "deisolate path \"cluster-it/isolated\"");
    assertEquals(204, deisolated.statusCode(), deisolated.body());
  }

  /**
   * docs/CLUSTER.md "Topics": a missing topic handler registered by a session on node 0 serves a
   * select made on node 1; it adds the topic (on node 0), and the selector on node 1 gets it.
   */
  @Test
  @Order(12)
  void missingTopicHandlerOnOneNode_thenItServesASelectOnAnother() throws Exception {
    String branch = "it/cluster/ondemand" + System.nanoTime();
    try (Session handler = control(cluster.node(0));
        Session client = open(cluster.node(1), "blue")) {
      BlockingQueue<String> asked = new LinkedBlockingQueue<>();
      handler
          .topics()
          .addMissingTopicHandler(
              branch,
              n -> {
                asked.add(n.selector() + " " + n.sessionId() + " " + n.sessionProperties());
                handler
                    .topicUpdate()
                    .addAndSet(
                        n.path(),
                        dev.osmosis.client.TopicSpecification.of(
                            dev.osmosis.client.TopicType.STRING),
                        String.class,
                        "made on node 0 for " + n.sessionId())
                    .whenComplete((r, e) -> n.proceed());
              },
              "Team")
          .get(10, TimeUnit.SECONDS);
      BlockingQueue<String> values = new LinkedBlockingQueue<>();
      client.addStream(
          "?" + branch + "//",
          String.class,
          new dev.osmosis.client.ValueStream<>() {
            @Override
            public void onValue(
                String path,
                dev.osmosis.client.TopicSpecification specification,
                String oldValue,
                String newValue) {
              values.add(path + " " + newValue);
            }
          });
      long deadline = System.nanoTime() + PROPAGATION.toNanos();
      String question = null;
      while (question == null) { // node 1 learns of the handler asynchronously
        client.select(">" + branch + "/x").get(20, TimeUnit.SECONDS);
        question = asked.poll();
        assertTrue(question != null || System.nanoTime() < deadline, "node 1 never learnt of it");
      }
      assertEquals(">" + branch + "/x " + client.getSessionId() + " {Team=blue}", question);
      assertEquals(
          branch + "/x made on node 0 for " + client.getSessionId(),
          values.poll(20, TimeUnit.SECONDS),
          "the selector on node 1 gets the topic the handler on node 0 added");
      handler.topics().remove("?" + branch + "//").get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(30)
  void lock_heldOnOneNode_thenWaitersOnOtherNodesGrantedOneAtATime() throws Exception {
    String name = "it/cluster/lock/" + System.nanoTime();
    Session a = control(cluster.node(0));
    Session b = control(cluster.node(1));
    Session c = control(cluster.node(2));
    SessionLock held = a.lock(name).get(30, TimeUnit.SECONDS);
    CompletableFuture<SessionLock> onB = b.lock(name);
    CompletableFuture<SessionLock> onC = c.lock(name);
    assertTrue(held.unlock().get(30, TimeUnit.SECONDS));
    SessionLock first = (SessionLock) CompletableFuture.anyOf(onB, onC).get(30, TimeUnit.SECONDS);
    if (onB.isDone() && onC.isDone()) {
      throw new AssertionError("two owners at once: " + onB.join() + " and " + onC.join());
    }
    CompletableFuture<SessionLock> other = onB.isDone() ? onC : onB;
    assertTrue(first.getSequence() > held.getSequence());
    assertTrue(first.unlock().get(30, TimeUnit.SECONDS));
    SessionLock next = other.get(30, TimeUnit.SECONDS);
    assertTrue(next.getSequence() > first.getSequence());
    a.close();
    b.close();
    c.close();
  }

  /**
   * docs/CLUSTER.md "Locks": a session on node 0 holds a lock and another waits for it on node 2; a
   * controller (an operator: VIEW_SERVER) on node 1 asks who holds it (the grid's records,
   * PROTOCOL.md §8) and sees node 0's session with its sequence, then the waiter once it is
   * released to it, then nobody.
   */
  @Test
  @Order(30)
  void lockQuery_heldOnNode0_thenAControllerOnNode1SeesItsHolder_andNoneAfterRelease()
      throws Exception {
    String name = "it/cluster/lockquery/" + System.nanoTime();
    try (Session holder = control(cluster.node(0));
        Session waiter = control(cluster.node(2));
        Session controller =
            Osmosis.sessions()
                .initialRetryStrategy(new RetryStrategy(200, 2))
                .principal("operator") // VIEW_SERVER
                .password("password")
                .noReconnection()
                .open(cluster.node(1).ws())) {
      SessionLock held = holder.lock(name).get(30, TimeUnit.SECONDS);
      CompletableFuture<SessionLock> waiting = waiter.lock(name);
      var details = controller.clientControl().getSessionLock(name).get(30, TimeUnit.SECONDS);
      assertEquals(holder.getSessionId(), details.orElseThrow().sessionId());
      assertEquals(held.getSequence(), details.orElseThrow().sequence());
      assertEquals("osmosis", details.orElseThrow().serverName(), "its $ServerName");
      var all = controller.clientControl().getSessionLocks().get(30, TimeUnit.SECONDS);
      assertEquals(details.orElseThrow(), all.get(name), "listed among all: " + all);

      assertTrue(held.unlock().get(30, TimeUnit.SECONDS));
      SessionLock next = waiting.get(30, TimeUnit.SECONDS);
      details = controller.clientControl().getSessionLock(name).get(30, TimeUnit.SECONDS);
      assertEquals(waiter.getSessionId(), details.orElseThrow().sessionId(), "the waiter now");
      assertEquals(next.getSequence(), details.orElseThrow().sequence());
      assertTrue(next.unlock().get(30, TimeUnit.SECONDS));
      assertEquals(
          java.util.Optional.empty(),
          controller.clientControl().getSessionLock(name).get(30, TimeUnit.SECONDS),
          "released: no holder");
      assertEquals(
          null,
          controller.clientControl().getSessionLocks().get(30, TimeUnit.SECONDS).get(name),
          "not among all");
    }
  }

  @Test
  @Order(31)
  void chat_membersOnTwoNodes_thenBroadcastsAndCountsSpanTheNodes() throws Exception {
    String room = "r" + System.nanoTime();
    try (Chat alice = new Chat(cluster.node(0), room, "alice")) {
      // alice is a member once her welcome comes: only then does bob join
      assertEquals("welcome", alice.next().getString("type"));
      chatWithBob(alice, room);
    }
  }

  @Test
  @Order(32)
  void chat_membersOnTwoNodes_thenAThirdNodesAdminApiAndWelcomeListBothWithTheirNodes()
      throws Exception {
    String room = "v" + System.nanoTime();
    // bob joins once alice has her welcome: a member joining meanwhile may be announced to her
    // before it (the example chat joins, then welcomes)
    try (Chat alice = new Chat(cluster.node(0), room, "alice")) {
      assertEquals("welcome", alice.next().getString("type"));
      listedByNode2WithTheirNodes(room);
    }
  }

  private static void listedByNode2WithTheirNodes(String room) throws Exception {
    try (Chat bob = new Chat(cluster.node(1), room, "bob")) {
      assertEquals("welcome", bob.next().getString("type"));
      long deadline = System.nanoTime() + PROPAGATION.toNanos();
      Map<String, String> nodeOf = Map.of();
      while (nodeOf.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        var r = ClusterNodes.get(cluster.node(2), "api/v1/rooms/" + room);
        nodeOf =
            r.statusCode() != 200
                ? Map.of()
                : Json.createReader(new StringReader(r.body()))
                    .readObject()
                    .getJsonArray("sessions")
                    .stream()
                    .map(JsonValue::asJsonObject)
                    .collect(
                        Collectors.toMap(
                            m -> m.getJsonObject("attributes").getString("username"),
                            m -> m.getString("node")));
      }
      assertEquals(
          Map.of("alice", nodeId(cluster.node(0)), "bob", nodeId(cluster.node(1))), nodeOf);
      try (Chat carol = new Chat(cluster.node(2), room, "carol")) {
        assertEquals(
            Set.of("alice", "bob", "carol"),
            Set.copyOf(
                carol
                    .next()
                    .getJsonArray("users")
                    .getValuesAs(jakarta.json.JsonString.class)
                    .stream()
                    .map(jakarta.json.JsonString::getString)
                    .toList()),
            "memberSessions() on node 2 lists the other nodes' members");
      }
    }
  }

  private static void chatWithBob(Chat alice, String room) throws Exception {
    try (Chat bob = new Chat(cluster.node(1), room, "bob")) {
      assertEquals("welcome", bob.next().getString("type"));
      JsonObject join = alice.next();
      assertEquals("join", join.getString("type"));
      assertEquals("bob", join.getString("user"));
      assertEquals(2, join.getInt("members"), "the count is the cluster's");
      alice.send("hello from node 0");
      JsonObject message = bob.next();
      assertEquals("message", message.getString("type"));
      assertEquals("alice", message.getString("from"));
      assertEquals("hello from node 0", message.getString("text"));
      bob.send("hello from node 1");
      assertEquals("hello from node 1", alice.next().getString("text"));
    }
  }

  /** What a session properties listener on node 0 heard, as "KIND id value"; and its session. */
  private static final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

  private static Session listening;
  private static String victimSession;

  @Test
  @Order(98)
  void propertiesListenerOnNode0_thenHearsNode1sSessionOpenChangeAndClose() throws Exception {
    String team = "l" + System.nanoTime();
    listening = control(cluster.node(0));
    listening
        .clientControl()
        .addSessionPropertiesListener(
            new dev.osmosis.client.SessionPropertiesListener() {
              @Override
              public void onSessionOpen(SessionId session, Map<String, String> properties) {
                heard.add("OPEN " + session + " " + properties.get("Team"));
              }

              @Override
              public void onSessionEvent(
                  SessionId session,
                  EventType type,
                  Map<String, String> properties,
                  Map<String, String> previous) {
                heard.add(type + " " + session + " " + properties.get("Team"));
              }

              @Override
              public void onSessionClose(
                  SessionId session,
                  Map<String, String> properties,
                  dev.osmosis.wire.CloseReason reason) {
                heard.add("CLOSED " + session + " " + reason);
              }
            },
            "Team")
        .get(10, TimeUnit.SECONDS);
    Session onB = open(cluster.node(1), team);
    String id = onB.getSessionId().toString();
    assertEquals("OPEN " + id + " " + team, heardOf(id));
    listening
        .clientControl()
        .setSessionProperties(onB.getSessionId(), Map.of("Team", team + "x"))
        .get(10, TimeUnit.SECONDS);
    assertEquals("UPDATED " + id + " " + team + "x", heardOf(id));
    onB.close();
    assertEquals("CLOSED " + id + " CLOSED_BY_CLIENT", heardOf(id));
    // a session of the node killed at order 100: checked at order 102
    victimSession = open(cluster.node(NODES - 1), team).getSessionId().toString();
    assertEquals("OPEN " + victimSession + " " + team, heardOf(victimSession));
  }

  @Test
  @Order(102)
  void afterKill9_theListenerOnNode0HeardTheVictimsSessionClose() throws Exception {
    assertEquals("CLOSED " + victimSession + " CONNECTION_ERROR", heardOf(victimSession));
    listening.close();
  }

  /** The next event the listener heard of session {@code id} (others skipped), within 30 s. */
  private static String heardOf(String id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String event = heard.poll(1, TimeUnit.SECONDS);
      if (event != null && event.contains(" " + id + " ")) {
        return event;
      }
    }
    return "nothing heard of " + id;
  }

  /** Set up before the kill -9 (order 100), checked after it (order 101). */
  private static CompletableFuture<SessionLock> ghostLockWaiter;

  private static Chat ghostRoomWatcher;
  private static String ghostRoom;

  @Test
  @Order(99)
  void beforeKill9_aLockHeldAndARoomMemberOnTheVictim() throws Exception {
    Node victim = cluster.node(NODES - 1);
    String name = "it/cluster/ghost-lock";
    Session holder = control(victim);
    holder.lock(name).get(30, TimeUnit.SECONDS);
    ghostLockWaiter = control(cluster.node(0)).lock(name);
    ghostRoom = "g" + System.nanoTime();
    ghostRoomWatcher = new Chat(cluster.node(1), ghostRoom, "watcher");
    assertEquals("welcome", ghostRoomWatcher.next().getString("type"));
    Chat ghost = new Chat(victim, ghostRoom, "ghost");
    assertEquals("welcome", ghost.next().getString("type"));
    assertEquals(2, ghostRoomWatcher.next().getInt("members"));
    assertTrue(!ghostLockWaiter.isDone(), "the victim's session holds the lock");
  }

  @Test
  @Order(101)
  void afterKill9_theVictimsLockIsGrantedToTheWaiterAndItsRoomMemberIsGone() throws Exception {
    long deadline = System.nanoTime() + FAILURE_DETECTION.toNanos();
    long started = System.nanoTime();
    SessionLock granted = ghostLockWaiter.get(FAILURE_DETECTION.toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(granted.isOwned());
    System.out.printf(
        "ClusterIT: the killed node's lock granted to the waiter (%d ms after the kill test)%n",
        (System.nanoTime() - started) / 1_000_000);
    int members;
    do {
      try (Chat newcomer = new Chat(cluster.node(0), ghostRoom, "newcomer")) {
        newcomer.next();
        JsonObject join = ghostRoomWatcher.next();
        assertEquals("join", join.getString("type"));
        members = join.getInt("members");
      }
      assertEquals("leave", ghostRoomWatcher.next().getString("type"));
    } while (members != 2 && System.nanoTime() < deadline);
    assertEquals(2, members, "watcher and newcomer: the killed node's member left the room");
    ghostRoomWatcher.close();
  }

  /**
   * A chat client ({@code /ws/chat}) on a node: its messages as JSON, each awaited with a deadline.
   */
  private static final class Chat implements AutoCloseable {
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final java.net.http.WebSocket socket;

    Chat(Node node, String room, String user) throws Exception {
      StringBuilder partial = new StringBuilder();
      socket =
          java.net.http.HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(
                  java.net.URI.create(node.ws() + "/ws/chat?room=" + room + "&user=" + user),
                  new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(
                        java.net.http.WebSocket ws, CharSequence data, boolean last) {
                      partial.append(data);
                      if (last) {
                        messages.add(partial.toString());
                        partial.setLength(0);
                      }
                      ws.request(1);
                      return null;
                    }
                  })
              .get(30, TimeUnit.SECONDS);
    }

    JsonObject next() throws InterruptedException {
      String text = messages.poll(30, TimeUnit.SECONDS);
      assertTrue(text != null, "a chat message within 30 s");
      return Json.createReader(new StringReader(text)).readObject();
    }

    void send(String text) {
      socket.sendText(text, true).join();
    }

    @Override
    public void close() {
      socket.sendClose(1000, "").join();
    }
  }

  @Test
  @Order(100)
  void kill9_thenTheSurvivorsListTheOthersWithinTheFailureDetectionTime() throws Exception {
    Node victim = cluster.node(NODES - 1);
    String victimId = nodeId(victim);
    String team = "k" + System.nanoTime();
    Session ghost = open(victim, team);
    long opened = System.nanoTime() + PROPAGATION.toNanos();
    for (Node survivor : cluster.nodes().subList(0, NODES - 1)) {
      assertEquals(
          Map.of(ghost.getSessionId().toString(), victimId),
          awaitSessions(survivor, "Team is '" + team + "'", 1, opened));
    }
    ghost
        .messages()
        .setRequestStream(
            "it/cluster/never", String.class, String.class, (path, request, responder) -> {});
    // a topic whose REMOVAL follows its adding session, a session of the node about to die
    String doomed = "it/cluster/doomed" + team;
    Session adder = control(victim);
    adder
        .topicUpdate()
        .addAndSet(
            doomed,
            dev.osmosis.client.TopicSpecification.of(
                dev.osmosis.client.TopicType.STRING, Map.of("REMOVAL", "when this session closes")),
            String.class,
            "until my node dies")
        .get(10, TimeUnit.SECONDS);
    for (Node survivor : cluster.nodes().subList(0, NODES - 1)) {
      assertEquals(200, awaitTopicStatus(survivor, doomed, 200, opened), "on every node");
    }
    Session asker = control(cluster.node(0));
    CompletableFuture<String> unanswered =
        asker
            .messages()
            .sendRequest(
                ghost.getSessionId(), "it/cluster/never", "hello?", String.class, String.class);
    long killed = System.nanoTime();
    killedAt = killed;
    cluster.kill(victim.index());
    long deadline = killed + FAILURE_DETECTION.toNanos();
    for (Node survivor : cluster.nodes().subList(0, NODES - 1)) {
      JsonObject server =
          ClusterNodes.awaitServer(
              survivor,
              s ->
                  members(s).size() == NODES - 1
                      && members(s).stream().noneMatch(m -> m.getString("id").equals(victimId)),
              deadline);
      System.out.printf(
          "ClusterIT: node %d lists %d members %d ms after kill -9%n",
          survivor.index(), members(server).size(), (System.nanoTime() - killed) / 1_000_000);
      assertEquals(Map.of(), awaitSessions(survivor, "Team is '" + team + "'", 0, deadline));
      System.out.printf(
          "ClusterIT: node %d lists none of the killed node's sessions %d ms after kill -9%n",
          survivor.index(), (System.nanoTime() - killed) / 1_000_000);
    }
    for (Node survivor : cluster.nodes().subList(0, NODES - 1)) {
      // within the failure detection time plus a sweep (about a second)
      assertEquals(
          404,
          awaitTopicStatus(survivor, doomed, 404, deadline + TimeUnit.SECONDS.toNanos(5)),
          "REMOVAL 'when this session closes' of a session of the killed node");
      System.out.printf(
          "ClusterIT: node %d removed the killed node's session's topic %d ms after kill -9%n",
          survivor.index(), (System.nanoTime() - killed) / 1_000_000);
    }
    ExecutionException gone =
        assertThrows(
            ExecutionException.class,
            () -> unanswered.get(FAILURE_DETECTION.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals(4011, ((SessionException) gone.getCause()).getCode(), gone.toString());
    System.out.printf(
        "ClusterIT: a request to the killed node's session failed with 4011 %d ms after kill -9%n",
        (System.nanoTime() - killed) / 1_000_000);
    asker.close();
    ghost.close();
  }

  /** When the kill -9 of order 100 happened (System.nanoTime()). */
  private static volatile long killedAt;

  /** Fail-over: sessions on the victim, set up at order 98, checked at order 102. */
  private static FailoverSessions failover;

  private static Map<String, String> failoverBefore;

  /** Sessions opened on the victim for the fail-over test ({@code -Dit.failover.sessions}). */
  private static final int FAILOVER_SESSIONS = Integer.getInteger("it.failover.sessions", 100);

  /**
   * docs/RECONNECTION.md "Fail-over": sequenced sessions on the node killed at order 100, each
   * reaching it through a proxy that sends new connections to a survivor once it is gone,
   * subscribed to a CONFLATION-off topic updated every 20 ms from node 0.
   */
  @Test
  @Order(98)
  void beforeKill9_sequencedSessionsOnTheVictimAndAPublisher() throws Exception {
    Node victim = cluster.node(NODES - 1);
    failover =
        new FailoverSessions(victim, cluster.nodes().subList(0, NODES - 1), FAILOVER_SESSIONS);
    long deadline = System.nanoTime() + PROPAGATION.toNanos();
    failoverBefore =
        awaitSessions(cluster.node(0), "Team is 'failover'", FAILOVER_SESSIONS, deadline);
    assertEquals(FAILOVER_SESSIONS, failoverBefore.size());
    assertEquals(Set.of(nodeId(victim)), Set.copyOf(failoverBefore.values()));
  }

  /**
   * Every session of the killed node resumes on a survivor: the same id and properties (node 0's
   * admin API lists the same ids, on the survivors), the client's {@code reconnect} event and no
   * close, the topic selected again (the last value published arrives, values never go back).
   */
  @Test
  @Order(102)
  void afterKill9_theVictimsSessionsResumeOnTheSurvivors() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    List<Long> millis = new ArrayList<>();
    List<String> closed = new ArrayList<>();
    for (FailoverSessions.Subscriber s : failover.subscribers) {
      while (s.reconnects.get() == 0 && !s.closed && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      if (s.closed) {
        closed.add(s.id + " " + s.closeReason);
      } else if (s.reconnects.get() > 0) {
        millis.add((s.reconnectedAt.get() - killedAt) / 1_000_000);
      }
      assertEquals(s.id, s.session.getSessionId().toString());
    }
    Collections.sort(millis);
    long median = millis.isEmpty() ? -1 : millis.get(millis.size() / 2);
    long max = millis.isEmpty() ? -1 : millis.get(millis.size() - 1);
    System.out.printf(
        "ClusterIT: %d sessions of the killed node resumed on the survivors, kill -9 to reconnect:"
            + " median %d ms, max %d ms%n",
        millis.size(), median, max);
    assertEquals(List.of(), closed, "no session closed");
    assertEquals(FAILOVER_SESSIONS, millis.size(), "every session heard reconnect");
    Map<String, String> after =
        awaitSessions(cluster.node(0), "Team is 'failover'", FAILOVER_SESSIONS, deadline);
    assertEquals(failoverBefore.keySet(), after.keySet(), "the same session ids");
    Set<String> survivors = Set.of(nodeId(cluster.node(0)), nodeId(cluster.node(1)));
    assertTrue(survivors.containsAll(after.values()), "now on the survivors: " + after.values());
    long last = failover.stopPublishing();
    long missed = failover.awaitLast(last, deadline);
    System.out.printf(
        "ClusterIT: every resumed session got the last of %d updates, each once and in order;"
            + " %d missed in all; %d updates failed at the publisher%n",
        last, missed, failover.failedUpdates.size());
    assertEquals(0, missed, "updates published during the outage replayed from the history");
    failover.close();
  }

  /**
   * Fail-over of browser clients and of a topic without history: set at order 99, checked at 101.
   */
  private static FailoverProof proof;

  private static BrowserPage failoverPage;

  @AfterAll
  static void closeFailoverProof() {
    if (proof != null) {
      proof.close();
    }
  }

  /** Browser sessions opened on the victim, in one page of node 0. */
  private static final int FAILOVER_BROWSERS = 3;

  /**
   * docs/RECONNECTION.md "Fail-over", browser clients and a topic without history: a page of node 0
   * opens browser sessions on the node killed at order 100 ({@code connect({servers})} listing it,
   * then node 1), each subscribed to the fail-over stream (history) and to a CONFLATION-off topic
   * without history updated every 20 ms from node 0; Java sessions on the victim subscribe to that
   * one too, through proxies that keep them away until updates were published after the kill. The
   * browser sessions stay away {@link FailoverProof#AWAY} before reconnecting.
   */
  @Test
  @Order(99)
  void beforeKill9_browserSessionsAndATopicWithoutHistoryOnTheVictim() throws Exception {
    Node victim = cluster.node(NODES - 1);
    proof = new FailoverProof(victim, cluster.nodes().subList(0, NODES - 1), 4);
    failoverPage = BrowserPage.on(cluster.node(0));
    Map<String, Object> opened =
        failoverPage.run(
            """
            window.failover = [];
            for (let i = 0; i < %1$d; i++) {
              const session = await diffusion.connect({
                servers: ['127.0.0.1:%2$d', '127.0.0.1:%3$d'],  // the victim, then node 1
                properties: { Team: 'failover-browser' },
                reconnect: { strategy: (start, abort, attempt) =>
                    setTimeout(start, attempt === 0 ? %4$d : 250) },
              });
              const r = { session, id: session.sessionId, disconnects: 0, reconnects: 0,
                          closes: [], values: [], numbers: [], events: [] };
              session.on('disconnect', () => r.disconnects++);
              session.on('reconnect', () => r.reconnects++);
              session.on('close', (reason) => r.closes.push(String(reason && reason.name)));
              session.addStream('%5$s', diffusion.datatypes.int64()).on('value', (topic, spec, v) => {
                r.values.push(Number(v));
                r.numbers.push(session.lastSequence(topic));
              });
              session.addStream('%6$s', diffusion.datatypes.int64()).on({
                value: (topic, spec, v) =>
                    r.events.push('V ' + session.lastSequence(topic) + ' ' + Number(v)),
                lostUpdates: (topic, spec, after, n) => r.events.push('L ' + after + ' ' + n),
              });
              await session.select('%5$s');
              await session.select('%6$s');
              window.failover.push(r);
            }
            return { urls: window.failover.map((r) => r.session.getServerUrl()) };
            """
                .formatted(
                    FAILOVER_BROWSERS,
                    victim.httpPort(),
                    cluster.node(1).httpPort(),
                    FailoverProof.AWAY.toMillis(),
                    FailoverSessions.TOPIC,
                    FailoverProof.NO_HISTORY));
    for (Object url : (List<?>) opened.get("urls")) {
      assertTrue(url.toString().contains(":" + victim.httpPort()), "on the victim: " + url);
    }
  }

  /**
   * Every browser session of the killed node resumes on node 1: the same id, {@code reconnect} and
   * no {@code close}, every update of the stream exactly once and in order (consecutive sequence
   * numbers); every Java subscriber of the topic without history, kept away while it was updated,
   * hears the lost-updates notice, then the current value; the browser sessions, the notice for a
   * gap if they were away while it was updated (a publisher slowed down by the kill may update
   * nothing during their 3 s) and a value after the one they had otherwise.
   */
  @Test
  @Order(101)
  void afterKill9_browserSessionsResume_andTheTopicWithoutHistorySaysWhatWasLost()
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    // the Java subscribers are still away: updates published now are lost to them
    long away = proof.published();
    while (proof.published() < away + 5 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(proof.published() >= away + 5, "updates published while the subscribers are away");
    proof.release();
    for (FailoverProof.Subscriber s : proof.subscribers) {
      while (s.reconnects.get() == 0 && s.closeReason == null && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(null, s.closeReason, "session " + s.id + " closed");
      assertTrue(s.reconnects.get() > 0, "session " + s.id + " heard reconnect");
      assertEquals(s.id, s.session.getSessionId().toString());
    }
    failoverPage.run(
        """
        const deadline = performance.now() + 60000;
        while (window.failover.some((r) => r.reconnects === 0 && r.closes.length === 0)
               && performance.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return {};
        """);
    // every subscriber has the values published by now: those of the outage are behind them
    long stream = failover.published();
    long noHistory = proof.published();
    for (FailoverProof.Subscriber s : proof.subscribers) {
      while (FailoverProof.lastValue(s.events) < noHistory && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    }
    Map<String, Object> seen =
        failoverPage.run(
            """
            const deadline = performance.now() + 60000;
            const last = (list) => list.length === 0 ? -1 : list[list.length - 1];
            const lastEvent = (r) => Number(String(last(r.events)).split(' ')[2]);
            while (window.failover.some((r) => last(r.values) < %d || lastEvent(r) < %d)
                   && performance.now() < deadline) {
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
            return { sessions: window.failover.map((r) => ({
              id: r.id, now: r.session.sessionId, url: r.session.getServerUrl(),
              state: r.session.getState(), disconnects: r.disconnects, reconnects: r.reconnects,
              closes: r.closes, values: r.values, numbers: r.numbers, events: r.events })) };
            """
                .formatted(stream, noHistory));
    long lost = 0;
    for (FailoverProof.Subscriber s : proof.subscribers) {
      assertTrue(FailoverProof.lastValue(s.events) >= noHistory, "session " + s.id + " caught up");
      lost += FailoverProof.assertGapOnlyWithNotice("session " + s.id, s.events, true);
    }
    int values = 0;
    for (Object o : (List<?>) seen.get("sessions")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> r = (Map<String, Object>) o;
      String who = "browser session " + r.get("id");
      assertEquals(r.get("id"), r.get("now"), "the same session id");
      assertEquals(List.of(), r.get("closes"), who + ": no close");
      assertEquals("CONNECTED_ACTIVE", r.get("state"), who);
      assertEquals(1, ((Number) r.get("disconnects")).intValue(), who + ": disconnect");
      assertEquals(1, ((Number) r.get("reconnects")).intValue(), who + ": reconnect");
      assertTrue(
          r.get("url").toString().contains(":" + cluster.node(1).httpPort()),
          who + " now on node 1: " + r.get("url"));
      List<Long> received =
          ((List<?>) r.get("values")).stream().map(n -> ((Number) n).longValue()).toList();
      List<Long> numbers =
          ((List<?>) r.get("numbers")).stream().map(n -> ((Number) n).longValue()).toList();
      assertTrue(received.get(received.size() - 1) >= stream, who + " caught up: " + received);
      for (int i = 1; i < received.size(); i++) {
        assertEquals(
            numbers.get(i - 1) + 1, numbers.get(i), who + ": every update once: " + numbers);
        assertTrue(received.get(i) > received.get(i - 1), who + ": in order: " + received);
        for (long lacking = received.get(i - 1) + 1; lacking < received.get(i); lacking++) {
          assertTrue(failover.failedUpdates.contains(lacking), who + " missed " + lacking);
        }
      }
      values += received.size();
      List<String> events = ((List<?>) r.get("events")).stream().map(Object::toString).toList();
      lost += FailoverProof.assertGapOnlyWithNotice(who, events, false);
    }
    System.out.printf(
        "ClusterIT: %d browser sessions resumed on node 1 (%d stream values, each once and in"
            + " order); %d subscribers of the topic without history told of %d lost updates%n",
        FAILOVER_BROWSERS, values, proof.subscribers.size() + FAILOVER_BROWSERS, lost);
    proof.stopPublishing();
    failoverPage.close();
  }

  /**
   * docs/RECONNECTION.md "Fail-over": a session properties listener on node 0 never hears a session
   * of the killed node close, and ends with every one connected. One resumed on node 0 or node 1 is
   * heard DISCONNECTED once the survivors mark it recovering, then RECONNECTED (or nothing, when
   * its client claimed it before the mark). A last property change of every fail-over session,
   * heard after its earlier events, ends the wait.
   */
  @Test
  @Order(101)
  void afterKill9_aListenerOnNode0HearsTheResumedSessionsChange_notClose() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    for (FailoverSessions.Subscriber s : failover.subscribers) {
      while (s.reconnects.get() == 0 && !s.closed && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    }
    Map<String, String> nodes =
        awaitSessions(cluster.node(0), "Team is 'failover'", FAILOVER_SESSIONS, deadline);
    assertEquals(FAILOVER_SESSIONS, nodes.size());
    assertEquals(
        FAILOVER_SESSIONS,
        proof
            .listening
            .clientControl()
            .setSessionProperties("Team is 'failover'", Map.of("Proof", "resumed"))
            .get(30, TimeUnit.SECONDS));
    String node0 = nodeId(cluster.node(0));
    Map<String, Integer> patterns = new java.util.TreeMap<>();
    List<String> unexpected = new ArrayList<>();
    for (Map.Entry<String, String> session : nodes.entrySet()) {
      List<String> events = proof.heard.getOrDefault(session.getKey(), List.of());
      while (!events.contains("UPDATED resumed") && System.nanoTime() < deadline) {
        Thread.sleep(50);
        events = proof.heard.getOrDefault(session.getKey(), List.of());
      }
      List<String> heard;
      synchronized (events) {
        heard = List.copyOf(events);
      }
      boolean here = session.getValue().equals(node0);
      String pattern = (here ? "node 0: " : "node 1: ") + String.join(", ", heard);
      patterns.merge(pattern, 1, Integer::sum);
      List<List<String>> allowed =
          List.of(
              List.of("OPEN", "DISCONNECTED", "RECONNECTED", "UPDATED resumed"),
              List.of("OPEN", "UPDATED resumed"));
      if (!allowed.contains(heard)) {
        unexpected.add("session " + session.getKey() + ": " + pattern);
      }
    }
    System.out.printf(
        "ClusterIT: the listener on node 0 heard of the resumed sessions: %s%n", patterns);
    assertEquals(List.of(), unexpected, "never a close, a change to the new node");
  }

  /**
   * docs/RECONNECTION.md "Recovery expiry", across nodes: a session of the killed node that comes
   * back to a survivor only after its recovery window passed is closed with RECOVERY_EXPIRED, and
   * its recovery-expired hook is told.
   */
  @Test
  @Order(103)
  void afterKill9_aSessionBackAfterItsWindow_isToldRecoveryExpiredByASurvivor() throws Exception {
    String closed;
    try {
      closed = proof.lateClosed.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      closed = "not closed within 60 s; its states: " + proof.lateStates;
    }
    assertEquals("RECOVERY_EXPIRED", closed, "the close reason of a session back too late");
    String told = proof.lateExpired.get(10, TimeUnit.SECONDS);
    assertTrue(told.startsWith("RECOVERY_EXPIRED: "), told);
    assertEquals(Session.State.CLOSED_BY_SERVER, proof.late.getState());
    System.out.printf("ClusterIT: the session back after its window: %s%n", told);
  }

  /** Fail-over of registrations: a session on the victim, set up at order 97, checked at 103. */
  private static Session registrant;

  private static String registrantPath;
  private static final java.util.concurrent.atomic.AtomicInteger registrantReconnects =
      new java.util.concurrent.atomic.AtomicInteger();
  private static volatile String registrantClosed;

  /**
   * docs/RECONNECTION.md "Fail-over": a sequenced session on the node killed at order 100 (server
   * list: the victim, then node 1) with a request handler and a request stream, each answering a
   * request sent from node 0.
   */
  @Test
  @Order(97)
  void beforeKill9_aSessionWithARequestHandlerAndARequestStreamOnTheVictim() throws Exception {
    registrantPath = "it/cluster/failover/handler" + System.nanoTime();
    registrant =
        Osmosis.sessions()
            .initialRetryStrategy(new RetryStrategy(200, 2))
            .reconnectionStrategy(
                dev.osmosis.client.ReconnectionStrategy.fixed(Duration.ofMillis(250)))
            .principal("control")
            .password("password")
            .open(cluster.node(NODES - 1).ws(), cluster.node(1).ws());
    registrant.addListener(
        (session, from, to) -> {
          if (from == Session.State.RECOVERING_RECONNECT && to == Session.State.CONNECTED_ACTIVE) {
            registrantReconnects.incrementAndGet();
          } else if (to.isClosed()) {
            registrantClosed = String.valueOf(session.getCloseReason().orElse(null));
          }
        });
    registrant
        .messages()
        .addRequestHandler(
            registrantPath,
            String.class,
            String.class,
            (request, context, responder) -> responder.respond("handled " + request))
        .get(10, TimeUnit.SECONDS);
    registrant
        .messages()
        .setRequestStream(
            registrantPath + "/stream",
            String.class,
            String.class,
            (path, request, responder) -> responder.respond("streamed " + request));
    long deadline = System.nanoTime() + PROPAGATION.toNanos();
    try (Session asker = control(cluster.node(0))) {
      assertEquals(
          "handled before", requestToPath(asker, registrantPath + "/x", "before", deadline));
    }
  }

  /**
   * The session resumed on a survivor (no close, a {@code reconnect}) and has its handler again: a
   * request to its path and one to the session's request stream, sent from node 0, are answered by
   * its client, which registered nothing again itself.
   */
  @Test
  @Order(103)
  void afterKill9_theResumedSessionsHandlerAndRequestStreamAnswerRequestsFromNode0()
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (registrantReconnects.get() == 0
        && registrantClosed == null
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    try (Session asker = control(cluster.node(0))) {
      assertEquals(null, registrantClosed, "not closed");
      assertEquals(1, registrantReconnects.get(), "resumed once");
      assertEquals("handled after", requestToPath(asker, registrantPath + "/x", "after", deadline));
      assertEquals(
          "streamed hello",
          asker
              .messages()
              .sendRequest(
                  registrant.getSessionId(),
                  registrantPath + "/stream",
                  "hello",
                  String.class,
                  String.class)
              .get(10, TimeUnit.SECONDS));
    } finally {
      registrant.close();
    }
  }

  /** Requests in flight from the victim to a slow handler on node 0: set at order 99. */
  private static FailoverRequests inFlightRequests;

  /**
   * docs/RECONNECTION.md "Fail-over": a sequenced session on the node killed at order 100 (server
   * list: it, then node 1) has requests to a handler on node 0 in flight: the handler holds their
   * answers.
   */
  @Test
  @Order(99)
  void beforeKill9_requestsInFlightFromTheVictimToASlowHandlerOnNode0() throws Exception {
    inFlightRequests =
        new FailoverRequests(cluster.node(0), cluster.node(NODES - 1), cluster.node(1));
  }

  /**
   * The session resumed on node 1 (no close) and sent its requests on again; the handler answers
   * (its answers to the first ones go to the dead node): every request is answered once, and the
   * handler was asked each exactly twice.
   */
  @Test
  @Order(104)
  void afterKill9_everyRequestInFlightIsAnsweredOnce() throws Exception {
    FailoverRequests r = inFlightRequests;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (r.reconnects.get() == 0 && r.closed == null && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    try {
      assertEquals(null, r.closed, "not closed");
      assertEquals(1, r.reconnects.get(), "resumed once");
      r.release();
      for (int i = 0; i < FailoverRequests.REQUESTS; i++) {
        assertEquals("answer r" + i, r.answers.get(i).get(30, TimeUnit.SECONDS));
      }
      assertEquals(2 * FailoverRequests.REQUESTS, r.asked.get(), "each sent on again once");
    } finally {
      r.close();
    }
  }

  /** A notification selection on the victim, kept away after the kill: set at order 97. */
  private static FailoverNotifications notified;

  /**
   * docs/RECONNECTION.md "Fail-over": a sequenced session on the node killed at order 100 with a
   * notification selection told of topics a and b; kept away once its node is gone.
   */
  @Test
  @Order(97)
  void beforeKill9_aNotificationSelectionOnTheVictim() throws Exception {
    try (Session control = control(cluster.node(0))) {
      notified = new FailoverNotifications(cluster.node(NODES - 1), cluster.node(0), control);
    }
    assertEquals(Set.of("SELECTED a", "SELECTED b"), Set.copyOf(notified.heard));
    assertEquals(Set.of("SELECTED x", "SELECTED y"), Set.copyOf(notified.descendants));
  }

  /**
   * PROTOCOL.md §12 "Resuming notifications": while the session is away, c is added and a removed,
   * and below the selected branch z added and x removed; resumed on node 0, its listener hears
   * ADDED c and REMOVED a, and of the immediate descendants ADDED z and REMOVED x, once each, and
   * nothing of b and y.
   */
  @Test
  @Order(101)
  void afterKill9_theResumedNotificationSelectionTellsWhatCameAndWentMeanwhile() throws Exception {
    FailoverNotifications n = notified;
    try (Session control = control(cluster.node(0))) {
      control
          .topics()
          .add(n.root + "/c", dev.osmosis.client.TopicType.STRING)
          .get(10, TimeUnit.SECONDS);
      assertEquals(1, control.topics().remove(">" + n.root + "/a").get(10, TimeUnit.SECONDS));
      control
          .topics()
          .add(n.branch + "/z", dev.osmosis.client.TopicType.STRING)
          .get(10, TimeUnit.SECONDS);
      assertEquals(1, control.topics().remove(">" + n.branch + "/x").get(10, TimeUnit.SECONDS));
      n.comeBack();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while ((n.reconnects.get() == 0 || n.heard.size() < 4 || n.descendants.size() < 4)
          && n.closed == null
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(null, n.closed, "not closed");
      assertEquals(1, n.reconnects.get(), "resumed once");
      // a topic added now is heard after everything the resume sent: a duplicate would be before it
      control
          .topics()
          .add(n.root + "/d", dev.osmosis.client.TopicType.STRING)
          .get(10, TimeUnit.SECONDS);
      control
          .topics()
          .add(n.branch + "/w", dev.osmosis.client.TopicType.STRING)
          .get(10, TimeUnit.SECONDS);
      while ((!n.heard.contains("ADDED d") || !n.descendants.contains("ADDED w"))
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      List<String> descendants = List.copyOf(n.descendants);
      assertEquals(5, descendants.size(), "each once: " + descendants);
      assertEquals(
          Set.of("ADDED z", "REMOVED x"),
          Set.copyOf(descendants.subList(2, 4)),
          "descendants: " + descendants);
      assertEquals("ADDED w", descendants.get(4));
      System.out.printf("ClusterIT: the resumed selection heard of descendants %s%n", descendants);
      List<String> heard = List.copyOf(n.heard);
      assertEquals(5, heard.size(), "each once: " + heard);
      assertEquals(
          Set.of("ADDED c", "REMOVED a"), Set.copyOf(heard.subList(2, 4)), "heard: " + heard);
      assertEquals("ADDED d", heard.get(4));
      System.out.printf("ClusterIT: the resumed notification selection heard %s%n", heard);
    } finally {
      n.close();
    }
  }

  /** Sends a request to a path until a node knows its handler (4004 until then); its answer. */
  private static String requestToPath(Session sender, String path, String request, long deadline)
      throws Exception {
    while (true) {
      try {
        return sender
            .messages()
            .sendRequest(path, request, String.class, String.class)
            .get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        SessionException error = (SessionException) e.getCause();
        assertEquals(4004, error.getCode(), error.getMessage());
        assertTrue(System.nanoTime() < deadline, "no node learnt of the handler of " + path);
        Thread.sleep(100);
      }
    }
  }

  /** A publisher on the node killed at order 100 and a subscriber on each survivor. */
  private static FailoverPublisher victimPublisher;

  /**
   * docs/RECONNECTION.md "Fail-over": a sequenced publisher on the node killed at order 100 streams
   * its counter (up to 32 updates unanswered) to a CONFLATION-off topic with history.
   */
  @Test
  @Order(99)
  void beforeKill9_aPublisherOnTheVictimStreamingToSubscribersOnTheSurvivors() throws Exception {
    victimPublisher =
        new FailoverPublisher(cluster.node(NODES - 1), cluster.nodes().subList(0, NODES - 1));
  }

  /**
   * The publisher's session resumes on a survivor (same id, {@code reconnect}, no close), its
   * updates in flight at the kill are replayed there, and each subscriber receives every value once
   * and in order: none applied twice (idempotency keys), none lost but those the publisher was
   * answered an error for.
   */
  @Test
  @Order(104)
  void afterKill9_thePublishersSessionResumed_andEveryValueArrivedOnceInOrder() throws Exception {
    FailoverPublisher p = victimPublisher;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (p.reconnects.get() == 0 && p.closed == null && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(null, p.closed, "the publisher's session did not close");
    assertTrue(p.reconnects.get() > 0, "the publisher heard reconnect");
    assertEquals(p.id, p.publisher.getSessionId().toString());
    Map<String, String> listed =
        awaitSessions(cluster.node(0), "Team is '" + FailoverPublisher.TEAM + "'", 1, deadline);
    assertEquals(Set.of(p.id), listed.keySet());
    Set<String> survivors = Set.of(nodeId(cluster.node(0)), nodeId(cluster.node(1)));
    assertTrue(survivors.containsAll(listed.values()), "now on a survivor: " + listed);
    long last = p.stop(deadline);
    List<Long> expected = new ArrayList<>();
    for (long v = 0; v <= last; v++) {
      if (!p.failed.containsKey(v)) {
        expected.add(v);
      }
    }
    long lastApplied = expected.get(expected.size() - 1);
    for (int i = 0; i < p.subscribers.size(); i++) {
      while (!p.values(i).contains(lastApplied) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(expected, p.values(i), "subscriber on node " + i + ": once each, in order");
    }
    System.out.printf(
        "ClusterIT: the killed node's publisher resumed %d ms after kill -9; each survivor's"
            + " subscriber got its %d values once and in order; %d updates answered an error: %s%n",
        (p.reconnectedAt.get() - killedAt) / 1_000_000, last, p.failed.size(), p.failed);
    p.close();
  }

  /** Acked delivery across fail-over: set at order 99, checked at 103. */
  private static AckedProof acked;

  /**
   * docs/TOPICS.md "Acked delivery": two sequenced Java sessions on the node killed at order 100
   * (server list: it, then node 1), subscribed to a {@code DELIVERY acked} topic without {@code
   * HISTORY_SIZE} that node 1 updates every 20 ms; they stay away a while after the kill.
   */
  @Test
  @Order(99)
  void beforeKill9_subscribersOfAnAckedTopicOnTheVictim() throws Exception {
    acked = new AckedProof(cluster.node(NODES - 1), cluster.node(1), 2);
    for (FailoverProof.Subscriber s : acked.subscribers) {
      assertTrue(s.session.getServerUrl().contains(":" + cluster.node(NODES - 1).httpPort()));
    }
  }

  /**
   * Each subscriber of the acked topic resumes on node 1 and has every update once and in order,
   * those published while it was away included, with no lost-updates notice: node 1 kept them,
   * although the topic keeps no history.
   */
  @Test
  @Order(103)
  void afterKill9_theAckedTopicsSubscribersMissedNoUpdate() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    for (FailoverProof.Subscriber s : acked.subscribers) {
      while (s.reconnects.get() == 0 && s.closeReason == null && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(null, s.closeReason, "session " + s.id + " closed");
      assertTrue(s.reconnects.get() > 0, "session " + s.id + " heard reconnect");
    }
    long last = acked.stop();
    int values = 0;
    for (FailoverProof.Subscriber s : acked.subscribers) {
      while (FailoverProof.lastValue(s.events) < last && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(last, FailoverProof.lastValue(s.events), "session " + s.id + " caught up");
      values += AckedProof.assertEveryUpdateOnce("session " + s.id, s.events);
    }
    System.out.printf(
        "ClusterIT: %d subscribers of the acked topic resumed on node 1: %d values, every update"
            + " once and in order, no lost-updates notice (last %d)%n",
        acked.subscribers.size(), values, last);
    acked.close();
  }

  /** A Java client session of principal {@code control} on a node. */
  private static Session control(Node node) {
    return Osmosis.sessions()
        .initialRetryStrategy(new RetryStrategy(200, 2))
        .principal("control")
        .password("password")
        .noReconnection()
        .open(node.ws());
  }

  /**
   * A node that hangs (SIGSTOP: its connections stay open, nothing is refused) is noticed only by
   * the heartbeat: the last survivor lists itself alone within {@code
   * hazelcast.max.no.heartbeat.seconds} (5 s, payara-config/cluster.properties) plus the check
   * interval and the polling.
   */
  @Test
  @Order(110)
  void frozen_thenTheSurvivorListsItselfAloneWithinTheHeartbeatTimeout() throws Exception {
    Node frozen = cluster.node(1);
    Node survivor = cluster.node(0);
    String frozenId = nodeId(frozen);
    long stopped = System.nanoTime();
    cluster.freeze(frozen.index());
    long deadline = stopped + ClusterNodes.MAX_NO_HEARTBEAT.toNanos() + FAILURE_DETECTION.toNanos();
    ClusterNodes.awaitServer(
        survivor,
        s -> members(s).stream().noneMatch(m -> m.getString("id").equals(frozenId)),
        deadline);
    System.out.printf(
        "ClusterIT: node 0 lists itself alone %d ms after kill -STOP of node 1%n",
        (System.nanoTime() - stopped) / 1_000_000);
  }

  /**
   * docs/CLUSTER.md: a node whose cluster settings contradict what Payara runs refuses to start,
   * with one line that says why.
   */
  @Test
  @Order(200)
  void clusterOnWithNocluster_thenTheNodeRefusesToStartSayingWhy() throws Exception {
    String line =
        ClusterNodes.refusal(
            List.of("-Dosmosis.cluster=on"), List.of("--nocluster"), Duration.ofMinutes(3));
    assertTrue(
        line.contains(
            "osmosis.cluster=on but Payara Micro's data grid joins no other node (--nocluster)"),
        line);
  }

  /** A Java client session on a node, with property Team (retried as ItSessions does). */
  private static Session open(Node node, String team) {
    return Osmosis.sessions()
        .initialRetryStrategy(new RetryStrategy(200, 2))
        .principal("client")
        .password("password")
        .property("Team", team)
        .noReconnection()
        .open(node.ws());
  }

  private static String nodeId(Node node) throws Exception {
    return ClusterNodes.server(node).getString("node");
  }

  /**
   * Polls {@code GET /api/v1/sessions?filter=} on a node until it lists {@code count} sessions;
   * answers session id to node id.
   */
  private static Map<String, String> awaitSessions(
      Node node, String filter, int count, long deadlineNanos) throws Exception {
    String path =
        "api/v1/sessions?filter="
            + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    while (true) {
      JsonArray sessions = ClusterNodes.getJson(node, path).asJsonArray();
      if (sessions.size() == count || System.nanoTime() > deadlineNanos) {
        return sessions.stream()
            .map(JsonValue::asJsonObject)
            .collect(Collectors.toMap(s -> s.getString("id"), s -> s.getString("node")));
      }
      Thread.sleep(100);
    }
  }

  /** Polls {@code GET /api/v1/topics/{path}} until it answers {@code status}; answers the last. */
  private static int awaitTopicStatus(Node node, String path, int status, long deadlineNanos)
      throws Exception {
    while (true) {
      int got = ClusterNodes.get(node, "api/v1/topics/" + path).statusCode();
      if (got == status || System.nanoTime() > deadlineNanos) {
        return got;
      }
      Thread.sleep(100);
    }
  }

  private static List<JsonObject> members(JsonObject server) {
    return server.getJsonArray("members").stream().map(JsonValue::asJsonObject).toList();
  }
}
