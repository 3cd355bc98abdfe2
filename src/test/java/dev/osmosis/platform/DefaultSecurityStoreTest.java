package dev.osmosis.platform;

import static dev.osmosis.security.GlobalPermission.AUTHENTICATE;
import static dev.osmosis.security.GlobalPermission.CONTROL_SERVER;
import static dev.osmosis.security.GlobalPermission.MODIFY_SECURITY;
import static dev.osmosis.security.GlobalPermission.MODIFY_SESSION;
import static dev.osmosis.security.GlobalPermission.REGISTER_HANDLER;
import static dev.osmosis.security.GlobalPermission.VIEW_SECURITY;
import static dev.osmosis.security.GlobalPermission.VIEW_SERVER;
import static dev.osmosis.security.GlobalPermission.VIEW_SESSION;
import static dev.osmosis.security.PathPermission.MODIFY_TOPIC;
import static dev.osmosis.security.PathPermission.READ_TOPIC;
import static dev.osmosis.security.PathPermission.SELECT_TOPIC;
import static dev.osmosis.security.PathPermission.SEND_TO_SESSION;
import static dev.osmosis.security.PathPermission.UPDATE_TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.security.AuthenticationOutcome;
import dev.osmosis.security.AuthenticationRequest;
import dev.osmosis.security.AuthenticatorChain;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.SecurityPolicy;
import dev.osmosis.security.SecurityStore;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The development defaults, as Diffusion ships them. Slow-ish: real 210,000-iteration hashes. */
class DefaultSecurityStoreTest {
  private static final SecurityStore STORE = SecurityStoreFile.defaults();
  private static final SecurityPolicy POLICY = STORE.policy();
  private final AuthenticatorChain chain = new AuthenticatorChain(List.of(), () -> STORE);

  private Set<String> rolesOf(String principal, String password) {
    AuthenticationOutcome outcome =
        chain.authenticate(AuthenticationRequest.of(principal, password));
    return ((AuthenticationOutcome.Granted) outcome).roles();
  }

  @Test
  void authenticate_whenEachDefaultPrincipalUsesPassword_thenGetsItsRoles() {
    assertEquals(Set.of("CLIENT"), rolesOf("client", "password"));
    assertEquals(
        Set.of("CLIENT_CONTROL", "TOPIC_CONTROL", "AUTHENTICATION_HANDLER"),
        rolesOf("control", "password"));
    assertEquals(Set.of("ADMINISTRATOR"), rolesOf("admin", "password"));
    assertEquals(Set.of("OPERATOR"), rolesOf("operator", "password"));
  }

  @Test
  void authenticate_whenAnonymous_thenClient() {
    assertEquals(Set.of("CLIENT"), rolesOf(null, null));
  }

  @Test
  void principalsWithDefaultPassword_whenDefaults_thenAllFound() {
    assertEquals(
        List.of("admin", "client", "control", "operator"),
        STORE.principalsWithDefaultPassword(SecurityStoreFile.DEFAULT_PASSWORDS));
  }

  @Test
  void has_whenClient_thenSelectAndReadOnly() {
    Set<String> client = Set.of("CLIENT");
    assertTrue(POLICY.has(client, SELECT_TOPIC, "any/topic"));
    assertTrue(POLICY.has(client, READ_TOPIC, "any/topic"));
    assertFalse(POLICY.has(client, UPDATE_TOPIC, "any/topic"));
    assertTrue(POLICY.permissions(client).global().isEmpty());
  }

  @Test
  void has_whenControl_thenSessionTopicAndAuthenticationControl() {
    Set<String> control = Set.of("CLIENT_CONTROL", "TOPIC_CONTROL", "AUTHENTICATION_HANDLER");
    for (GlobalPermission p :
        List.of(VIEW_SESSION, MODIFY_SESSION, REGISTER_HANDLER, AUTHENTICATE)) {
      assertTrue(POLICY.has(control, p), p.name());
    }
    for (PathPermission p : List.of(MODIFY_TOPIC, UPDATE_TOPIC, SEND_TO_SESSION, READ_TOPIC)) {
      assertTrue(POLICY.has(control, p, "a/b"), p.name());
    }
    assertFalse(POLICY.has(control, CONTROL_SERVER));
    assertFalse(POLICY.has(control, VIEW_SECURITY));
  }

  @Test
  void has_whenOperator_thenViewsButDoesNotControl() {
    Set<String> operator = Set.of("OPERATOR");
    assertEquals(
        Set.of(VIEW_SERVER, VIEW_SESSION, VIEW_SECURITY), POLICY.permissions(operator).global());
    assertTrue(POLICY.has(operator, READ_TOPIC, "x"));
    assertFalse(POLICY.has(operator, MODIFY_TOPIC, "x"));
  }

  @Test
  void has_whenAdministrator_thenEverything() {
    Set<String> admin = Set.of("ADMINISTRATOR");
    assertEquals(EnumSet.allOf(GlobalPermission.class), POLICY.permissions(admin).global());
    for (PathPermission p : PathPermission.values()) {
      assertTrue(POLICY.has(admin, p, "deep/path/x"), p.name());
    }
    assertTrue(POLICY.has(admin, MODIFY_SECURITY));
  }

  @Test
  void defaults_whenLoaded_thenRolesAsDocumented() {
    assertEquals(
        Set.of(
            "CLIENT",
            "CLIENT_CONTROL",
            "TOPIC_CONTROL",
            "AUTHENTICATION_HANDLER",
            "OPERATOR",
            "ADMINISTRATOR"),
        POLICY.roles().keySet());
    assertTrue(STORE.anonymous().allowed());
    assertEquals(Map.of(), POLICY.roles().get("CLIENT").paths());
  }
}
