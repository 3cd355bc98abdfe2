package dev.osmosis.security;

import static dev.osmosis.security.GlobalPermission.VIEW_SERVER;
import static dev.osmosis.security.GlobalPermission.VIEW_SESSION;
import static dev.osmosis.security.PathPermission.READ_TOPIC;
import static dev.osmosis.security.PathPermission.SELECT_TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecurityScriptTest {
  private final SecurityStore base = TestStores.store(true);

  private SecurityScript.Editor editor(String principal) {
    return new SecurityScript.Editor(principal, TestStores.FAST::hash, PasswordCheck.PBKDF2);
  }

  private SecurityStore auth(String script) {
    return SecurityScript.updateAuthenticationStore(base, script, editor("admin"));
  }

  private SecurityStore sec(String script) {
    return SecurityScript.updateSecurityStore(base, script);
  }

  private ScriptError authError(SecurityStore on, String principal, String script) {
    return assertThrows(
        ScriptError.class,
        () -> SecurityScript.updateAuthenticationStore(on, script, editor(principal)));
  }

  private ScriptError secError(String script) {
    return assertThrows(ScriptError.class, () -> sec(script));
  }

  // --- the authentication store commands

  @Test
  void addPrincipal_hashesThePasswordAndAssignsRoles() {
    SecurityStore after =
        auth("add principal \"alice\" \"s3cret\" [\"CLIENT\", \"ADMINISTRATOR\"]");
    StoredPrincipal alice = after.principal("alice").orElseThrow();
    assertEquals(Set.of("CLIENT", "ADMINISTRATOR"), alice.roles());
    assertTrue(PasswordHasher.matches("s3cret", alice.passwordHash()));
    assertFalse(alice.passwordHash().contains("s3cret"));
    assertNull(alice.lockingPrincipal());
    assertTrue(base.principal("alice").isEmpty(), "the base snapshot is unchanged");
  }

  @Test
  void addPrincipal_lockedBy_recordsTheLockingPrincipal() {
    SecurityStore after = auth("add principal \"bob\" \"pw\" [] locked by \"admin\"");
    assertEquals("admin", after.principal("bob").orElseThrow().lockingPrincipal());
  }

  @Test
  void addPrincipal_whenItExists_thenRefused() {
    ScriptError e = authError(base, "admin", "add principal \"client\" \"pw\" []");
    assertEquals("line 1, column 1: principal client already exists", e.getMessage());
  }

  @Test
  void removePrincipal_removesIt_andAnUnknownOneIsRefused() {
    assertTrue(auth("remove principal \"client\"").principal("client").isEmpty());
    assertEquals(
        "line 1, column 1: no principal ghost",
        authError(base, "admin", "remove principal \"ghost\"").getMessage());
  }

  @Test
  void assignRoles_replacesTheRoles() {
    SecurityStore after = auth("assign roles \"client\" [\"ADMINISTRATOR\"]");
    assertEquals(Set.of("ADMINISTRATOR"), after.principal("client").orElseThrow().roles());
  }

  @Test
  void setPassword_thenVerifyPassword_inOneScript() {
    SecurityStore after =
        auth("set password \"client\" \"newpw\"\nverify password \"client\" \"newpw\"");
    assertTrue(
        PasswordHasher.matches("newpw", after.principal("client").orElseThrow().passwordHash()));
  }

  @Test
  void verifyPassword_whenWrong_thenTheWholeScriptFails() {
    ScriptError e =
        authError(
            base,
            "admin",
            "add principal \"alice\" \"pw\" []\n\n  verify password \"client\" \"wrong\"");
    assertEquals(
        "line 3, column 3: the password of principal client does not match", e.getMessage());
    assertFalse(e.getMessage().contains("wrong"));
  }

  @Test
  void anonymousConnections_allowDenyAbstain() {
    SecurityStore allowed = auth("allow anonymous connections [\"ADMINISTRATOR\"]");
    assertEquals(
        new AnonymousPolicy(AnonymousPolicy.Action.ALLOW, Set.of("ADMINISTRATOR")),
        allowed.anonymous());
    assertEquals(
        AnonymousPolicy.Action.DENY, auth("deny anonymous connections").anonymous().action());
    SecurityStore abstains = auth("abstain anonymous connections");
    assertEquals(AnonymousPolicy.Action.ABSTAIN, abstains.anonymous().action());
    assertFalse(abstains.anonymous().allowed());
  }

  @Test
  void trustedProperties_matchesAllowsAndIgnore() {
    SecurityStore after =
        auth(
            "trust client proposed property \"Department\" matches \"Sales|Support\"\n"
                + "trust client proposed property \"Tier\" allows [\"gold\", \"silver\"]");
    assertEquals(
        Map.of(
            "Department",
            PropertyValidation.matches("Sales|Support"),
            "Tier",
            PropertyValidation.values(List.of("gold", "silver"))),
        after.trustedProperties());
    assertTrue(after.trustedProperties().get("Department").accepts("Sales"));
    assertFalse(after.trustedProperties().get("Department").accepts("Admin"));
    SecurityStore ignored =
        SecurityScript.updateAuthenticationStore(
            after, "ignore client proposed property \"Tier\"", editor("admin"));
    assertEquals(Set.of("Department"), ignored.trustedProperties().keySet());
  }

  @Test
  void trustMatches_whenTheRegexIsInvalid_thenRefused() {
    ScriptError e = authError(base, "admin", "trust client proposed property \"A\" matches \"(\"");
    assertTrue(e.getMessage().startsWith("line 1, column 1: invalid regular expression"));
  }

  @Test
  void lockedPrincipal_onlyItsLockingPrincipalMayChangeIt() {
    SecurityStore locked = auth("add principal \"bob\" \"pw\" [] locked by \"admin\"");
    for (String command :
        List.of(
            "remove principal \"bob\"",
            "assign roles \"bob\" [\"CLIENT\"]",
            "set password \"bob\" \"x\"")) {
      ScriptError e = authError(locked, "client", "\n" + command);
      assertTrue(e.denied());
      assertEquals(
          "line 2, column 1: principal bob is locked by principal admin: only it may change it",
          e.getMessage());
    }
    SecurityStore removed =
        SecurityScript.updateAuthenticationStore(
            locked, "remove principal \"bob\"", editor("admin"));
    assertTrue(removed.principal("bob").isEmpty());
  }

  @Test
  void undefinedRole_isRefusedWithItsLine() {
    ScriptError e = authError(base, "admin", "\nadd principal \"a\" \"p\" [\"NOPE\"]");
    assertEquals("line 2, column 1: Principal a has undefined role NOPE", e.getMessage());
    assertFalse(e.denied());
  }

  // --- the security store commands

  @Test
  void defaultRoles_forAnonymousAndNamedSessions() {
    SecurityStore after =
        sec(
            "set roles for anonymous sessions [\"CLIENT\"]\nset roles for named sessions [\"CLIENT\"]");
    assertEquals(Set.of("CLIENT"), after.policy().anonymousDefaults());
    assertEquals(Set.of("CLIENT"), after.policy().namedDefaults());
  }

  @Test
  void permissions_createTheRole_andSetGlobalDefaultAndPath() {
    SecurityStore after =
        sec(
            "set global permissions \"OPERATOR\" [VIEW_SESSION, VIEW_SERVER]\n"
                + "set default path permissions \"OPERATOR\" [SELECT_TOPIC, READ_TOPIC]\n"
                + "set path permissions \"OPERATOR\" \"/secret/\" []");
    Role operator = after.policy().roles().get("OPERATOR");
    assertEquals(Set.of(VIEW_SESSION, VIEW_SERVER), operator.global());
    assertEquals(Set.of(SELECT_TOPIC, READ_TOPIC), operator.defaultPath());
    assertEquals(Map.of("secret", Set.of()), operator.paths());
    assertFalse(after.policy().has(Set.of("OPERATOR"), READ_TOPIC, "secret/x"));
    assertTrue(after.policy().has(Set.of("OPERATOR"), READ_TOPIC, "open"));
  }

  @Test
  void removePathPermissions_fallsBackToTheDefault() {
    SecurityStore after =
        sec(
            "set path permissions \"CLIENT\" \"secret\" []\nremove path permissions \"CLIENT\" \"secret\"");
    assertEquals(Map.of(), after.policy().roles().get("CLIENT").paths());
  }

  @Test
  void roleIncludes_andCyclesRefusedWithTheLine() {
    SecurityStore after = sec("set role includes \"CLIENT\" []");
    assertEquals(Set.of(), after.policy().roles().get("CLIENT").includes());
    ScriptError e = secError("set role includes \"CLIENT\" [\"ADMINISTRATOR\"]");
    assertEquals(
        "line 1, column 1: Roles include each other in a cycle:"
            + " ADMINISTRATOR -> CLIENT -> ADMINISTRATOR",
        e.getMessage());
    ScriptError undefined = secError("set role includes \"CLIENT\" [\"NOPE\"]");
    assertEquals(
        "line 1, column 1: Role CLIENT includes undefined role NOPE", undefined.getMessage());
  }

  @Test
  void isolatePath_stopsInheritanceAndTheDefault_deisolateRestores() {
    SecurityStore isolated =
        sec(
            "set path permissions \"CLIENT\" \"a\" [SELECT_TOPIC, READ_TOPIC]\n"
                + "set path permissions \"CLIENT\" \"a/b/c\" [READ_TOPIC]\n"
                + "isolate path \"a/b\"\n"
                + "isolate path \"z\"");
    SecurityPolicy policy = isolated.policy();
    assertEquals(Set.of("a/b", "z"), policy.isolatedPaths());
    assertTrue(policy.has(Set.of("CLIENT"), READ_TOPIC, "a/x"));
    assertFalse(policy.has(Set.of("CLIENT"), READ_TOPIC, "a/b"), "assigned above: not inherited");
    assertFalse(policy.has(Set.of("CLIENT"), READ_TOPIC, "a/b/x"));
    assertTrue(policy.has(Set.of("CLIENT"), READ_TOPIC, "a/b/c/d"), "assigned below: applies");
    assertFalse(policy.has(Set.of("CLIENT"), READ_TOPIC, "z/y"), "no default at an isolated path");
    assertTrue(policy.has(Set.of("CLIENT"), READ_TOPIC, "y"));
    SecurityStore restored =
        SecurityScript.updateSecurityStore(
            isolated, "deisolate path \"/a/b/\"\ndeisolate path \"z\"");
    assertTrue(restored.policy().has(Set.of("CLIENT"), READ_TOPIC, "a/b/x"));
    assertTrue(restored.policy().has(Set.of("CLIENT"), READ_TOPIC, "z/y"));
  }

  @Test
  void removeRole_whenUnused_thenRemoved_elseRefusedNamingTheUsers() {
    SecurityStore added = sec("set global permissions \"SPARE\" []");
    assertFalse(
        SecurityScript.updateSecurityStore(added, "remove role \"SPARE\"")
            .policy()
            .roles()
            .containsKey("SPARE"));
    ScriptError e = secError("remove role \"CLIENT\"");
    assertEquals(
        "line 1, column 1: role CLIENT is still named by principal client, role ADMINISTRATOR,"
            + " the anonymous connection roles",
        e.getMessage());
    assertEquals("line 1, column 1: no role NOPE", secError("remove role \"NOPE\"").getMessage());
  }

  // --- syntax errors, each with its line and column

  @Test
  void unknownPermission_namesLineAndColumn() {
    ScriptError e = secError("\nset global permissions \"X\" [VIEW_SERVER, READ_TOPICS]");
    assertEquals("line 2, column 42: unknown permission READ_TOPICS", e.getMessage());
    assertEquals(
        "line 1, column 29: READ_TOPIC is a path permission, not a global one",
        secError("set global permissions \"X\" [READ_TOPIC]").getMessage());
    assertEquals(
        "line 1, column 35: VIEW_SERVER is a global permission, not a path one",
        secError("set default path permissions \"X\" [VIEW_SERVER]").getMessage());
  }

  @Test
  void syntaxErrors_eachWithLineAndColumn() {
    assertEquals("line 1, column 1: unknown command Set", secError("Set roles").getMessage());
    assertEquals(
        "line 1, column 5: unexpected globl, expected one of: roles, global, default, path, role",
        secError("set globl permissions \"X\" []").getMessage());
    assertEquals(
        "line 1, column 24: expected a quoted string",
        secError("set global permissions X []").getMessage());
    assertEquals(
        "line 1, column 28: expected a list [...]",
        secError("set global permissions \"X\" VIEW_SERVER").getMessage());
    assertEquals(
        "line 1, column 28: unterminated list",
        secError("set global permissions \"X\" [VIEW_SERVER").getMessage());
    assertEquals(
        "line 1, column 41: expected , or ] in a list",
        secError("set global permissions \"X\" [VIEW_SERVER VIEW_SESSION]").getMessage());
    assertEquals(
        "line 1, column 14: unterminated string", secError("isolate path \"abc").getMessage());
    assertEquals(
        "line 1, column 17: invalid escape in a string (only \\\" and \\\\ are allowed)",
        secError("isolate path \"ab\\n\"").getMessage());
    assertEquals(
        "line 1, column 18: unexpected extra after the command",
        secError("isolate path \"a\" extra").getMessage());
    assertEquals(
        "line 1, column 13: incomplete command: a quoted string missing",
        secError("isolate path").getMessage());
    assertEquals(
        "line 1, column 31: expected a quoted string in the list",
        secError("set roles for named sessions [CLIENT]").getMessage());
    assertEquals(
        "line 1, column 1: '//' is not a path (not empty, no empty segment; the root is the"
            + " default)",
        secError("isolate path \"//\"").getMessage());
  }

  @Test
  void commandOfTheOtherStore_isRefused() {
    assertEquals(
        "line 1, column 1: add principal is a command of the system authentication store, not of"
            + " this one",
        secError("add principal \"a\" \"b\" []").getMessage());
    assertEquals(
        "line 1, column 1: isolate path is a command of the security store, not of this one",
        authError(base, "admin", "isolate path \"a\"").getMessage());
  }

  @Test
  void errors_neverShowAPassword() {
    ScriptError e = authError(base, "admin", "set password \"client\" s3cret");
    assertEquals("line 1, column 23: expected a quoted string", e.getMessage());
    ScriptError trailing = authError(base, "admin", "set password \"client\" \"a\" \"s3cret\"");
    assertEquals(
        "line 1, column 27: unexpected a quoted string after the command", trailing.getMessage());
  }

  @Test
  void escapes_inStrings() {
    SecurityStore after = auth("add principal \"a\\\"b\\\\c\" \"p\" []");
    assertTrue(after.principal("a\"b\\c").isPresent());
  }

  @Test
  void script_isAtomic_theFirstErrorAbortsEverything() {
    ScriptError e =
        secError(
            "set global permissions \"NEW\" [VIEW_SERVER]\n"
                + "isolate path \"a\"\n"
                + "set default path permissions \"NEW\" [NOPE]");
    assertEquals(3, e.line());
    assertFalse(base.policy().roles().containsKey("NEW"));
    assertTrue(base.policy().isolatedPaths().isEmpty());
  }

  @Test
  void emptyScript_changesNothing() {
    assertSame(base, sec("\n  \n"));
  }

  @Test
  void crlfLineEnds_areAccepted() {
    SecurityStore after = sec("isolate path \"a\"\r\nisolate path \"b\"\r\n");
    assertEquals(Set.of("a", "b"), after.policy().isolatedPaths());
  }

  @Test
  void masked_replacesEveryPassword_andOnlyPasswords() {
    String script =
        "add principal \"alice\" \"s3cret\" [\"CLIENT\"] locked by \"admin\"\n"
            + "set password \"bob\" \"n\\\"ew\"\n"
            + "verify password \"bob\" \"old\"\n"
            + "remove principal \"carol\"\n"
            + "set password broken s3cret";
    assertEquals(
        "add principal \"alice\" \"********\" [\"CLIENT\"] locked by \"admin\"\n"
            + "set password \"bob\" \"********\"\n"
            + "verify password \"bob\" \"********\"\n"
            + "remove principal \"carol\"\n"
            + "<unparsed line 5>",
        SecurityScript.masked(script));
  }
}
