package dev.osmosis.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Topics' REMOVAL policies enforced by the server's EJB timer sweep (docs/TOPICS.md, "Removal
 * policies").
 */
@ExtendWith(ArquillianExtension.class)
class ExpiryIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.osmosis();
  }

  @ArquillianResource URL base;
  AdminApi admin;

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
    return ws;
  }

  /** Selects one topic and reads its subscribe, value and answer; returns the topic's id. */
  static long subscribe(RawSocket client, String path, boolean hasValue) throws Exception {
    client.send("{\"t\":\"select\",\"id\":1,\"selector\":\"" + path + "\"}");
    String subscribe = client.next();
    assertTrue(
        subscribe.startsWith("{\"t\":\"subscribe\"")
            && subscribe.contains("\"path\":\"" + path + "\""),
        subscribe);
    if (hasValue) {
      assertTrue(client.next().startsWith("{\"t\":\"value\""));
    }
    assertEquals("{\"t\":\"ok\",\"id\":1,\"count\":1}", client.next());
    int at = subscribe.indexOf("\"a\":") + 4;
    return Long.parseLong(subscribe.substring(at, subscribe.indexOf(',', at)));
  }

  @Test
  void noUpdates_whenIdle_thenTheTimerRemovesTheTopicWithinSeconds() throws Exception {
    HttpResponse<String> put =
        admin.put(
            "topics/it/expiry/idle",
            "{\"type\":\"STRING\",\"value\":\"x\",\"properties\":{\"REMOVAL\":\"when no updates for 2s\"}}",
            "admin",
            "password");
    assertEquals(200, put.statusCode(), put.body());
    long start = System.nanoTime();
    try (RawSocket client = session(null)) {
      long a = subscribe(client, "it/expiry/idle", true);

      assertEquals("{\"t\":\"unsubscribe\",\"a\":" + a + ",\"reason\":\"REMOVAL\"}", client.next());
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 1_900 && millis < 6_000, "removed after " + millis + " ms");
    }
    assertEquals(404, admin.get("topics/it/expiry/idle", "admin", "password").statusCode());
  }

  @Test
  void thisSessionCloses_whenTheCreatorCloses_thenSubscribersSeeRemoval() throws Exception {
    try (RawSocket client = session(null)) {
      RawSocket control = session("control");
      assertEquals(
          "{\"t\":\"ok\",\"id\":1,\"result\":\"ADDED\"}",
          control
              .send(
                  "{\"t\":\"addTopic\",\"id\":1,"
                      + "\"path\":\"it/expiry/mine\",\"type\":\"STRING\",\"properties\":{\"REMOVAL\":\"when this session closes\"}}")
              .next());
      long a = subscribe(client, "it/expiry/mine", false);

      control.close();

      assertEquals("{\"t\":\"unsubscribe\",\"a\":" + a + ",\"reason\":\"REMOVAL\"}", client.next());
    }
    assertEquals(404, admin.get("topics/it/expiry/mine", "admin", "password").statusCode());
  }

  @Test
  void invalidRemoval_thenBadRequestNamingThePosition() throws Exception {
    HttpResponse<String> put =
        admin.put(
            "topics/it/expiry/bad",
            "{\"type\":\"STRING\",\"value\":\"x\",\"properties\":{\"REMOVAL\":\"when no updates for 100ms\"}}",
            "admin",
            "password");
    assertEquals(400, put.statusCode(), put.body());
    assertTrue(
        put.body().contains("expected a period") && put.body().contains("at 20"), put.body());
  }
}
