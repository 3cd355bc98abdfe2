package dev.osmosis.control;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.protocol.JsonTopicEncoder;
import dev.osmosis.security.AuthenticatorChain;
import dev.osmosis.security.MemorySecurityStorage;
import dev.osmosis.security.PasswordCheck;
import dev.osmosis.security.PasswordHasher;
import dev.osmosis.security.SecurityAudit;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.selector.TopicSelectors;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.session.SessionSettings;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.CloseReason;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A security store change's effects on live sessions (docs/SECURITY.md "Administration"). */
class SecurityEffectsTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));

  final AtomicReference<SecurityStore> store = new AtomicReference<>(TestSessions.store());
  final Sessions sessions =
      new Sessions(
          SessionSettings.defaults(),
          new SessionRegistry(),
          new AuthenticatorChain(List.of(), store::get),
          TestSessions.CLOCK);
  final Subscriptions subscriptions =
      new Subscriptions(
          new TopicTree(), new TopicSelectors(), store::get, JsonTopicEncoder.INSTANCE);
  final TopicControl topics = new TopicControl(subscriptions, store::get);
  final SecurityControl control =
      new SecurityControl(
          store,
          new MemorySecurityStorage(),
          new SecurityAudit.InMemory(),
          new PasswordHasher(1_000)::hash,
          PasswordCheck.PBKDF2,
          Clock.systemUTC(),
          () -> "n");

  {
    control.listen(new SecurityEffects(sessions.registry(), subscriptions::recheck));
  }

  Session open(String principal, String password, TestSessions.RecordingConnection connection) {
    return sessions.open(handshake(principal, password, Map.of()), connection);
  }

  static long count(TestSessions.RecordingConnection connection, String fragment) {
    return connection.sent.stream().filter(m -> m.contains(fragment)).count();
  }

  @Test
  void lostReadTopic_unsubscribesWithAuthorization_andRegainedSubscribesAgain() {
    topics.addAndSet(ADMIN, "a/x", TopicSpecification.of(TopicType.STRING), "v");
    TestSessions.RecordingConnection connection = new TestSessions.RecordingConnection();
    Session client = open("client", "password", connection);
    assertEquals(1, subscriptions.select(client, "?a/.*"));

    control.updateSecurityStore(ADMIN, "set path permissions \"CLIENT\" \"a\" [SELECT_TOPIC]");
    assertEquals(1, count(connection, "\"reason\":\"AUTHORIZATION\""));
    assertEquals(List.of("?a/.*"), subscriptions.selections(client), "the selection stays");

    control.updateSecurityStore(ADMIN, "remove path permissions \"CLIENT\" \"a\"");
    assertEquals(2, count(connection, "\"t\":\"subscribe\""), "subscribed again by its selection");
    assertTrue(client.isOpen());
  }

  @Test
  void lostSelectTopic_dropsTheSelection_andItsTopics() {
    topics.addAndSet(ADMIN, "a/x", TopicSpecification.of(TopicType.STRING), "v");
    topics.addAndSet(ADMIN, "b/x", TopicSpecification.of(TopicType.STRING), "v");
    TestSessions.RecordingConnection connection = new TestSessions.RecordingConnection();
    Session client = open("client", "password", connection);
    subscriptions.select(client, "?a/.*");
    subscriptions.select(client, "?b/.*");

    control.updateSecurityStore(ADMIN, "set path permissions \"CLIENT\" \"a\" [READ_TOPIC]");
    assertEquals(1, count(connection, "\"reason\":\"AUTHORIZATION\""));
    assertEquals(List.of("?b/.*"), subscriptions.selections(client));

    control.updateSecurityStore(ADMIN, "remove path permissions \"CLIENT\" \"a\"");
    assertEquals(2, count(connection, "\"t\":\"subscribe\""), "a dropped selection stays dropped");
  }

  @Test
  void removedPrincipal_closesItsSessionsOnly_andAPasswordChangeClosesNothing() {
    TestSessions.RecordingConnection clientConnection = new TestSessions.RecordingConnection();
    TestSessions.RecordingConnection adminConnection = new TestSessions.RecordingConnection();
    TestSessions.RecordingConnection anonymousConnection = new TestSessions.RecordingConnection();
    Session client = open("client", "password", clientConnection);
    Session admin = open("admin", "secret", adminConnection);
    Session anonymous = open(null, null, anonymousConnection);

    control.updateAuthenticationStore(ADMIN, "set password \"client\" \"other\"");
    assertTrue(client.isOpen());

    control.updateAuthenticationStore(ADMIN, "remove principal \"client\"");
    assertFalse(client.isOpen());
    assertEquals(List.of(CloseReason.ACCESS_DENIED), clientConnection.closes);
    assertEquals(
        List.of("principal client was removed from the security store"),
        clientConnection.closeMessages);
    assertTrue(admin.isOpen());
    assertTrue(anonymous.isOpen());
  }

  @Test
  void defaultRoles_applyAtTheNextAuthentication() {
    Session before = open("client", "password", new TestSessions.RecordingConnection());
    control.updateSecurityStore(
        ADMIN,
        "set global permissions \"AUDITOR\" [VIEW_SERVER]\n"
            + "set roles for named sessions [\"AUDITOR\"]\n"
            + "set global permissions \"GUEST\" []\n"
            + "set roles for anonymous sessions [\"GUEST\"]");
    assertEquals(Set.of("CLIENT"), before.roles(), "an existing session keeps its roles");
    Session named = open("client", "password", new TestSessions.RecordingConnection());
    assertEquals(Set.of("CLIENT", "AUDITOR"), named.roles());
    Session anonymous = open(null, null, new TestSessions.RecordingConnection());
    assertEquals(Set.of("CLIENT", "GUEST"), anonymous.roles());
  }

  @Test
  void assignedRoles_applyAtTheNextAuthentication() {
    Session before = open("client", "password", new TestSessions.RecordingConnection());
    control.updateAuthenticationStore(ADMIN, "assign roles \"client\" [\"ADMINISTRATOR\"]");
    assertEquals(Set.of("CLIENT"), before.roles());
    Session after = open("client", "password", new TestSessions.RecordingConnection());
    assertEquals(Set.of("ADMINISTRATOR"), after.roles());
  }

  @Test
  void trustedProperties_dropUntrustedAndInvalidProposals_defaultKeepsAll() {
    Map<String, String> proposed = Map.of("Department", "Admin", "Tier", "gold", "Team", "blue");
    Session untrusting =
        sessions.open(
            handshake("client", "password", proposed), new TestSessions.RecordingConnection());
    assertEquals("Admin", untrusting.properties().get("Department"), "default: as before");

    control.updateAuthenticationStore(
        ADMIN,
        "trust client proposed property \"Department\" matches \"Sales|Support\"\n"
            + "trust client proposed property \"Tier\" allows [\"gold\", \"silver\"]");
    Session trusting =
        sessions.open(
            handshake("client", "password", proposed), new TestSessions.RecordingConnection());
    assertEquals(null, trusting.properties().get("Department"), "fails its regex");
    assertEquals("gold", trusting.properties().get("Tier"));
    assertEquals(null, trusting.properties().get("Team"), "not trusted");
    Session sales =
        sessions.open(
            handshake("client", "password", Map.of("Department", "Sales")),
            new TestSessions.RecordingConnection());
    assertEquals("Sales", sales.properties().get("Department"));
  }

  @Test
  void abstainOnAnonymous_withNoOtherAuthenticator_refusesAnonymousSessions() {
    control.updateAuthenticationStore(ADMIN, "abstain anonymous connections");
    dev.osmosis.session.HandshakeRefusedException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.osmosis.session.HandshakeRefusedException.class,
            () -> open(null, null, new TestSessions.RecordingConnection()));
    assertEquals(CloseReason.ACCESS_DENIED, refused.reason());
    assertTrue(open("client", "password", new TestSessions.RecordingConnection()).isOpen());
  }

  @Test
  void isolatedPath_takesReadAwayFromALiveSubscriber() {
    topics.addAndSet(ADMIN, "private/x", TopicSpecification.of(TopicType.STRING), "v");
    TestSessions.RecordingConnection connection = new TestSessions.RecordingConnection();
    Session client = open("client", "password", connection);
    subscriptions.select(client, "?private/.*");
    control.updateSecurityStore(ADMIN, "isolate path \"private\"");
    assertEquals(1, count(connection, "\"reason\":\"AUTHORIZATION\""));
    assertEquals(List.of(), subscriptions.selections(client), "SELECT_TOPIC went too");
  }
}
