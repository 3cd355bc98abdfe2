package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The security feature (PROTOCOL.md §14) driven by a fake transport, and its script builders' text.
 */
class SecurityClientTest {

  final ClientSession session = new ClientSession(Osmosis.sessions().config(), Runnable::run);
  final Connection connection = session.connection();
  final FakeTransport transport = new FakeTransport(connection);
  final Security security = session.security();

  SecurityClientTest() {
    connection.start(transport);
    connection.onText(ConnectionTest.CONNECTED);
  }

  private long lastId() {
    return (Long) transport.lastSent().get("id");
  }

  private static <T> T result(CompletableFuture<T> future) throws Exception {
    return future.get(1, TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------ builders

  @Test
  void securityScriptBuilder_whenEveryCommand_thenOneLineEachInOrder() {
    String script =
        security
            .securityScriptBuilder()
            .setRolesForAnonymousSessions(List.of("CLIENT"))
            .setRolesForNamedSessions(List.of())
            .setGlobalPermissions("OPERATOR", List.of("VIEW_SESSION", "VIEW_SERVER"))
            .setDefaultPathPermissions("CLIENT", List.of("SELECT_TOPIC", "READ_TOPIC"))
            .setPathPermissions("CLIENT", "secret", List.of())
            .removePathPermissions("CLIENT", "secret")
            .setRoleIncludes("OPERATOR", List.of("CLIENT"))
            .isolatePath("private")
            .deisolatePath("private")
            .removeRole("OLD")
            .build();
    assertEquals(
        String.join(
            "\n",
            "set roles for anonymous sessions [\"CLIENT\"]",
            "set roles for named sessions []",
            "set global permissions \"OPERATOR\" [VIEW_SESSION, VIEW_SERVER]",
            "set default path permissions \"CLIENT\" [SELECT_TOPIC, READ_TOPIC]",
            "set path permissions \"CLIENT\" \"secret\" []",
            "remove path permissions \"CLIENT\" \"secret\"",
            "set role includes \"OPERATOR\" [\"CLIENT\"]",
            "isolate path \"private\"",
            "deisolate path \"private\"",
            "remove role \"OLD\""),
        script);
  }

  @Test
  void authenticationScriptBuilder_whenEveryCommand_thenOneLineEachInOrder() {
    String script =
        security
            .authenticationScriptBuilder()
            .addPrincipal("alice", "s3cret", List.of("CLIENT", "TRADER"))
            .addPrincipal("bob", "pw", List.of("CLIENT"), "admin")
            .removePrincipal("alice")
            .assignRoles("bob", List.of("CLIENT"))
            .setPassword("bob", "newpw")
            .verifyPassword("bob", "newpw")
            .allowAnonymousConnections(List.of("CLIENT"))
            .allowAnonymousConnections()
            .denyAnonymousConnections()
            .abstainAnonymousConnections()
            .trustClientProposedPropertyMatches("Department", "Sales|Support")
            .trustClientProposedPropertyIn("Tier", List.of("gold", "silver"))
            .ignoreClientProposedProperty("Tier")
            .build();
    assertEquals(
        String.join(
            "\n",
            "add principal \"alice\" \"s3cret\" [\"CLIENT\", \"TRADER\"]",
            "add principal \"bob\" \"pw\" [\"CLIENT\"] locked by \"admin\"",
            "remove principal \"alice\"",
            "assign roles \"bob\" [\"CLIENT\"]",
            "set password \"bob\" \"newpw\"",
            "verify password \"bob\" \"newpw\"",
            "allow anonymous connections [\"CLIENT\"]",
            "allow anonymous connections []",
            "deny anonymous connections",
            "abstain anonymous connections",
            "trust client proposed property \"Department\" matches \"Sales|Support\"",
            "trust client proposed property \"Tier\" allows [\"gold\", \"silver\"]",
            "ignore client proposed property \"Tier\""),
        script);
  }

  @Test
  void builder_whenStepped_thenEarlierBuilderUnchanged() {
    SystemAuthenticationScriptBuilder empty = security.authenticationScriptBuilder();
    SystemAuthenticationScriptBuilder one = empty.removePrincipal("a");
    SystemAuthenticationScriptBuilder branch = one.removePrincipal("b");
    SystemAuthenticationScriptBuilder other = one.removePrincipal("c");
    assertEquals("", empty.build());
    assertEquals("remove principal \"a\"", one.build());
    assertEquals("remove principal \"a\"\nremove principal \"b\"", branch.build());
    assertEquals("remove principal \"a\"\nremove principal \"c\"", other.build());
  }

  @Test
  void builder_whenQuotesAndBackslashes_thenEscaped() {
    assertEquals(
        "add principal \"a\\\"b\" \"p\\\\w\\\"\" [\"R\\\"1\"]",
        security
            .authenticationScriptBuilder()
            .addPrincipal("a\"b", "p\\w\"", List.of("R\"1"))
            .build());
    assertEquals(
        "trust client proposed property \"P\" matches \"\\\\d+\"",
        security
            .authenticationScriptBuilder()
            .trustClientProposedPropertyMatches("P", "\\d+")
            .build());
  }

  @Test
  void builder_whenLineBreakOrBadPermission_thenRefusedBeforeSending() {
    SecurityScriptBuilder builder = security.securityScriptBuilder();
    assertThrows(
        IllegalArgumentException.class, () -> builder.isolatePath("a\nremove role \"ADMIN\""));
    assertThrows(
        IllegalArgumentException.class,
        () -> builder.setGlobalPermissions("R", List.of("VIEW_SERVER] x")));
    assertThrows(
        IllegalArgumentException.class,
        () -> builder.setGlobalPermissions("R", List.of("view_server")));
    assertThrows(NullPointerException.class, () -> builder.setRoleIncludes(null, List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> security.authenticationScriptBuilder().setPassword("a", "x\r\ny"));
  }

  @Test
  void authenticationBuilder_toString_thenNoPassword() {
    String text =
        security.authenticationScriptBuilder().addPrincipal("a", "hunter2", List.of()).toString();
    assertTrue(!text.contains("hunter2"), text);
  }

  // ------------------------------------------------------------ requests and answers

  @Test
  void ownPermissionsAndRevoke_whenAnswered_thenDecoded() throws Exception {
    CompletableFuture<Set<String>> global = security.getGlobalPermissions();
    assertEquals("getGlobalPermissions", transport.lastSent().get("t"));
    connection.onText(
        "{\"t\":\"ok\",\"id\":"
            + lastId()
            + ",\"permissions\":[\"VIEW_SERVER\",\"VIEW_SESSION\"]}");
    assertEquals(List.of("VIEW_SERVER", "VIEW_SESSION"), List.copyOf(result(global)));
    CompletableFuture<Set<String>> path = security.getPathPermissions("a/b");
    assertEquals("a/b", transport.lastSent().get("path"));
    connection.onText("{\"t\":\"ok\",\"id\":" + lastId() + ",\"permissions\":[\"READ_TOPIC\"]}");
    assertEquals(Set.of("READ_TOPIC"), result(path));
    SessionId other = SessionId.of("0000000000000001-0000000000000002");
    CompletableFuture<Void> revoke = security.revokeAuthentication(other);
    assertEquals("revokeAuthentication", transport.lastSent().get("t"));
    assertEquals(other.toString(), transport.lastSent().get("session"));
    connection.onText("{\"t\":\"ok\",\"id\":" + lastId() + "}");
    assertNull(result(revoke));
  }

  @Test
  void getSessionLocks_whenAnswered_thenHoldersByName() throws Exception {
    SessionId holder = SessionId.of("0000000000000001-0000000000000002");
    String locks =
        ",\"locks\":{\"a\":{\"sessionId\":\""
            + holder
            + "\",\"sequence\":7,\"serverName\":\"osmosis\"}}}";
    CompletableFuture<Map<String, SessionLockDetails>> all =
        session.clientControl().getSessionLocks();
    assertEquals("getSessionLocks", transport.lastSent().get("t"));
    connection.onText("{\"t\":\"ok\",\"id\":" + lastId() + locks);
    assertEquals(Map.of("a", new SessionLockDetails("osmosis", holder, 7)), result(all));
    CompletableFuture<java.util.Optional<SessionLockDetails>> one =
        session.clientControl().getSessionLock("a");
    assertEquals("a", transport.lastSent().get("name"));
    connection.onText("{\"t\":\"ok\",\"id\":" + lastId() + locks);
    assertEquals(holder, result(one).orElseThrow().sessionId());
    CompletableFuture<java.util.Optional<SessionLockDetails>> none =
        session.clientControl().getSessionLock("b");
    connection.onText("{\"t\":\"ok\",\"id\":" + lastId() + ",\"locks\":{}}");
    assertTrue(result(none).isEmpty());
  }

  @Test
  void getSecurityConfiguration_whenAnswered_thenDiffusionShapeDecoded() throws Exception {
    CompletableFuture<Security.SecurityConfiguration> future = security.getSecurityConfiguration();
    assertEquals("getSecurityConfiguration", transport.lastSent().get("t"));
    connection.onText(
        "{\"t\":\"ok\",\"id\":"
            + lastId()
            + ",\"configuration\":{\"named\":[\"CLIENT\"],\"anonymous\":[],"
            + "\"roles\":[{\"name\":\"CLIENT\",\"global\":[],\"default\":[\"READ_TOPIC\"],"
            + "\"topic\":{\"secret\":[]},\"roles\":[\"BASE\"]},"
            + "{\"name\":\"ADMIN\",\"global\":[\"MODIFY_SECURITY\"],\"default\":[],\"topic\":{},"
            + "\"roles\":[],\"lockingPrincipal\":\"admin\"}],\"isolatedPaths\":[\"private\"]}}");
    Security.SecurityConfiguration configuration = result(future);
    assertEquals(List.of("CLIENT"), configuration.named());
    assertEquals(List.of(), configuration.anonymous());
    assertEquals(List.of("private"), configuration.isolatedPaths());
    Security.Role client = configuration.role("CLIENT");
    assertEquals(Set.of("READ_TOPIC"), client.defaultPath());
    assertEquals(Map.of("secret", Set.of()), client.paths());
    assertEquals(Set.of("BASE"), client.includes());
    assertNull(client.lockingPrincipal());
    assertEquals("admin", configuration.role("ADMIN").lockingPrincipal());
    assertEquals(Set.of("MODIFY_SECURITY"), configuration.role("ADMIN").global());
  }

  @Test
  void getSystemAuthenticationConfiguration_whenAnswered_thenDiffusionShapeDecoded()
      throws Exception {
    CompletableFuture<Security.SystemAuthenticationConfiguration> future =
        security.getSystemAuthenticationConfiguration();
    assertEquals("getSystemAuthenticationConfiguration", transport.lastSent().get("t"));
    connection.onText(
        "{\"t\":\"ok\",\"id\":"
            + lastId()
            + ",\"configuration\":{\"principals\":[{\"name\":\"alice\",\"roles\":[\"CLIENT\"]},"
            + "{\"name\":\"bob\",\"roles\":[],\"lockingPrincipal\":\"admin\"}],"
            + "\"anonymous\":{\"action\":\"deny\",\"roles\":[]},"
            + "\"trustedClientProposedProperties\":{\"Department\":{\"type\":\"matches\","
            + "\"regex\":\"Sales|Support\"},\"Tier\":{\"type\":\"values\",\"values\":[\"gold\"]}}}}");
    Security.SystemAuthenticationConfiguration configuration = result(future);
    assertEquals(Set.of("CLIENT"), configuration.principal("alice").roles());
    assertEquals("admin", configuration.principal("bob").lockingPrincipal());
    assertEquals(new Security.AnonymousConfiguration("deny", List.of()), configuration.anonymous());
    assertEquals(
        new Security.PropertyValidation("matches", "Sales|Support", List.of()),
        configuration.trustedClientProposedProperties().get("Department"));
    assertEquals(
        new Security.PropertyValidation("values", null, List.of("gold")),
        configuration.trustedClientProposedProperties().get("Tier"));
  }

  @Test
  void updateStores_whenScriptSent_thenOkCompletesAndErrorFails() throws Exception {
    CompletableFuture<Void> update = security.updateSecurityStore("isolate path \"a\"");
    assertEquals("updateSecurityStore", transport.lastSent().get("t"));
    assertEquals("isolate path \"a\"", transport.lastSent().get("script"));
    connection.onText("{\"t\":\"ok\",\"id\":" + lastId() + "}");
    assertNull(result(update));

    CompletableFuture<Void> refused = security.updateAuthenticationStore("remove principal");
    assertEquals("updateAuthenticationStore", transport.lastSent().get("t"));
    connection.onText(
        "{\"t\":\"error\",\"id\":"
            + lastId()
            + ",\"code\":4001,\"message\":\"line 1, column 17: a principal name is missing\"}");
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> refused.get(1, TimeUnit.SECONDS));
    SessionException cause = assertInstanceOf(SessionException.class, e.getCause());
    assertEquals(4001, cause.getCode());
    assertTrue(cause.getMessage().contains("line 1"));
  }
}
