package dev.osmosis.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Topics over real WebSockets (docs/PROTOCOL.md §9) and the admin topics API, against the deployed
 * server.
 */
@ExtendWith(ArquillianExtension.class)
class TopicsIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.osmosis();
  }

  @ArquillianResource URL base;
  AdminApi admin;
  final java.util.Map<RawSocket, String> ids = new java.util.HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    admin = new AdminApi(base);
  }

  RawSocket session(String principal) throws Exception {
    RawSocket ws = new RawSocket(RawSocket.endpoint(base));
    String credentials =
        principal == null
            ? ""
            : ",\"principal\":\"" + principal + "\",\"credentials\":\"password\"";
    String connected = ws.send("{\"t\":\"connect\",\"v\":1" + credentials + "}").next();
    assertTrue(connected.startsWith("{\"t\":\"connected\""), connected);
    int at = connected.indexOf("\"sessionId\":\"") + 13;
    ids.put(ws, connected.substring(at, connected.indexOf('"', at)));
    return ws;
  }

  static long id(String subscribe) {
    int at = subscribe.indexOf("\"a\":") + 4;
    return Long.parseLong(subscribe.substring(at, subscribe.indexOf(',', at)));
  }

  @Test
  void selectThenUpdate_thenSubscribeInitialValueAndDelta() throws Exception {
    try (RawSocket control = session("control");
        RawSocket client = session(null)) {
      String big = "{\"name\":\"" + "x".repeat(100) + "\",\"bid\":1}";
      assertEquals(
          "{\"t\":\"ok\",\"id\":1,\"result\":\"ADDED\"}",
          control
              .send(
                  "{\"t\":\"addAndSet\",\"id\":1,\"path\":\"fx/EURUSD\",\"type\":\"JSON\",\"v\":"
                      + big
                      + "}")
              .next());

      client.send("{\"t\":\"select\",\"id\":2,\"selector\":\"?fx/.*\"}");
      String subscribe = client.next();
      assertTrue(
          subscribe.startsWith("{\"t\":\"subscribe\"")
              && subscribe.contains("\"path\":\"fx/EURUSD\""),
          subscribe);
      long a = id(subscribe);
      assertEquals("{\"t\":\"value\",\"a\":" + a + ",\"n\":1,\"v\":" + big + "}", client.next());
      assertEquals(
          "{\"t\":\"ok\",\"id\":2,\"count\":1}",
          client.next(),
          "the answer comes after the subscription");

      control
          .send(
              "{\"t\":\"set\",\"id\":3,\"path\":\"fx/EURUSD\",\"type\":\"JSON\",\"v\":"
                  + big.replace("\"bid\":1", "\"bid\":2")
                  + "}")
          .next();
      assertEquals(
          "{\"t\":\"delta\",\"a\":"
              + a
              + ",\"n\":2,\"p\":[{\"op\":\"replace\",\"path\":\"/bid\",\"value\":2}]}",
          client.next());

      control
          .send("{\"t\":\"addTopic\",\"id\":4,\"path\":\"fx/GBPUSD\",\"type\":\"DOUBLE\"}")
          .next();
      assertTrue(
          client.next().contains("\"path\":\"fx/GBPUSD\""), "a later topic joins the selection");
      control
          .send("{\"t\":\"set\",\"id\":5,\"path\":\"fx/GBPUSD\",\"type\":\"DOUBLE\",\"v\":1.25}")
          .next();
      assertTrue(client.next().endsWith(",\"v\":1.25}"));

      JsonObject server = AdminApi.json(admin.get("server", "admin", "password")).asJsonObject();
      assertTrue(server.getJsonNumber("subscriptions").longValue() >= 2, server.toString());
      assertTrue(server.getJsonNumber("topics").longValue() >= 2, server.toString());
      assertTrue(server.getJsonNumber("deliveries").longValue() >= 2, server.toString());

      assertEquals(
          "{\"t\":\"ok\",\"id\":6,\"count\":2}",
          control.send("{\"t\":\"removeTopics\",\"id\":6,\"selector\":\"?fx/.*\"}").next());
      String first = client.next();
      String second = client.next();
      assertTrue(
          first.contains("\"reason\":\"REMOVAL\"") && second.contains("\"reason\":\"REMOVAL\""),
          first + second);
    }
  }

  @Test
  void stringAndBinaryDeltas_schemaAndValidateValues_thenEditsOnTheWireAndCodedRefusals()
      throws Exception {
    try (RawSocket control = session("control");
        RawSocket client = session(null)) {
      String log = "line 1\\n".repeat(30); // 210 characters once decoded
      control
          .send(
              "{\"t\":\"addAndSet\",\"id\":1,\"path\":\"spec/log\",\"type\":\"STRING\",\"v\":\""
                  + log
                  + "\"}")
          .next();
      String image = java.util.Base64.getEncoder().encodeToString(new byte[300]);
      control
          .send(
              "{\"t\":\"addAndSet\",\"id\":2,\"path\":\"spec/img\",\"type\":\"BINARY\",\"v\":\""
                  + image
                  + "\"}")
          .next();
      String schema =
          "{\\\"type\\\":\\\"object\\\",\\\"properties\\\":{\\\"qty\\\":{\\\"type\\\":\\\"integer\\\","
              + "\\\"minimum\\\":1}}}";
      String order =
          "{\"t\":\"addAndSet\",\"id\":%d,\"path\":\"spec/order\",\"type\":\"JSON\","
              + "\"properties\":{\"SCHEMA\":\""
              + schema
              + "\"},\"v\":{\"qty\":%d}}";
      assertEquals(
          "{\"t\":\"ok\",\"id\":3,\"result\":\"ADDED\"}",
          control.send(String.format(order, 3, 1)).next());

      client.send("{\"t\":\"select\",\"id\":1,\"selector\":\"?spec/(log|img)\"}");
      java.util.Map<String, Long> topicIds = new java.util.HashMap<>();
      for (int i = 0; i < 5; i++) { // two subscribes, two values, ok
        String m = client.next();
        if (m.startsWith("{\"t\":\"subscribe\"")) {
          topicIds.put(m.contains("spec/log") ? "log" : "img", id(m));
        }
      }
      control
          .send(
              "{\"t\":\"set\",\"id\":4,\"path\":\"spec/log\",\"type\":\"STRING\",\"v\":\""
                  + log
                  + "line 2\\n\"}")
          .next();
      assertEquals(
          "{\"t\":\"delta\",\"a\":" + topicIds.get("log") + ",\"n\":2,\"d\":[210,0,\"line 2\\n\"]}",
          client.next());
      byte[] changed = new byte[300];
      changed[150] = 1;
      control
          .send(
              "{\"t\":\"set\",\"id\":5,\"path\":\"spec/img\",\"type\":\"BINARY\",\"v\":\""
                  + java.util.Base64.getEncoder().encodeToString(changed)
                  + "\"}")
          .next();
      assertEquals(
          "{\"t\":\"delta\",\"a\":" + topicIds.get("img") + ",\"n\":2,\"d\":[150,1,\"AQ==\"]}",
          client.next());

      String refused = control.send(String.format(order, 6, 0)).next();
      assertTrue(
          refused.contains("\"code\":4001")
              && refused.contains("does not match its SCHEMA at /qty: 0 is less than 1 (minimum)"),
          refused);
      String bad =
          control
              .send(
                  "{\"t\":\"addTopic\",\"id\":7,\"path\":\"spec/bad\",\"type\":\"JSON\","
                      + "\"properties\":{\"SCHEMA\":\"{\\\"$ref\\\":\\\"#\\\"}\"}}")
              .next();
      assertTrue(
          bad.contains("\"code\":4001") && bad.contains("keyword \\\"$ref\\\" is not supported"),
          bad);
      String strict =
          control
              .send(
                  "{\"t\":\"addAndSet\",\"id\":8,\"path\":\"spec/strict\",\"type\":\"STRING\","
                      + "\"properties\":{\"VALIDATE_VALUES\":\"true\"},\"v\":\"x\\ud800\"}")
              .next();
      assertTrue(
          strict.contains("\"code\":4001") && strict.contains("unpaired UTF-16 surrogate"), strict);
      JsonObject kept =
          AdminApi.json(admin.get("topics/spec/order", "admin", "password")).asJsonObject();
      assertEquals(1, kept.getJsonObject("value").getInt("qty"), kept.toString());
      assertEquals(1, kept.getJsonNumber("sequence").longValue(), "a refused update is no update");
      assertEquals(
          404, admin.get("topics/spec/strict", "admin", "password").statusCode(), "nothing left");
    }
  }

  @Test
  void badTopicRequests_thenCodedErrorsAndSessionsContinue() throws Exception {
    try (RawSocket control = session("control");
        RawSocket client = session("client")) {
      assertTrue(
          control
              .send("{\"t\":\"addTopic\",\"id\":1,\"path\":\"b\",\"type\":\"TOASTER\"}")
              .next()
              .contains("\"code\":4001"));
      assertTrue(
          control
              .send(
                  "{\"t\":\"addTopic\",\"id\":2,\"path\":\"b\",\"type\":\"INT64\",\"properties\":{\"NOPE\":\"x\"}}")
              .next()
              .contains("\"code\":4001"));
      control.send("{\"t\":\"addTopic\",\"id\":3,\"path\":\"b/n\",\"type\":\"INT64\"}").next();
      assertTrue(
          control
              .send("{\"t\":\"set\",\"id\":4,\"path\":\"b/n\",\"type\":\"INT64\",\"v\":\"many\"}")
              .next()
              .contains("\"code\":4001"));
      assertTrue(
          control
              .send("{\"t\":\"set\",\"id\":5,\"path\":\"b/none\",\"type\":\"INT64\",\"v\":1}")
              .next()
              .contains("\"code\":4004"));
      assertTrue(
          client
              .send("{\"t\":\"select\",\"id\":6,\"selector\":\"?b/[\"}")
              .next()
              .contains("\"code\":4001"));
      assertTrue(
          client
              .send("{\"t\":\"addTopic\",\"id\":7,\"path\":\"c\",\"type\":\"INT64\"}")
              .next()
              .contains("\"code\":3001"),
          "CLIENT lacks MODIFY_TOPIC");
      assertTrue(client.send("{\"t\":\"ping\",\"id\":8}").next().contains("\"id\":8"));
      control.send("{\"t\":\"removeTopics\",\"id\":9,\"selector\":\">b//\"}").next();
    }
  }

  @Test
  void adminApi_putGetListDelete() throws Exception {
    HttpResponse<String> put =
        admin.put(
            "topics/admin/doc",
            "{\"type\":\"JSON\",\"value\":{\"a\":[1,2]},"
                + "\"properties\":{\"PUBLISH_VALUES_ONLY\":\"true\"}}",
            "admin",
            "password");
    assertEquals(200, put.statusCode(), put.body());
    assertEquals("ADDED", AdminApi.json(put).asJsonObject().getString("result"));
    assertEquals(
        200,
        admin
            .put(
                "topics/admin/n",
                "{\"type\":\"INT64\",\"value\":9007199254740993}",
                "admin",
                "password")
            .statusCode());

    JsonObject doc =
        AdminApi.json(admin.get("topics/admin/doc", "client", "password")).asJsonObject();
    assertEquals("JSON", doc.getString("type"));
    assertEquals(2, doc.getJsonObject("value").getJsonArray("a").getInt(1));
    assertEquals("true", doc.getJsonObject("properties").getString("PUBLISH_VALUES_ONLY"));
    JsonObject n = AdminApi.json(admin.get("topics/admin/n", "admin", "password")).asJsonObject();
    assertEquals(
        "9007199254740993", n.getString("value"), "beyond 2^53 an INT64 travels as a string");

    JsonArray listed =
        AdminApi.json(
                admin.get(
                    "topics?selector=" + AdminApi.q("?admin/.*") + "&values=true",
                    "admin",
                    "password"))
            .asJsonArray();
    assertEquals(2, listed.size());
    assertEquals(404, admin.get("topics/admin/missing", "admin", "password").statusCode());
    assertEquals(
        400,
        admin.get("topics?selector=" + AdminApi.q("?admin/["), "admin", "password").statusCode());
    assertEquals(
        400,
        admin
            .put("topics/admin/n", "{\"type\":\"INT64\",\"value\":\"x\"}", "admin", "password")
            .statusCode());
    assertEquals(
        400,
        admin
            .put("topics/admin/bad", "{\"type\":\"TOASTER\",\"value\":1}", "admin", "password")
            .statusCode());
    assertEquals(
        403,
        admin
            .put("topics/admin/n", "{\"type\":\"INT64\",\"value\":1}", "client", "password")
            .statusCode());
    assertEquals(401, admin.get("topics", null, null).statusCode());

    HttpResponse<String> removed =
        admin.delete("topics?selector=" + AdminApi.q(">admin//"), "admin", "password");
    assertEquals(2, AdminApi.json(removed).asJsonObject().getInt("removed"), removed.body());
  }

  @Test
  void adminApi_whenBadInput_thenJson400NotAnHtml500() throws Exception {
    HttpResponse<String> longPath =
        admin.put(
            "topics/" + "p".repeat(1_100),
            "{\"type\":\"STRING\",\"value\":\"x\"}",
            "admin",
            "password");
    assertJsonError(400, "INVALID_ARGUMENT", longPath);
    assertTrue(longPath.body().contains("too long"), longPath.body());
    assertJsonError(
        400, "INVALID_JSON", admin.put("topics/admin/broken", "{\"type\":", "admin", "password"));
    assertJsonError(
        400, "INVALID_JSON", admin.put("sessions/x/properties", "[1,", "admin", "password"));
    HttpResponse<String> unknown = admin.get("no/such/resource", "admin", "password");
    assertJsonError(404, "NOT_FOUND", unknown);
    HttpResponse<String> wrongMethod =
        admin.raw(
            "server",
            b ->
                b.header(AdminApi.CSRF, "t")
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()),
            "admin",
            "password");
    assertJsonError(405, "METHOD_NOT_ALLOWED", wrongMethod);
    assertTrue(
        wrongMethod.headers().firstValue("Allow").isPresent(), wrongMethod.headers().toString());
  }

  private static void assertJsonError(int status, String error, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        response.headers().toString());
    JsonObject body = AdminApi.json(response).asJsonObject();
    assertEquals(status, body.getInt("status"), response.body());
    assertEquals(error, body.getString("error"), response.body());
  }

  @Test
  void slowConsumer_whenItStopsReading_thenClosedAndFastSubscriberAndPublisherUnaffected()
      throws Exception {
    String value = "{\"pad\":\"" + "p".repeat(8000) + "\",\"n\":%d}";
    try (RawSocket control = session("control");
        RawSocket fast = session(null);
        RawSocket slow = session(null)) {
      control
          .send(
              "{\"t\":\"addAndSet\",\"id\":1,\"path\":\"load/t\",\"type\":\"JSON\",\"properties\":"
                  + "{\"PUBLISH_VALUES_ONLY\":\"true\",\"CONFLATION\":\"off\"},\"v\":"
                  + String.format(value, 0)
                  + "}")
          .next();
      fast.send("{\"t\":\"select\",\"id\":1,\"selector\":\"load/t\"}");
      slow.send("{\"t\":\"select\",\"id\":1,\"selector\":\"load/t\"}");
      for (int i = 0; i < 3; i++) {
        fast.next();
        slow.next();
      }
      slow.pause();
      String slowId = sessionIdOf(slow);

      int updates = 6000;
      for (int i = 1; i <= updates; i++) {
        control.send(
            "{\"t\":\"set\",\"id\":"
                + (i + 1)
                + ",\"path\":\"load/t\",\"type\":\"JSON\",\"v\":"
                + String.format(value, i)
                + "}");
      }
      for (int i = 1; i <= updates; i++) {
        String ok = control.next();
        assertTrue(
            ok.startsWith("{\"t\":\"ok\""),
            "the publisher is never refused or slowed to a stop: " + ok);
      }
      for (int i = 1; i <= updates; i++) {
        String m = fast.next();
        assertTrue(
            m.endsWith(",\"n\":" + i + "}}"), "fast subscriber gets every value in order: " + i);
      }
      long deadline = System.currentTimeMillis() + 20_000;
      while (admin.get("sessions/" + slowId, "admin", "password").statusCode() != 404) {
        assertTrue(
            System.currentTimeMillis() < deadline, "the slow session is closed by the server");
        Thread.sleep(100);
      }
      slow.resume();
      String close;
      do {
        close = slow.messages.poll(20, TimeUnit.SECONDS);
        assertTrue(close != null, "the slow client eventually reads why it was closed");
      } while (!close.contains("\"t\":\"close\""));
      assertTrue(close.contains("MESSAGE_QUEUE_LIMIT_REACHED"), close);
      assertEquals(4007, slow.awaitClose());
      control.send("{\"t\":\"removeTopics\",\"id\":99999,\"selector\":\"load/t\"}");
    }
  }

  @Test
  void slowConsumer_whenTopicConflates_thenKeptAndEndsWithTheLatestValue() throws Exception {
    String value = "{\"pad\":\"" + "p".repeat(8000) + "\",\"n\":%d}";
    try (RawSocket control = session("control");
        RawSocket slow = session(null)) {
      control
          .send(
              "{\"t\":\"addAndSet\",\"id\":1,\"path\":\"load/c\",\"type\":\"JSON\",\"v\":"
                  + String.format(value, 0)
                  + "}")
          .next();
      slow.send("{\"t\":\"select\",\"id\":1,\"selector\":\"load/c\"}");
      for (int i = 0; i < 3; i++) {
        slow.next();
      }
      slow.pause();
      int updates = 6000;
      for (int i = 1; i <= updates; i++) {
        control.send(
            "{\"t\":\"set\",\"id\":"
                + (i + 1)
                + ",\"path\":\"load/c\",\"type\":\"JSON\",\"v\":"
                + String.format(value, i)
                + "}");
      }
      for (int i = 1; i <= updates; i++) {
        control.next();
      }
      assertEquals(
          200,
          admin.get("sessions/" + ids.get(slow), "admin", "password").statusCode(),
          "a conflating slow consumer is not closed: its queue holds one value per topic");
      slow.resume();
      int received = 0;
      String last;
      do {
        last = slow.next();
        received++;
        // the newest arrives as a full value (it replaced a queued one) or as a delta on what the
        // client holds
      } while (!last.contains(",\"n\":" + updates + "}")
          && !last.contains("\"path\":\"/n\",\"value\":" + updates + "}"));
      assertTrue(
          received < updates, "intermediate values were conflated: " + received + " of " + updates);
      control.send("{\"t\":\"removeTopics\",\"id\":99999,\"selector\":\"load/c\"}");
    }
  }

  @Test
  void priority_whenQueueBacksUp_thenHighTopicValueOvertakesQueuedLowOnes() throws Exception {
    String value = "{\"pad\":\"" + "p".repeat(8000) + "\",\"n\":%d}";
    try (RawSocket control = session("control");
        RawSocket slow = session(null)) {
      control
          .send(
              "{\"t\":\"addAndSet\",\"id\":1,\"path\":\"prio/low\",\"type\":\"JSON\","
                  + "\"properties\":{\"PRIORITY\":\"low\",\"CONFLATION\":\"off\",\"PUBLISH_VALUES_ONLY\":\"true\"},\"v\":"
                  + String.format(value, 0)
                  + "}")
          .next();
      control
          .send(
              "{\"t\":\"addAndSet\",\"id\":2,\"path\":\"prio/high\",\"type\":\"STRING\","
                  + "\"properties\":{\"PRIORITY\":\"high\"},\"v\":\"calm\"}")
          .next();
      slow.send("{\"t\":\"select\",\"id\":1,\"selector\":\"?prio/.*\"}");
      for (int i = 0; i < 5; i++) {
        slow.next(); // two subscribes, two values, ok
      }
      slow.pause();
      int updates =
          1500; // 12 MB: more than the socket buffers hold, less than the queue limit (2000)
      for (int i = 1; i <= updates; i++) {
        control.send(
            "{\"t\":\"set\",\"id\":"
                + (i + 2)
                + ",\"path\":\"prio/low\",\"type\":\"JSON\",\"v\":"
                + String.format(value, i)
                + "}");
      }
      for (int i = 1; i <= updates; i++) {
        control.next();
      }
      control
          .send(
              "{\"t\":\"set\",\"id\":9999,\"path\":\"prio/high\",\"type\":\"STRING\",\"v\":\"FIRE\"}")
          .next();
      slow.resume();
      int lowSeen = 0;
      int lowSeenBeforeHigh = -1;
      while (lowSeen < updates) {
        String m = slow.next();
        if (m.contains("FIRE")) {
          lowSeenBeforeHigh = lowSeen;
        } else if (m.contains("\"pad\"")) {
          lowSeen++;
        }
      }
      if (lowSeenBeforeHigh < 0) {
        assertTrue(slow.next().contains("FIRE"), "the high value arrives");
        lowSeenBeforeHigh = updates;
      }
      assertTrue(
          lowSeenBeforeHigh < updates,
          "the high topic's value overtook queued low-priority values: it came after "
              + lowSeenBeforeHigh
              + " of "
              + updates);
      control.send("{\"t\":\"removeTopics\",\"id\":99999,\"selector\":\"?prio/.*\"}");
    }
  }

  @Test
  void javaClient_constraintsPatchUpdateStreamsAndSubscribeByControl() throws Exception {
    String url = base.toString().replaceFirst("^http", "ws");
    try (dev.osmosis.client.Session writer =
            ItSessions.sessions().principal("control").password("password").open(url);
        dev.osmosis.client.Session other =
            ItSessions.sessions().principal("control").password("password").open(url);
        dev.osmosis.client.Session reader =
            ItSessions.sessions().property("Desk", "fx").open(url)) {
      var update = writer.topicUpdate();
      var json = dev.osmosis.client.TopicSpecification.of(dev.osmosis.client.TopicType.JSON);
      var doc = dev.osmosis.client.JsonValue.parse("{\"state\":\"open\",\"qty\":1}");
      assertEquals(
          dev.osmosis.client.AddTopicResult.ADDED,
          update
              .addAndSet(
                  "c/order",
                  json,
                  dev.osmosis.client.JsonValue.class,
                  doc,
                  dev.osmosis.client.UpdateConstraint.noTopic())
              .get(10, TimeUnit.SECONDS));
      assertEquals(
          4012,
          code(
              update.addAndSet(
                  "c/order",
                  json,
                  dev.osmosis.client.JsonValue.class,
                  doc,
                  dev.osmosis.client.UpdateConstraint.noTopic())));

      // the controller subscribes the reader by filter; the reader's stream sees it
      Recorder<dev.osmosis.client.JsonValue> stream = new Recorder<>();
      reader.addStream("?c/.*", dev.osmosis.client.JsonValue.class, stream);
      assertEquals(
          1, writer.clientControl().subscribe("Desk is 'fx'", "?c/.*").get(10, TimeUnit.SECONDS));
      assertEquals("subscribe c/order", stream.next());
      stream.next();

      // locked(lock) + json constraint
      dev.osmosis.client.SessionLock lock = writer.lock("c/locks/order").get(10, TimeUnit.SECONDS);
      var guarded =
          dev.osmosis.client.UpdateConstraint.locked(lock)
              .and(
                  dev.osmosis.client.UpdateConstraint.jsonValue()
                      .with("/state", dev.osmosis.client.JsonValue.of("open")));
      update
          .set(
              "c/order",
              dev.osmosis.client.JsonValue.class,
              dev.osmosis.client.JsonValue.parse("{\"state\":\"open\",\"qty\":2}"),
              guarded)
          .get(10, TimeUnit.SECONDS);
      assertTrue(stream.next().endsWith("{\"state\":\"open\",\"qty\":2}"));
      assertEquals(
          4012,
          code(
              other
                  .topicUpdate()
                  .set(
                      "c/order",
                      dev.osmosis.client.JsonValue.class,
                      doc,
                      dev.osmosis.client.UpdateConstraint.locked(lock))),
          "another session does not hold the lock");

      // applyJsonPatch; a failing test op changes nothing
      update
          .applyJsonPatch(
              "c/order", "[{\"op\":\"replace\",\"path\":\"/state\",\"value\":\"filled\"}]")
          .get(10, TimeUnit.SECONDS);
      assertTrue(stream.next().endsWith("{\"state\":\"filled\",\"qty\":2}"));
      assertEquals(
          4001,
          code(
              update.applyJsonPatch(
                  "c/order", "[{\"op\":\"test\",\"path\":\"/state\",\"value\":\"open\"}]")));

      // an update stream is invalidated by someone else's update
      var counter = dev.osmosis.client.TopicSpecification.of(dev.osmosis.client.TopicType.INT64);
      update.addAndSet("c/count", counter, Long.class, 0L).get(10, TimeUnit.SECONDS);
      dev.osmosis.client.UpdateStream<Long> updates = update.newUpdateStream("c/count", Long.class);
      updates.set(1L).get(10, TimeUnit.SECONDS);
      updates.set(2L).get(10, TimeUnit.SECONDS);
      other.topicUpdate().set("c/count", Long.class, 99L).get(10, TimeUnit.SECONDS);
      assertEquals(4012, code(updates.set(3L)));
      assertTrue(!updates.isValid());

      assertEquals(
          1, writer.clientControl().unsubscribe("Desk is 'fx'", "?c/.*").get(10, TimeUnit.SECONDS));
      lock.unlock().get(10, TimeUnit.SECONDS);
      writer.topics().remove("?c//").get(10, TimeUnit.SECONDS);
    }
  }

  private static int code(java.util.concurrent.CompletableFuture<?> future) throws Exception {
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return ((dev.osmosis.client.SessionException) e.getCause()).getCode();
    }
    throw new AssertionError("expected the request to fail");
  }

  /**
   * Selection scopes as Diffusion's Topics text describes them: a component's selections in its own
   * scope are unaffected by another scope's unsubscribe; client control reads them by scope,
   * removes a selector from every scope and turns a session's conflation off.
   */
  @Test
  void javaClient_selectionScopes_andClientControlSelections() throws Exception {
    String url = base.toString().replaceFirst("^http", "ws");
    try (dev.osmosis.client.Session control =
            ItSessions.sessions().principal("control").password("password").open(url);
        dev.osmosis.client.Session reader = ItSessions.sessions().open(url)) {
      var string = dev.osmosis.client.TopicSpecification.of(dev.osmosis.client.TopicType.STRING);
      control.topicUpdate().addAndSet("sc/a", string, String.class, "A").get(10, TimeUnit.SECONDS);
      control.topicUpdate().addAndSet("sc/b", string, String.class, "B").get(10, TimeUnit.SECONDS);
      Recorder<String> stream = new Recorder<>();
      reader.addStream("?sc//", String.class, stream);

      assertEquals(2, reader.select("?sc//", "panel").get(10, TimeUnit.SECONDS));
      assertEquals(0, reader.select(">sc/a").get(10, TimeUnit.SECONDS));
      // the default scope's unsubscribe leaves what the panel's scope selects
      assertEquals(0, reader.unselect("?sc//").get(10, TimeUnit.SECONDS));
      assertEquals(
          java.util.Map.of("panel", List.of("?sc//"), "", List.of(">sc/a")),
          control
              .clientControl()
              .getTopicSelections(reader.getSessionId())
              .get(10, TimeUnit.SECONDS));
      // the panel's unsubscribe leaves what the default scope selects
      assertEquals(1, reader.unselect("?sc//", "panel").get(10, TimeUnit.SECONDS));
      java.util.Set<String> events = new java.util.HashSet<>();
      for (int i = 0; i < 5; i++) {
        events.add(stream.next());
      }
      assertTrue(events.contains("unsubscribe sc/b REQUESTED"), events.toString());
      assertTrue(!events.contains("unsubscribe sc/a REQUESTED"), events.toString());

      control
          .clientControl()
          .unsubscribeAllScopes(reader.getSessionId(), ">sc/a")
          .get(10, TimeUnit.SECONDS);
      assertEquals("unsubscribe sc/a CONTROL", stream.next());
      assertEquals(
          java.util.Map.of(),
          control
              .clientControl()
              .getTopicSelections(reader.getSessionId())
              .get(10, TimeUnit.SECONDS));

      assertEquals(
          1,
          control
              .clientControl()
              .setConflated(reader.getSessionId(), false)
              .get(10, TimeUnit.SECONDS));
      assertEquals(4001, code(reader.select(">sc/a", "$reserved")));
      assertEquals(3001, code(reader.clientControl().getTopicSelections(control.getSessionId())));
      control.topics().remove("?sc//").get(10, TimeUnit.SECONDS);
    }
  }

  /** Records a stream's events as text. */
  static final class Recorder<V> implements dev.osmosis.client.ValueStream<V> {
    final java.util.concurrent.BlockingQueue<String> events =
        new java.util.concurrent.LinkedBlockingQueue<>();

    @Override
    public void onSubscription(String path, dev.osmosis.client.TopicSpecification spec) {
      events.add("subscribe " + path);
    }

    @Override
    public void onValue(
        String path, dev.osmosis.client.TopicSpecification spec, V oldValue, V newValue) {
      events.add("value " + path + " " + oldValue + " -> " + newValue);
    }

    @Override
    public void onUnsubscription(
        String path,
        dev.osmosis.client.TopicSpecification spec,
        dev.osmosis.client.UnsubscribeReason reason) {
      events.add("unsubscribe " + path + " " + reason);
    }

    String next() throws InterruptedException {
      String e = events.poll(10, TimeUnit.SECONDS);
      assertTrue(e != null, "no stream event within 10 s");
      return e;
    }
  }

  /**
   * Seed 003: selector, topic and stream in each order lead to the same subscription and values.
   */
  @Test
  void javaClient_seed003Orderings_thenSameOutcome() throws Exception {
    String url = base.toString().replaceFirst("^http", "ws");
    try (dev.osmosis.client.Session control =
            ItSessions.sessions().principal("control").password("password").open(url);
        dev.osmosis.client.Session client = ItSessions.sessions().open(url)) {
      var update = control.topicUpdate();
      var string = dev.osmosis.client.TopicSpecification.of(dev.osmosis.client.TopicType.STRING);

      // 1. stream, then selection, then topic
      Recorder<String> first = new Recorder<>();
      client.addStream("?o/1", String.class, first);
      client.select("?o/1").get(10, TimeUnit.SECONDS);
      update.addAndSet("o/1", string, String.class, "a").get(10, TimeUnit.SECONDS);
      assertEquals("subscribe o/1", first.next());
      assertEquals("value o/1 null -> a", first.next());

      // 2. topic, then selection, then stream: the stream is served from the client's cache
      update.addAndSet("o/2", string, String.class, "b").get(10, TimeUnit.SECONDS);
      assertEquals(1, client.select("o/2").get(10, TimeUnit.SECONDS));
      Recorder<String> second = new Recorder<>();
      client.addStream("o/2", String.class, second);
      assertEquals("subscribe o/2", second.next());
      assertEquals("value o/2 null -> b", second.next());

      // 3. selection, then stream, then topic; a stateless topic is not cached for late streams
      client.select("o/3").get(10, TimeUnit.SECONDS);
      Recorder<String> third = new Recorder<>();
      client.addStream("o/3", String.class, third);
      update
          .addAndSet("o/3", string.withProperty("DONT_RETAIN_VALUE", "true"), String.class, "c")
          .get(10, TimeUnit.SECONDS);
      assertEquals("subscribe o/3", third.next());
      assertEquals("value o/3 null -> c", third.next());
      Recorder<String> late = new Recorder<>();
      client.addStream("o/3", String.class, late);
      assertEquals("subscribe o/3", late.next());
      assertEquals(
          null,
          late.events.poll(300, TimeUnit.MILLISECONDS),
          "a stateless topic's value is not cached");

      // a stream of another type sees nothing; updates and removal reach the first stream
      Recorder<Long> wrongType = new Recorder<>();
      client.addStream("?o/.*", Long.class, wrongType);
      update.set("o/1", String.class, "a2").get(10, TimeUnit.SECONDS);
      assertEquals("value o/1 a -> a2", first.next());
      assertEquals(3, control.topics().remove("?o/.*").get(10, TimeUnit.SECONDS));
      assertEquals("unsubscribe o/1 REMOVAL", first.next());
      assertEquals(null, wrongType.events.poll(100, TimeUnit.MILLISECONDS));
    }
  }

  /**
   * COMPRESSION (docs/TOPICS.md): the Java client asks for deflated frames; large updates of a
   * compressed topic reach its streams equal to what was set, in order with the small ones between
   * them (ProtocolIT checks which frames are binary).
   */
  @Test
  void javaClient_compressedTopic_thenLargeValuesEqual_andOrderKept() throws Exception {
    String url = base.toString().replaceFirst("^http", "ws");
    try (dev.osmosis.client.Session control =
            ItSessions.sessions().principal("control").password("password").open(url);
        dev.osmosis.client.Session client = ItSessions.sessions().open(url)) {
      var spec =
          dev.osmosis.client.TopicSpecification.of(dev.osmosis.client.TopicType.STRING)
              .withProperty("COMPRESSION", "low");
      int topics = 12;
      for (int i = 0; i < topics; i++) {
        control.topics().add("zip/" + i, spec).get(10, TimeUnit.SECONDS);
      }
      Recorder<String> stream = new Recorder<>();
      client.addStream("?zip/.*", String.class, stream);
      client.select("?zip/.*").get(10, TimeUnit.SECONDS);
      java.util.Set<String> subscribed = new java.util.HashSet<>();
      for (int i = 0; i < topics; i++) {
        subscribed.add(stream.next());
      }
      assertEquals(topics, subscribed.size(), subscribed.toString());
      String big = "EURUSD 1.0841 1.0843 2026-12-06T23:00:00Z depth 5 | ".repeat(320); // 16 KiB
      var update = control.topicUpdate();
      List<java.util.concurrent.CompletableFuture<?>> sets = new java.util.ArrayList<>();
      String[] values = new String[topics];
      for (int i = 0; i < topics; i++) { // large and small alternate, not waiting in between
        values[i] = i % 2 == 0 ? big + i : "small " + i;
        sets.add(update.set("zip/" + i, String.class, values[i]));
      }
      for (var set : sets) {
        set.get(10, TimeUnit.SECONDS);
      }
      for (int i = 0; i < topics; i++) {
        assertEquals("value zip/" + i + " null -> " + values[i], stream.next(), "update " + i);
      }
      control.topics().remove("?zip/.*").get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void javaClient_whenNotPermitted_thenCodedErrors() throws Exception {
    String url = base.toString().replaceFirst("^http", "ws");
    try (dev.osmosis.client.Session client =
        ItSessions.sessions().principal("client").password("password").open(url)) {
      java.util.concurrent.ExecutionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              java.util.concurrent.ExecutionException.class,
              () ->
                  client
                      .topics()
                      .add("x", dev.osmosis.client.TopicType.STRING)
                      .get(10, TimeUnit.SECONDS));
      assertEquals(3001, ((dev.osmosis.client.SessionException) e.getCause()).getCode());
      e =
          org.junit.jupiter.api.Assertions.assertThrows(
              java.util.concurrent.ExecutionException.class,
              () -> client.select("?x/[").get(10, TimeUnit.SECONDS));
      assertEquals(4001, ((dev.osmosis.client.SessionException) e.getCause()).getCode());
    }
  }

  /** Fetch through the Java client: values, ranges, first/last, size limit, permissions. */
  @Test
  void javaClient_fetchWithValuesAndLimits() throws Exception {
    String url = base.toString().replaceFirst("^http", "ws");
    try (dev.osmosis.client.Session control =
            ItSessions.sessions().principal("control").password("password").open(url);
        dev.osmosis.client.Session client =
            ItSessions.sessions().principal("client").password("password").open(url)) {
      var string = dev.osmosis.client.TopicSpecification.of(dev.osmosis.client.TopicType.STRING);
      for (String p : java.util.List.of("f/a", "f/a/x", "f/b", "f/c")) {
        control
            .topicUpdate()
            .addAndSet(p, string, String.class, "v:" + p)
            .get(10, TimeUnit.SECONDS);
      }
      control
          .topicUpdate()
          .addAndSet(
              "f/n",
              dev.osmosis.client.TopicSpecification.of(dev.osmosis.client.TopicType.INT64),
              Long.class,
              7L)
          .get(10, TimeUnit.SECONDS);

      dev.osmosis.client.FetchResult all =
          client
              .fetchRequest()
              .withValues(Object.class)
              .withProperties()
              .fetch("?f//")
              .get(10, TimeUnit.SECONDS);
      assertEquals(
          java.util.List.of("f/a", "f/a/x", "f/b", "f/c", "f/n"),
          all.results().stream().map(r -> r.path()).collect(java.util.stream.Collectors.toList()));
      assertEquals("v:f/a/x", all.results().get(1).value(String.class));
      assertEquals(7L, all.results().get(4).value(Long.class));
      assertTrue(!all.hasMore());

      dev.osmosis.client.FetchResult strings =
          client
              .fetchRequest()
              .after("f/a")
              .withValues(String.class)
              .first(2)
              .fetch("?f//")
              .get(10, TimeUnit.SECONDS);
      assertEquals(
          "[f/a/x STRING = \"v:f/a/x\", f/b STRING = \"v:f/b\"] (more)",
          strings.results() + (strings.hasMore() ? " (more)" : ""));
      dev.osmosis.client.FetchResult last =
          client.fetchRequest().to("f/c").last(1).fetch("?f//").get(10, TimeUnit.SECONDS);
      assertEquals("f/c", last.results().get(0).path());
      assertEquals(null, last.results().get(0).value(String.class), "no values asked for");
      dev.osmosis.client.FetchResult small =
          client
              .fetchRequest()
              .withValues(String.class)
              .maximumResultSize(20)
              .fetch("?f//")
              .get(10, TimeUnit.SECONDS);
      assertEquals(
          1, small.results().size(), "f/a with \"v:f/a\" is 10 bytes, f/a/x with its value 14");
      assertTrue(small.hasMore());
      java.util.concurrent.ExecutionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              java.util.concurrent.ExecutionException.class,
              () -> client.fetchRequest().fetch("?f/[").get(10, TimeUnit.SECONDS));
      assertEquals(4001, ((dev.osmosis.client.SessionException) e.getCause()).getCode());
      control.topics().remove("?f//").get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Topic notifications through the Java client: SELECTED, ADDED, REMOVED, DESELECTED, no values.
   */
  @Test
  void javaClient_topicNotifications() throws Exception {
    String url = base.toString().replaceFirst("^http", "ws");
    try (dev.osmosis.client.Session control =
            ItSessions.sessions().principal("control").password("password").open(url);
        dev.osmosis.client.Session client = ItSessions.sessions().open(url)) {
      var json = dev.osmosis.client.TopicSpecification.of(dev.osmosis.client.TopicType.JSON);
      control
          .topicUpdate()
          .addAndSet(
              "tn/old",
              json,
              dev.osmosis.client.JsonValue.class,
              dev.osmosis.client.JsonValue.parse("{\"big\":1}"))
          .get(10, TimeUnit.SECONDS);
      java.util.concurrent.BlockingQueue<String> events =
          new java.util.concurrent.LinkedBlockingQueue<>();
      client
          .notifications()
          .addListener((path, spec, type) -> events.add(type + " " + path + " " + spec));
      assertEquals(1, client.notifications().select("?tn/.*").get(10, TimeUnit.SECONDS));
      assertEquals("SELECTED tn/old JSON", events.poll(10, TimeUnit.SECONDS));
      control
          .topics()
          .add("tn/new", json.withProperty("PRIORITY", "high"))
          .get(10, TimeUnit.SECONDS);
      assertEquals("ADDED tn/new JSON {PRIORITY=high}", events.poll(10, TimeUnit.SECONDS));
      control.topics().remove(">tn/new").get(10, TimeUnit.SECONDS);
      assertEquals("REMOVED tn/new JSON {PRIORITY=high}", events.poll(10, TimeUnit.SECONDS));
      assertEquals(1, client.notifications().deselect("?tn/.*").get(10, TimeUnit.SECONDS));
      assertEquals("DESELECTED tn/old JSON", events.poll(10, TimeUnit.SECONDS));
      control.topics().add("tn/later", json).get(10, TimeUnit.SECONDS);
      assertEquals(null, events.poll(300, TimeUnit.MILLISECONDS));
      control.topics().remove("?tn/.*").get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * A missing topic handler adds the topic on demand; the selecting session receives it before its
   * select completes.
   */
  @Test
  void javaClient_missingTopicHandlerAddsTopicOnDemand() throws Exception {
    String url = base.toString().replaceFirst("^http", "ws");
    try (dev.osmosis.client.Session handler =
            ItSessions.sessions().principal("control").password("password").open(url);
        dev.osmosis.client.Session client =
            ItSessions.sessions().property("Team", "red").open(url)) {
      java.util.concurrent.BlockingQueue<String> asked =
          new java.util.concurrent.LinkedBlockingQueue<>();
      dev.osmosis.client.Registration registration =
          handler
              .topics()
              .addMissingTopicHandler(
                  "ondemand",
                  n -> {
                    asked.add(n.selector() + " " + n.sessionId() + " " + n.sessionProperties());
                    if (n.path().endsWith("/refuse")) {
                      n.cancel();
                      return;
                    }
                    handler
                        .topicUpdate()
                        .addAndSet(
                            n.path(),
                            dev.osmosis.client.TopicSpecification.of(
                                dev.osmosis.client.TopicType.STRING),
                            String.class,
                            "made for " + n.sessionId())
                        .whenComplete((r, e) -> n.proceed());
                  },
                  "Team")
              .get(10, TimeUnit.SECONDS);

      Recorder<String> stream = new Recorder<>();
      client.addStream("?ondemand//", String.class, stream);
      assertEquals(1, client.select(">ondemand/x").get(10, TimeUnit.SECONDS));
      assertEquals(
          ">ondemand/x " + client.getSessionId() + " {Team=red}", asked.poll(10, TimeUnit.SECONDS));
      assertEquals(
          "subscribe ondemand/x",
          stream.events.poll(),
          "already delivered when the select completed");
      assertEquals("value ondemand/x null -> made for " + client.getSessionId(), stream.next());

      assertEquals(
          0,
          client.select(">ondemand/x").get(10, TimeUnit.SECONDS),
          "exists now: no handler asked");
      assertEquals(null, asked.poll(200, TimeUnit.MILLISECONDS));
      assertEquals(0, client.select(">ondemand/refuse").get(10, TimeUnit.SECONDS));
      assertTrue(asked.poll(10, TimeUnit.SECONDS).startsWith(">ondemand/refuse "));

      registration.close().get(10, TimeUnit.SECONDS);
      assertEquals(
          0,
          client.select(">ondemand/y").get(10, TimeUnit.SECONDS),
          "no handler: completes at once");
      handler.topics().remove("?ondemand//").get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * docs/OPERATIONS.md "Metrics": {@code /metrics} under a real load — sessions open and close,
   * updates flow to two subscribers, a bad password is tried, a slow consumer falls behind (its
   * conflating topic conflates) and is closed — and each metric moves by what happened.
   */
  @Test
  void metrics_whenALoadRuns_thenEachMetricMovesByWhatHappened() throws Exception {
    awaitNoSessions();
    String big = "{\"pad\":\"" + "p".repeat(8000) + "\",\"n\":%d}";
    try (RawSocket control = session("control")) {
      control
          .send(
              "{\"t\":\"addAndSet\",\"id\":1,\"path\":\"metrics/t\",\"type\":\"JSON\",\"properties\":"
                  + "{\"PUBLISH_VALUES_ONLY\":\"true\",\"CONFLATION\":\"off\"},\"v\":{\"n\":0}}")
          .next();
      control
          .send(
              "{\"t\":\"addAndSet\",\"id\":2,\"path\":\"metrics/c\",\"type\":\"JSON\",\"v\":{\"n\":0}}")
          .next();
      Metrics before = settledMetrics();
      JsonObject beforeServer = lastServer;
      try (RawSocket a = session(null);
          RawSocket b = session(null)) {
        for (RawSocket s : List.of(a, b)) {
          s.send("{\"t\":\"select\",\"id\":1,\"selector\":\"metrics/t\"}");
          for (int i = 0; i < 3; i++) {
            s.next(); // subscribe, value, ok
          }
        }
        for (int i = 1; i <= 10; i++) {
          control.send(
              "{\"t\":\"set\",\"id\":"
                  + (10 + i)
                  + ",\"path\":\"metrics/t\",\"type\":\"JSON\",\"v\":{\"n\":"
                  + i
                  + "}}");
          assertTrue(control.next().startsWith("{\"t\":\"ok\""));
        }
        for (RawSocket s : List.of(a, b)) {
          for (int i = 1; i <= 10; i++) {
            assertTrue(s.next().contains(String.valueOf(i)));
          }
        }
        Metrics open = Metrics.scrape(base);
        long deadline = System.currentTimeMillis() + 10_000;
        while (open.sum("osmosis_sessions") != 3) { // a new kind's series comes within a second
          assertTrue(System.currentTimeMillis() < deadline, open.text);
          Thread.sleep(100);
          open = Metrics.scrape(base);
        }
        assertEquals("gauge", open.types.get("osmosis_sessions"));
        assertEquals("counter", open.types.get("osmosis_deliveries_total"));
        assertTrue(
            open.help.get("osmosis_deliveries_total").startsWith("Topic update messages"),
            open.help.toString());
        assertTrue(open.text.contains("mp_scope=\"application\""));
      }
      try (RawSocket bad = new RawSocket(RawSocket.endpoint(base))) {
        String refused =
            bad.send(
                    "{\"t\":\"connect\",\"v\":1,\"principal\":\"client\",\"credentials\":\"nope\"}")
                .next();
        assertTrue(refused.contains("ACCESS_DENIED"), refused);
      }
      awaitSessions(1);
      Metrics after = settledMetrics();

      assertEquals(2, after.delta(before, "osmosis_sessions_opened_total"));
      assertEquals(
          2,
          Math.round(after.sum("osmosis_sessions_closed_total"))
              - Math.round(before.sum("osmosis_sessions_closed_total")));
      assertEquals(10, after.delta(before, "osmosis_updates_total"));
      assertEquals(20, after.delta(before, "osmosis_deliveries_total"));
      assertEquals(
          1, after.delta(before, "osmosis_authentication_failures_total{reason=\"denied\"}"));
      JsonObject exactBefore = beforeServer;
      JsonObject exactAfter = lastServer;
      assertEquals(
          2,
          (exactAfter.getJsonNumber("authenticationSuccesses").longValue()
                  - exactBefore.getJsonNumber("authenticationSuccesses").longValue())
              - (exactAfter.getJsonNumber("adminRequests").longValue()
                  - exactBefore.getJsonNumber("adminRequests").longValue()),
          "the two anonymous sessions; every admin request authenticates too");
      assertTrue(
          after.delta(before, "osmosis_authentication_successes_total") >= 2,
          "the scrape's counter moved too (it trails by up to a second)");
      assertTrue(after.delta(before, "osmosis_admin_requests_total") >= 1);
      assertTrue(after.delta(before, "osmosis_messages_written_total") >= 2 * (3 + 10) + 10);
      assertTrue(
          after.delta(before, "osmosis_frames_written_total")
              <= after.delta(before, "osmosis_messages_written_total"));
      assertEquals(0, after.delta(before, "osmosis_slow_consumer_closes_total"));
      assertEquals(1, after.get("osmosis_cluster_members"));
      assertTrue(after.get("osmosis_topics") >= 2);

      // A slow consumer: it stops reading, its queue grows, its conflating topic conflates, then
      // its queue overflows and the server closes it.
      try (RawSocket slow = session(null)) {
        String slowId = sessionIdOf(slow);
        slow.send("{\"t\":\"select\",\"id\":1,\"selector\":\"metrics/t\"}");
        slow.send("{\"t\":\"select\",\"id\":2,\"selector\":\"metrics/c\"}");
        for (int i = 0; i < 6; i++) {
          slow.next();
        }
        Metrics beforeSlow = settledMetrics();
        slow.pause();
        int sent = 0;
        Metrics now = Metrics.scrape(base);
        while (now.get("osmosis_outbound_queue_max") < 100) {
          assertTrue(sent < 8000, "the slow session's queue never grew: " + now.text);
          sent += publish(control, "metrics/t", big, sent, 100);
          now = Metrics.scrape(base);
        }
        for (int i = 1; i <= 5; i++) {
          control.send(
              "{\"t\":\"set\",\"id\":"
                  + (90_000 + i)
                  + ",\"path\":\"metrics/c\",\"type\":\"JSON\",\"v\":{\"n\":"
                  + i
                  + "}}");
          assertTrue(control.next().startsWith("{\"t\":\"ok\""));
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (admin.get("sessions/" + slowId, "admin", "password").statusCode() != 404) {
          assertTrue(sent < 20_000 && System.currentTimeMillis() < deadline, "slow never closed");
          sent += publish(control, "metrics/t", big, sent, 200);
        }
        Metrics afterSlow = settledMetrics();

        assertEquals(1, afterSlow.delta(beforeSlow, "osmosis_slow_consumer_closes_total"));
        assertEquals(
            1,
            afterSlow.delta(
                beforeSlow,
                "osmosis_sessions_closed_total{reason=\"message_queue_limit_reached\"}"));
        assertEquals(
            4,
            afterSlow.delta(beforeSlow, "osmosis_conflated_messages_total"),
            "five values of a conflating topic for a backed-up session: four replaced");
        assertTrue(afterSlow.delta(beforeSlow, "osmosis_dropped_messages_total") >= 1);
        assertTrue(afterSlow.get("osmosis_outbound_queue_peak") >= 100);
        assertEquals(sent + 5, afterSlow.delta(beforeSlow, "osmosis_updates_total"));
        JsonObject server = AdminApi.json(admin.get("server", "admin", "password")).asJsonObject();
        JsonObject m = server.getJsonObject("metrics");
        assertEquals(
            Math.round(afterSlow.get("osmosis_slow_consumer_closes_total")),
            m.getJsonNumber("slowConsumerCloses").longValue(),
            m.toString());
        assertTrue(m.getJsonNumber("peakQueueDepth").longValue() >= 100, m.toString());
        slow.resume();
        assertEquals(4007, slow.awaitClose());
      }
      control.send("{\"t\":\"removeTopics\",\"id\":99999,\"selector\":\"?metrics/\"}");
    }
  }

  /**
   * A real Prometheus (Debian's {@code prometheus}) scrapes this server every second while updates
   * flow: {@code osmosis_deliveries_total} is a rising series (docs/OPERATIONS.md "Prometheus").
   */
  @Test
  void prometheus_whenUpdatesFlow_thenOsmosisDeliveriesTotalRises() throws Exception {
    try (PrometheusServer prometheus =
            PrometheusServer.start(
                java.nio.file.Path.of("target/prometheus-it"),
                base.getHost() + ":" + base.getPort());
        RawSocket control = session("control");
        RawSocket client = session(null)) {
      control
          .send(
              "{\"t\":\"addAndSet\",\"id\":1,\"path\":\"prom/t\",\"type\":\"JSON\",\"v\":{\"n\":0}}")
          .next();
      client.send("{\"t\":\"select\",\"id\":1,\"selector\":\"prom/t\"}");
      for (int i = 0; i < 3; i++) {
        client.next();
      }
      List<Double> seen = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 60_000;
      int n = 0;
      while (seen.size() < 2 || seen.get(seen.size() - 1) <= seen.get(0)) {
        assertTrue(System.currentTimeMillis() < deadline, "no rising series: " + seen);
        for (int i = 0; i < 20; i++) {
          n++;
          control.send(
              "{\"t\":\"set\",\"id\":"
                  + (n + 1)
                  + ",\"path\":\"prom/t\",\"type\":\"JSON\",\"v\":{\"n\":"
                  + n
                  + "}}");
          control.next();
          client.next();
        }
        JsonObject answer =
            jakarta.json.Json.createReader(
                    new java.io.StringReader(prometheus.query("osmosis_deliveries_total")))
                .readObject();
        assertEquals("success", answer.getString("status"), answer.toString());
        jakarta.json.JsonArray result = answer.getJsonObject("data").getJsonArray("result");
        if (!result.isEmpty()) {
          JsonObject series = result.getJsonObject(0);
          assertEquals("osmosis", series.getJsonObject("metric").getString("job"));
          double value = Double.parseDouble(series.getJsonArray("value").getString(1));
          if (seen.isEmpty() || value != seen.get(seen.size() - 1)) {
            seen.add(value);
          }
        }
        Thread.sleep(500);
      }
      assertTrue(seen.get(seen.size() - 1) > seen.get(0), seen.toString());
      control.send("{\"t\":\"removeTopics\",\"id\":99999,\"selector\":\"prom/t\"}");
    }
  }

  /** Publishes {@code count} big values to {@code path}, reading each answer; returns count. */
  private static int publish(RawSocket control, String path, String big, int from, int count)
      throws Exception {
    for (int i = 1; i <= count; i++) {
      control.send(
          "{\"t\":\"set\",\"id\":"
              + (100_000 + from + i)
              + ",\"path\":\""
              + path
              + "\",\"type\":\"JSON\",\"v\":"
              + String.format(big, from + i)
              + "}");
    }
    for (int i = 1; i <= count; i++) {
      String ok = control.next();
      assertTrue(ok.startsWith("{\"t\":\"ok\""), ok);
    }
    return count;
  }

  /**
   * A scrape whose counters have caught up with the server (they trail by up to a second): the
   * admin API's exact counts and the scrape agree.
   */
  /** The admin API's {@code metrics} (exact counts) behind the last {@link #settledMetrics}. */
  private JsonObject lastServer;

  private Metrics settledMetrics() throws Exception {
    long deadline = System.currentTimeMillis() + 15_000;
    while (true) {
      JsonObject server = AdminApi.json(admin.get("server", "admin", "password")).asJsonObject();
      JsonObject m = server.getJsonObject("metrics");
      lastServer = m;
      Metrics scrape = Metrics.scrape(base);
      if (scrape.get("osmosis_updates_total") == server.getJsonNumber("updates").longValue()
          && scrape.get("osmosis_deliveries_total")
              == server.getJsonNumber("deliveries").longValue()
          && scrape.get("osmosis_sessions_opened_total")
              == m.getJsonNumber("sessionsOpened").longValue()
          && scrape.sum("osmosis_sessions_closed_total")
              == m.getJsonNumber("sessionsClosed").longValue()
          && scrape.sum("osmosis_authentication_failures_total")
              == m.getJsonNumber("authenticationFailures").longValue()
          && scrape.get("osmosis_conflated_messages_total")
              == m.getJsonNumber("conflatedMessages").longValue()
          && scrape.get("osmosis_dropped_messages_total")
              == m.getJsonNumber("droppedMessages").longValue()) {
        return scrape;
      }
      assertTrue(
          System.currentTimeMillis() < deadline,
          "the counters never caught up: " + m + "\n" + scrape.text);
      Thread.sleep(200);
    }
  }

  private void awaitNoSessions() throws Exception {
    awaitSessions(0);
  }

  private void awaitSessions(int count) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (AdminApi.json(admin.get("server", "admin", "password")).asJsonObject().getInt("sessions")
        != count) {
      assertTrue(System.currentTimeMillis() < deadline, "sessions never came to " + count);
      Thread.sleep(100);
    }
  }

  private String sessionIdOf(RawSocket ws) {
    return ids.get(ws);
  }
}
