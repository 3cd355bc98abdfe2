package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.PasswordCheck;
import dev.osmosis.security.PasswordHasher;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.PropertyValidation;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityScript;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.security.StoredPrincipal;
import dev.osmosis.session.TestSessions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Java client's script builders against the server's own parser ({@link SecurityScript}): every
 * command a builder writes is one the server reads as meant, quoting included.
 */
class ScriptBuildersParsedTest {
  static final PasswordHasher FAST = new PasswordHasher(1_000);
  static final SecurityScript.Editor ADMIN =
      new SecurityScript.Editor("admin", FAST::hash, PasswordCheck.PBKDF2);

  final SecurityStore base = TestSessions.store();

  @Test
  void securityBuilder_everyCommand_thenAppliedAsMeant() {
    String script =
        new SecurityScriptBuilder()
            .setGlobalPermissions("OPERATOR", List.of("VIEW_SESSION", "VIEW_SERVER"))
            .setDefaultPathPermissions("OPERATOR", List.of("SELECT_TOPIC"))
            .setPathPermissions("CLIENT", "prices/\"odd\\path", List.of())
            .setPathPermissions("CLIENT", "news", List.of("READ_TOPIC"))
            .removePathPermissions("CLIENT", "news")
            .setRoleIncludes("OPERATOR", List.of("CLIENT"))
            .setRolesForNamedSessions(List.of("CLIENT"))
            .setRolesForAnonymousSessions(List.of())
            .isolatePath("private")
            .isolatePath("gone")
            .deisolatePath("gone")
            .setGlobalPermissions("OLD", List.of())
            .removeRole("OLD")
            .build();
    SecurityStore after = SecurityScript.updateSecurityStore(base, script);
    Role operator = after.policy().roles().get("OPERATOR");
    assertEquals(
        Set.of(GlobalPermission.VIEW_SESSION, GlobalPermission.VIEW_SERVER), operator.global());
    assertEquals(Set.of(PathPermission.SELECT_TOPIC), operator.defaultPath());
    assertEquals(Set.of("CLIENT"), operator.includes());
    Role client = after.policy().roles().get("CLIENT");
    assertEquals(Set.of(), client.paths().get("prices/\"odd\\path"));
    assertFalse(client.paths().containsKey("news"));
    assertEquals(Set.of("CLIENT"), after.policy().namedDefaults());
    assertEquals(Set.of(), after.policy().anonymousDefaults());
    assertEquals(Set.of("private"), after.policy().isolatedPaths());
    assertFalse(after.policy().roles().containsKey("OLD"));
  }

  @Test
  void authenticationBuilder_everyCommand_thenAppliedAsMeant() {
    String password = "p\"a\\ss word";
    String script =
        new SystemAuthenticationScriptBuilder()
            .addPrincipal("al\"ice", password, List.of("CLIENT"))
            .addPrincipal("bob", "pw", List.of(), "admin")
            .assignRoles("bob", List.of("CLIENT"))
            .setPassword("bob", "new pw")
            .verifyPassword("bob", "new pw")
            .addPrincipal("carol", "pw", List.of("CLIENT"))
            .removePrincipal("carol")
            .allowAnonymousConnections(List.of("CLIENT"))
            .denyAnonymousConnections()
            .abstainAnonymousConnections()
            .trustClientProposedPropertyMatches("Department", "Sales|Support\\d*")
            .trustClientProposedPropertyIn("Tier", List.of("gold", "sil\"ver"))
            .trustClientProposedPropertyIn("Gone", List.of("x"))
            .ignoreClientProposedProperty("Gone")
            .build();
    SecurityStore after = SecurityScript.updateAuthenticationStore(base, script, ADMIN);
    StoredPrincipal alice = after.principal("al\"ice").orElseThrow();
    assertEquals(Set.of("CLIENT"), alice.roles());
    assertTrue(PasswordHasher.matches(password, alice.passwordHash()));
    StoredPrincipal bob = after.principal("bob").orElseThrow();
    assertEquals("admin", bob.lockingPrincipal());
    assertEquals(Set.of("CLIENT"), bob.roles());
    assertTrue(PasswordHasher.matches("new pw", bob.passwordHash()));
    assertTrue(after.principal("carol").isEmpty());
    assertEquals(AnonymousPolicy.Action.ABSTAIN, after.anonymous().action());
    assertEquals(
        Map.of(
            "Department",
            PropertyValidation.matches("Sales|Support\\d*"),
            "Tier",
            PropertyValidation.values(List.of("gold", "sil\"ver"))),
        after.trustedProperties());
    String masked = SecurityScript.masked(script);
    assertFalse(masked.contains("new pw") || masked.contains("ss word"), masked);
  }
}
