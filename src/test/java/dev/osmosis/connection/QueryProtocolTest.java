package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.filter.SessionFilters;
import dev.osmosis.lock.SessionLocks;
import dev.osmosis.message.Messaging;
import dev.osmosis.session.SessionProperties;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The query messages (PROTOCOL.md §8 {@code getSessionLock(s)}, §14 {@code getGlobalPermissions},
 * {@code getPathPermissions}, {@code revokeAuthentication}) through the protocol state machine.
 */
class QueryProtocolTest {
  final Sessions sessions = TestSessions.sessions();
  final Subscriptions subscriptions = TestSessions.subscriptions();
  final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);
  final MessagingProtocol messaging =
      new MessagingProtocol(
          new Messaging(
              sessions.registry(),
              new SessionFilters(),
              TestSessions::store,
              MessagingProtocol.sender(),
              TestSessions.CLOCK,
              Duration.ofSeconds(30),
              100),
          new SessionLocks(TestSessions::store, 100));

  final class Peer extends ProtocolPeer {
    Peer(String principal, String password) {
      super(
          sessions,
          subscriptions,
          topics,
          client -> client.messaging(messaging),
          principal,
          password);
    }
  }

  @Test
  void getSessionLocks_whenViewServer_thenHeldLocksByNameWithOwnerAndSequence() {
    Peer admin = new Peer("admin", "secret");
    Peer other = new Peer("admin", "secret");
    assertEquals("{\"t\":\"ok\",\"id\":1,\"locks\":{}}", admin.send(locks(1)));
    admin.send("{\"t\":\"lock\",\"id\":2,\"name\":\"/orders/b\"}");
    other.send("{\"t\":\"lock\",\"id\":2,\"name\":\"orders/a\"}");
    admin.send("{\"t\":\"lock\",\"id\":3,\"name\":\"orders/a\"}"); // waits: not a holder
    String server = admin.client.session().property(SessionProperties.SERVER_NAME);
    assertEquals(
        "{\"t\":\"ok\",\"id\":4,\"locks\":{"
            + holder("orders/a", other.id(), 2, server)
            + ","
            + holder("orders/b", admin.id(), 1, server)
            + "}}",
        admin.send(locks(4)));
    assertEquals(
        "{\"t\":\"ok\",\"id\":5,\"locks\":{" + holder("orders/b", admin.id(), 1, server) + "}}",
        admin.send("{\"t\":\"getSessionLock\",\"id\":5,\"name\":\"orders/b/\"}"));
    assertEquals(
        "{\"t\":\"ok\",\"id\":6,\"locks\":{}}",
        admin.send("{\"t\":\"getSessionLock\",\"id\":6,\"name\":\"orders/none\"}"));
  }

  @Test
  void getSessionLocks_whenNoViewServerOrBadName_thenPreciseErrors() {
    Peer client = new Peer("client", "password");
    assertTrue(
        client.send(locks(1)).startsWith("{\"t\":\"error\",\"id\":1,\"code\":3001"),
        client.connection.last());
    assertTrue(client.connection.last().contains("VIEW_SERVER"), client.connection.last());
    Peer admin = new Peer("admin", "secret");
    assertTrue(
        admin
            .send("{\"t\":\"getSessionLock\",\"id\":2,\"name\":\"a//b\"}")
            .startsWith("{\"t\":\"error\",\"id\":2,\"code\":4001"),
        admin.connection.last());
    assertTrue(
        admin
            .send("{\"t\":\"getSessionLock\",\"id\":3}")
            .startsWith("{\"t\":\"error\",\"id\":3,\"code\":1003"),
        admin.connection.last());
  }

  @Test
  void getGlobalAndPathPermissions_thenTheCallersOwnSorted() {
    Peer client = new Peer("client", "password");
    assertEquals(
        "{\"t\":\"ok\",\"id\":1,\"permissions\":[]}",
        client.send("{\"t\":\"getGlobalPermissions\",\"id\":1}"));
    assertEquals(
        "{\"t\":\"ok\",\"id\":2,\"permissions\":[\"READ_TOPIC\",\"SELECT_TOPIC\"]}",
        client.send("{\"t\":\"getPathPermissions\",\"id\":2,\"path\":\"prices/eur\"}"));
    assertEquals(
        "{\"t\":\"ok\",\"id\":3,\"permissions\":[]}",
        client.send("{\"t\":\"getPathPermissions\",\"id\":3,\"path\":\"/secret/x\"}"));
    Peer admin = new Peer("admin", "secret");
    String global = admin.send("{\"t\":\"getGlobalPermissions\",\"id\":4}");
    assertTrue(global.contains("\"VIEW_SERVER\",\"VIEW_SESSION\"]"), global);
    assertTrue(
        client
            .send("{\"t\":\"getPathPermissions\",\"id\":5,\"path\":\"a//b\"}")
            .startsWith("{\"t\":\"error\",\"id\":5,\"code\":4001"),
        client.connection.last());
    assertTrue(
        client
            .send("{\"t\":\"getPathPermissions\",\"id\":6}")
            .startsWith("{\"t\":\"error\",\"id\":6,\"code\":1003"),
        client.connection.last());
  }

  @Test
  void revokeAuthentication_whenModifySession_thenTheSessionCloses() {
    Peer admin = new Peer("admin", "secret");
    Peer client = new Peer("client", "password");
    assertTrue(
        client
            .send("{\"t\":\"revokeAuthentication\",\"id\":1,\"session\":\"" + admin.id() + "\"}")
            .startsWith("{\"t\":\"error\",\"id\":1,\"code\":3001"),
        client.connection.last());
    assertTrue(admin.client.session().isOpen());
    assertEquals(
        "{\"t\":\"ok\",\"id\":2}",
        admin.send(
            "{\"t\":\"revokeAuthentication\",\"id\":2,\"session\":\"" + client.id() + "\"}"));
    assertFalse(client.client.session().isOpen());
    assertTrue(
        admin
            .send("{\"t\":\"revokeAuthentication\",\"id\":3,\"session\":\"" + client.id() + "\"}")
            .startsWith("{\"t\":\"error\",\"id\":3,\"code\":4004"),
        admin.connection.last());
  }

  private static String locks(int id) {
    return "{\"t\":\"getSessionLocks\",\"id\":" + id + "}";
  }

  private static String holder(String name, String session, long sequence, String server) {
    return "\""
        + name
        + "\":{\"sessionId\":\""
        + session
        + "\",\"sequence\":"
        + sequence
        + ",\"serverName\":\""
        + server
        + "\"}";
  }
}
