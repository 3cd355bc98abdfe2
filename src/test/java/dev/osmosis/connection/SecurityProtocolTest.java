package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.control.SecurityControl;
import dev.osmosis.protocol.ClientFrame;
import dev.osmosis.protocol.FrameCodec;
import dev.osmosis.security.MemorySecurityStorage;
import dev.osmosis.security.PasswordCheck;
import dev.osmosis.security.PasswordHasher;
import dev.osmosis.security.SecurityAudit;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The security administration messages (PROTOCOL.md §14) through the protocol state machine. */
class SecurityProtocolTest {
  static final PasswordHasher FAST = new PasswordHasher(1_000);

  final Sessions sessions = TestSessions.sessions();
  final Subscriptions subscriptions = TestSessions.subscriptions();
  final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);
  final AtomicReference<SecurityStore> store = new AtomicReference<>(TestSessions.store());
  final SecurityAudit.InMemory audit = new SecurityAudit.InMemory();
  final SecurityControl security =
      new SecurityControl(
          store,
          new MemorySecurityStorage(),
          audit,
          FAST::hash,
          PasswordCheck.PBKDF2,
          TestSessions.CLOCK,
          () -> "node-a");

  /** A login pool whose tasks run when the test says so. */
  final Queue<Runnable> pool = new ArrayDeque<>();

  final class Peer extends ProtocolPeer {
    Peer(String principal, String password) {
      this(principal, password, true);
    }

    Peer(String principal, String password, boolean enabled) {
      super(
          sessions,
          subscriptions,
          topics,
          client -> {
            if (enabled) {
              client.security(security);
            }
          },
          principal,
          password);
    }
  }

  static String update(String type, int id, String script) {
    return "{\"t\":\""
        + type
        + "\",\"id\":"
        + id
        + ",\"script\":\""
        + script.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
        + "\"}";
  }

  @Test
  void getSecurityConfiguration_whenViewSecurity_thenDiffusionShapeSorted() {
    Peer admin = new Peer("admin", "secret");
    assertEquals(
        "{\"t\":\"ok\",\"id\":1,\"configuration\":{\"named\":[],\"anonymous\":[],\"roles\":["
            + "{\"name\":\"ADMINISTRATOR\",\"global\":[\"AUTHENTICATE\",\"CONTROL_SERVER\","
            + "\"MODIFY_SECURITY\",\"MODIFY_SESSION\",\"MODIFY_TOPIC_VIEWS\",\"READ_TOPIC_VIEWS\","
            + "\"REGISTER_HANDLER\",\"VIEW_SECURITY\",\"VIEW_SERVER\",\"VIEW_SESSION\"],\"default\":["
            + "\"ACQUIRE_LOCK\",\"EDIT_OWN_TIME_SERIES_EVENTS\",\"EDIT_TIME_SERIES_EVENTS\","
            + "\"EXPOSE_BRANCH\",\"MODIFY_TOPIC\",\"QUERY_OBSOLETE_TIME_SERIES_EVENTS\",\"READ_TOPIC\","
            + "\"SELECT_TOPIC\",\"SEND_TO_MESSAGE_HANDLER\",\"SEND_TO_SESSION\",\"UPDATE_TOPIC\"],"
            + "\"topic\":{},\"roles\":[\"CLIENT\"]},"
            + "{\"name\":\"CLIENT\",\"global\":[],\"default\":[\"READ_TOPIC\",\"SELECT_TOPIC\"],"
            + "\"topic\":{\"secret\":[]},\"roles\":[]}],\"isolatedPaths\":[]}}",
        admin.send("{\"t\":\"getSecurityConfiguration\",\"id\":1}"));
  }

  @Test
  void updateAuthenticationStore_whenAdmin_thenOk_andTheStoreListsThePrincipalWithoutAHash() {
    Peer admin = new Peer("admin", "secret");
    assertEquals(
        "{\"t\":\"ok\",\"id\":2}",
        admin.send(
            update(
                "updateAuthenticationStore",
                2,
                "add principal \"alice\" \"s3cret\" [\"CLIENT\"]\n"
                    + "trust client proposed property \"Tier\" allows [\"gold\"]\n"
                    + "trust client proposed property \"Dept\" matches \"S.*\"")));
    String answer = admin.send("{\"t\":\"getSystemAuthenticationConfiguration\",\"id\":3}");
    assertEquals(
        "{\"t\":\"ok\",\"id\":3,\"configuration\":{\"principals\":["
            + "{\"name\":\"admin\",\"roles\":[\"ADMINISTRATOR\"]},"
            + "{\"name\":\"alice\",\"roles\":[\"CLIENT\"]},"
            + "{\"name\":\"client\",\"roles\":[\"CLIENT\"]}],"
            + "\"anonymous\":{\"action\":\"allow\",\"roles\":[\"CLIENT\"]},"
            + "\"trustedClientProposedProperties\":{\"Dept\":{\"type\":\"matches\",\"regex\":\"S.*\"},"
            + "\"Tier\":{\"type\":\"values\",\"values\":[\"gold\"]}}}}",
        answer);
    assertFalse(answer.contains("s3cret"), answer);
    assertEquals(1, audit.after(0, 10).size());
    assertFalse(audit.after(0, 10).get(0).script().contains("s3cret"));
  }

  @Test
  void requests_whenPermissionMissing_then3001NamingIt() {
    Peer anonymous = new Peer(null, null);
    String read = anonymous.send("{\"t\":\"getSystemAuthenticationConfiguration\",\"id\":4}");
    assertTrue(read.contains("\"code\":3001") && read.contains("VIEW_SECURITY"), read);
    String change = anonymous.send(update("updateSecurityStore", 5, "isolate path \"a\""));
    assertTrue(
        change.startsWith("{\"t\":\"error\",\"id\":5,\"code\":3001")
            && change.contains("MODIFY_SECURITY"),
        change);
  }

  @Test
  void update_whenScriptWrong_then4001WithTheLine_andNothingChanged() {
    Peer admin = new Peer("admin", "secret");
    SecurityStore before = store.get();
    String answer =
        admin.send(
            update(
                "updateSecurityStore",
                6,
                "isolate path \"a\"\nset default path permissions \"CLIENT\" [READ_TOPICS]"));
    assertTrue(
        answer.startsWith("{\"t\":\"error\",\"id\":6,\"code\":4001") && answer.contains("line 2"),
        answer);
    assertTrue(store.get() == before, "nothing changed");
  }

  @Test
  void update_whenScriptMissingOrNotAString_then1003() {
    Peer admin = new Peer("admin", "secret");
    String missing = admin.send("{\"t\":\"updateSecurityStore\",\"id\":7}");
    assertTrue(missing.startsWith("{\"t\":\"error\",\"id\":7,\"code\":1003"), missing);
    String number = admin.send("{\"t\":\"updateAuthenticationStore\",\"id\":8,\"script\":3}");
    assertTrue(number.startsWith("{\"t\":\"error\",\"id\":8,\"code\":1003"), number);
  }

  @Test
  void requests_whenNotEnabled_then1002AsAnUnknownType() {
    Peer admin = new Peer("admin", "secret", false);
    String answer = admin.send("{\"t\":\"getSecurityConfiguration\",\"id\":9}");
    assertTrue(answer.startsWith("{\"t\":\"error\",\"id\":9,\"code\":1002"), answer);
  }

  @Test
  void update_onTheLoginPool_oneAtATimePerConnection() {
    Peer admin = new Peer("admin", "secret");
    admin.client.logins(pool::add);
    assertEquals(null, admin.send(update("updateSecurityStore", 10, "isolate path \"a\"")));
    String second = admin.send(update("updateSecurityStore", 11, "isolate path \"b\""));
    assertTrue(second.startsWith("{\"t\":\"error\",\"id\":11,\"code\":4029"), second);
    assertEquals(1, pool.size());
    pool.poll().run();
    assertEquals("{\"t\":\"ok\",\"id\":10}", admin.connection.last());
    admin.send(update("updateSecurityStore", 12, "isolate path \"b\""));
    pool.poll().run();
    assertEquals("{\"t\":\"ok\",\"id\":12}", admin.connection.last());
    assertEquals(
        java.util.List.of("a", "b"),
        security
            .securityConfiguration(
                new dev.osmosis.control.Caller("admin", java.util.Set.of("ADMINISTRATOR")))
            .isolatedPaths());
  }

  @Test
  void frames_whenPrinted_thenNoScript() {
    ClientFrame frame =
        FrameCodec.decode(update("updateAuthenticationStore", 13, "set password \"a\" \"hunter2\""))
            .get(0);
    assertTrue(frame instanceof ClientFrame.UpdateAuthenticationStore, frame.toString());
    assertFalse(frame.toString().contains("hunter2"), frame.toString());
  }
}
