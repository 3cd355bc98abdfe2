package dev.osmosis.session;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.security.AuthenticationResult;
import dev.osmosis.wire.CloseReason;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionsTest {
  final TestSessions.RecordingConnection connection = new TestSessions.RecordingConnection();

  @Test
  void open_whenValidPrincipal_thenEveryFixedPropertyAssigned() {
    Sessions sessions = TestSessions.sessions();
    Session s =
        sessions.open(
            handshake("client", "password", Map.of("Department", "Accounts")), connection);

    Map<String, String> p = s.properties();
    assertEquals(s.id().toString(), p.get("$SessionId"));
    assertEquals("10.0.0.7", p.get("$ClientIP"));
    assertEquals("JAVA", p.get("$ClientType"));
    assertEquals("client-websocket", p.get("$Connector"));
    assertEquals("", p.get("$Country"));
    assertEquals("", p.get("$Language"));
    assertEquals("NaN", p.get("$Latitude"));
    assertEquals("NaN", p.get("$Longitude"));
    assertEquals("client", p.get("$Principal"));
    assertEquals("\"CLIENT\"", p.get("$Roles"));
    assertEquals("osmosis", p.get("$ServerName"));
    assertEquals(Long.toString(TestSessions.CLOCK.millis()), p.get("$StartTime"));
    assertEquals("WEBSOCKET", p.get("$Transport"));
    assertEquals("Accounts", p.get("Department"));
    assertEquals(Set.of("CLIENT"), s.roles());
    assertEquals(SessionState.CONNECTED_ACTIVE, s.state());
    assertTrue(sessions.registry().get(s.id()).isPresent());
  }

  @Test
  void open_whenTwice_thenIdsAndTokensDiffer() {
    Sessions sessions = TestSessions.sessions();
    Session a = sessions.open(handshake(null, null, Map.of()), connection);
    Session b = sessions.open(handshake(null, null, Map.of()), connection);
    assertNotEquals(a.id(), b.id());
    assertNotEquals(a.token(), b.token());
    assertTrue(a.token().length() >= 43, "256 bits");
    assertEquals("", a.principal());
  }

  @Test
  void open_whenWrongPassword_thenAccessDeniedAndNothingRegistered() {
    Sessions sessions = TestSessions.sessions();
    HandshakeRefusedException e =
        assertThrows(
            HandshakeRefusedException.class,
            () -> sessions.open(handshake("client", "nope", Map.of()), connection));
    assertEquals(CloseReason.ACCESS_DENIED, e.reason());
    assertEquals(0, sessions.registry().size());
  }

  @Test
  void open_whenInvalidUserPropertyKey_thenHandshakeRejectedNamingIt() {
    Sessions sessions = TestSessions.sessions();
    for (String key :
        new String[] {"", "a b", "tab\t", "q\"", "q'", "(x", "x)", "cr\r", "lf\n", "$Fixed"}) {
      HandshakeRefusedException e =
          assertThrows(
              HandshakeRefusedException.class,
              () -> sessions.open(handshake(null, null, Map.of(key, "v")), connection),
              key);
      assertEquals(CloseReason.HANDSHAKE_REJECTED, e.reason(), key);
    }
  }

  @Test
  void open_whenTooManyProperties_thenHandshakeRejected() {
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i <= SessionProperties.MAX_USER_PROPERTIES; i++) {
      many.put("k" + i, "v");
    }
    HandshakeRefusedException e =
        assertThrows(
            HandshakeRefusedException.class,
            () -> TestSessions.sessions().open(handshake(null, null, many), connection));
    assertTrue(e.getMessage().contains("at most"), e.getMessage());
  }

  @Test
  void open_whenUnknownClientType_thenHandshakeRejected() {
    HandshakeRefusedException e =
        assertThrows(
            HandshakeRefusedException.class,
            () ->
                TestSessions.sessions()
                    .open(
                        new Handshake("TOASTER", null, null, Map.of(), Transport.WEBSOCKET, "", -1),
                        connection));
    assertEquals(CloseReason.HANDSHAKE_REJECTED, e.reason());
    assertTrue(e.getMessage().contains("TOASTER"));
  }

  @Test
  void open_whenAuthenticatorChangesPropertiesAndRoles_thenSessionHasThem() {
    Sessions sessions =
        TestSessions.sessions(
            request ->
                new AuthenticationResult.Allow(Map.of("Tier", "gold"), Set.of("CLIENT", "VIP")));
    Session s = sessions.open(handshake("anyone", "x", Map.of("Tier", "free")), connection);
    assertEquals("gold", s.property("Tier"));
    assertEquals(Set.of("CLIENT", "VIP"), s.roles());
    assertEquals("\"CLIENT\",\"VIP\"", s.property("$Roles"));
  }

  @Test
  void open_whenAuthenticatorSetsInvalidProperty_thenHandshakeRejected() {
    Sessions sessions =
        TestSessions.sessions(
            request -> new AuthenticationResult.Allow(Map.of("bad key", "v"), null));
    HandshakeRefusedException e =
        assertThrows(
            HandshakeRefusedException.class,
            () -> sessions.open(handshake("anyone", "x", Map.of()), connection));
    assertEquals(CloseReason.HANDSHAKE_REJECTED, e.reason());
  }

  @Test
  void changePrincipal_whenAccepted_thenPrincipalRolesChangeFixedStay() {
    Sessions sessions = TestSessions.sessions();
    Session s =
        sessions.open(
            handshake("client", "password", Map.of("Department", "Accounts")), connection);
    String startTime = s.property("$StartTime");

    assertNull(sessions.changePrincipal(s, "admin", "secret"));

    assertEquals("admin", s.principal());
    assertEquals("admin", s.property("$Principal"));
    assertEquals("\"ADMINISTRATOR\"", s.property("$Roles"));
    assertEquals(startTime, s.property("$StartTime"));
    assertEquals("Accounts", s.property("Department"));
  }

  @Test
  void changePrincipal_whenRefused_thenNothingChanges() {
    Sessions sessions = TestSessions.sessions();
    Session s = sessions.open(handshake("client", "password", Map.of()), connection);
    assertTrue(sessions.changePrincipal(s, "admin", "wrong") != null);
    assertEquals("client", s.principal());
    assertEquals(Set.of("CLIENT"), s.roles());
  }

  @Test
  void grantedReconnectTimeout_thenCappedByServerMaximum() {
    Sessions sessions = TestSessions.sessions();
    assertEquals(5_000, sessions.grantedReconnectTimeout(5_000));
    assertEquals(60_000, sessions.grantedReconnectTimeout(600_000));
    assertEquals(60_000, sessions.grantedReconnectTimeout(-1));
  }
}
