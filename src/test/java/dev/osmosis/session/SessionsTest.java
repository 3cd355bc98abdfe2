package dev.osmosis.session;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.filter.SessionFilter;
import dev.osmosis.security.AuthenticationResult;
import dev.osmosis.security.Authenticator;
import dev.osmosis.wire.CloseReason;
import java.util.HashMap;
import java.util.List;
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
    assertEquals("", p.get("$GatewayType"));
    assertEquals("", p.get("$GatewayId"));
    assertFalse(p.containsKey("$MQTTClientId"), "no MQTT gateway");
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

  @Test
  void open_whenHttpLongPolling_thenConnectorIsThePollingOne() {
    Sessions sessions = TestSessions.sessions();
    Session polling =
        sessions.open(
            new Handshake("JAVA", null, null, Map.of(), Transport.HTTP_LONG_POLL, "10.0.0.7", -1),
            connection);
    Session websocket = sessions.open(handshake(null, null, Map.of()), connection);

    assertEquals("client-http-polling", polling.property("$Connector"));
    assertEquals("HTTP_LONG_POLL", polling.property("$Transport"));
    assertEquals("client-websocket", websocket.property("$Connector"));
    SessionFilter byConnector = SessionFilter.parse("$Connector is 'client-http-polling'");
    assertTrue(byConnector.matches(polling));
    assertFalse(byConnector.matches(websocket));
    SessionFilter direct = SessionFilter.parse("has $GatewayType and $GatewayType is ''");
    assertTrue(direct.matches(polling));
    assertTrue(direct.matches(websocket));
  }

  @Test
  void open_whenConnectorNamesConfigured_thenEachTransportGetsItsOwn() {
    SessionSettings settings =
        new SessionSettings(
            "osmosis", "ws-public", java.time.Duration.ofSeconds(60), "poll-public");
    assertEquals("ws-public", settings.connector(Transport.WEBSOCKET));
    assertEquals("poll-public", settings.connector(Transport.HTTP_LONG_POLL));
  }

  @Test
  void open_whenAuthenticatorSetsLocation_thenFixedPropertiesChangedAndFilterable() {
    Sessions sessions =
        TestSessions.sessions(
            request ->
                AuthenticationResult.allow()
                    .withFixedProperties(
                        Map.of(
                            "$Country", "NZ",
                            "$Language", "en",
                            "$Latitude", "-41.29",
                            "$Longitude", "174.78")));
    Session s = sessions.open(handshake("anyone", "x", Map.of()), connection);

    assertEquals("NZ", s.property("$Country"));
    assertEquals("en", s.property("$Language"));
    assertEquals("-41.29", s.property("$Latitude"));
    assertEquals("174.78", s.property("$Longitude"));
    assertEquals("10.0.0.7", s.property("$ClientIP"));
    assertTrue(SessionFilter.parse("$Country is 'NZ' and $Language eq 'en'").matches(s));
  }

  @Test
  void open_whenAuthenticatorSetsAServerOnlyFixedProperty_thenHandshakeRejected() {
    for (String key :
        List.of(
            "$ClientIP",
            "$ClientType",
            "$Connector",
            "$GatewayType",
            "$GatewayId",
            "$MQTTClientId",
            "$Principal",
            "$Roles",
            "$ServerName",
            "$SessionId",
            "$StartTime",
            "$Transport")) {
      Sessions sessions =
          TestSessions.sessions(
              request -> AuthenticationResult.allow().withFixedProperties(Map.of(key, "x")));
      HandshakeRefusedException e =
          assertThrows(
              HandshakeRefusedException.class,
              () -> sessions.open(handshake("anyone", "x", Map.of()), connection),
              key);
      assertEquals(CloseReason.HANDSHAKE_REJECTED, e.reason(), key);
      assertTrue(e.getMessage().contains("'" + key + "' may not be set"), e.getMessage());
    }
  }

  @Test
  void open_whenAuthenticatorSetsBadCoordinates_thenHandshakeRejected() {
    for (Map<String, String> bad :
        List.of(
            Map.of("$Latitude", "91"),
            Map.of("$Latitude", "Infinity"),
            Map.of("$Longitude", "-180.5"),
            Map.of("$Longitude", "1e3"),
            Map.of("$Country", "x".repeat(65)))) {
      Sessions sessions =
          TestSessions.sessions(request -> AuthenticationResult.allow().withFixedProperties(bad));
      HandshakeRefusedException e =
          assertThrows(
              HandshakeRefusedException.class,
              () -> sessions.open(handshake("anyone", "x", Map.of()), connection),
              bad.toString());
      assertEquals(CloseReason.HANDSHAKE_REJECTED, e.reason());
    }
  }

  @Test
  void changePrincipal_whenAuthenticatorSetsLocation_thenFixedPropertiesChange() {
    Authenticator locating =
        request ->
            request.principal().equals("traveller")
                ? AuthenticationResult.allow()
                    .withFixedProperties(Map.of("$Country", "FR", "$Language", "fr"))
                : AuthenticationResult.abstain();
    Sessions sessions = TestSessions.sessions(locating);
    Session s = sessions.open(handshake("client", "password", Map.of()), connection);
    String started = s.property("$StartTime");
    assertEquals("", s.property("$Country"));

    assertNull(sessions.changePrincipal(s, "traveller", "any"));

    assertEquals("FR", s.property("$Country"));
    assertEquals("fr", s.property("$Language"));
    assertEquals("traveller", s.property("$Principal"));
    assertEquals(started, s.property("$StartTime"));
    assertTrue(SessionFilter.parse("$Country is 'FR'").matches(s));
  }

  @Test
  void changePrincipal_whenAuthenticatorSetsAServerOnlyFixedProperty_thenRefusedAndUnchanged() {
    Sessions sessions =
        TestSessions.sessions(
            request ->
                request.principal().equals("spoofer")
                    ? AuthenticationResult.allow()
                        .withFixedProperties(Map.of("$Country", "FR", "$ClientIP", "1.2.3.4"))
                    : AuthenticationResult.abstain());
    Session s = sessions.open(handshake("client", "password", Map.of()), connection);

    String refusal = sessions.changePrincipal(s, "spoofer", "any");

    assertTrue(refusal != null && refusal.contains("'$ClientIP' may not be set"), refusal);
    assertEquals("client", s.principal());
    assertEquals("10.0.0.7", s.property("$ClientIP"));
    assertEquals("", s.property("$Country"));
  }
}
