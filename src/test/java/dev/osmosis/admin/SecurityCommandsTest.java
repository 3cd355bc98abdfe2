package dev.osmosis.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.PathPermission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SecurityCommandsTest {

  @Test
  void quote_whenQuoteOrBackslash_thenEscapedSoTheStringCannotEndEarly() {
    assertEquals("\"alice\"", SecurityCommands.quote("principal", "alice"));
    assertEquals(
        "\"a\\\" [\\\"ADMINISTRATOR\\\"]\\\\\"",
        SecurityCommands.quote("principal", "a\" [\"ADMINISTRATOR\"]\\"));
  }

  @Test
  void quote_whenLineBreakOrControlCharacter_thenRefusedNamingWhat() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SecurityCommands.quote("principal", "eve\nremove principal \"admin\""));
    assertTrue(e.getMessage().contains("principal"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SecurityCommands.quote("role", "a\tb"));
    assertThrows(IllegalArgumentException.class, () -> SecurityCommands.quote("password", null));
  }

  @Test
  void principalCommands_thenTheScriptLanguagesText() {
    assertEquals(
        "add principal \"alice\" \"s3cret\" [\"CLIENT\", \"TRADER\"]",
        SecurityCommands.addPrincipal("alice", "s3cret", List.of("CLIENT", "TRADER"), null));
    assertEquals(
        "add principal \"bob\" \"pw\" [] locked by \"admin\"",
        SecurityCommands.addPrincipal("bob", "pw", List.of(), "admin"));
    assertEquals("remove principal \"alice\"", SecurityCommands.removePrincipal("alice"));
    assertEquals(
        "assign roles \"bob\" [\"CLIENT\"]",
        SecurityCommands.assignRoles("bob", List.of("CLIENT")));
    assertEquals("set password \"bob\" \"n\\\"w\"", SecurityCommands.setPassword("bob", "n\"w"));
  }

  @Test
  void roleCommands_thenTheScriptLanguagesText() {
    assertEquals(
        "set global permissions \"OPERATOR\" [VIEW_SESSION, VIEW_SERVER]",
        SecurityCommands.setGlobalPermissions("OPERATOR", List.of("VIEW_SESSION", "VIEW_SERVER")));
    assertEquals(
        "set default path permissions \"CLIENT\" [SELECT_TOPIC, READ_TOPIC]",
        SecurityCommands.setDefaultPathPermissions(
            "CLIENT", List.of("SELECT_TOPIC", "READ_TOPIC")));
    assertEquals(
        "set path permissions \"CLIENT\" \"secret\" []",
        SecurityCommands.setPathPermissions("CLIENT", "secret", List.of()));
    assertEquals(
        "remove path permissions \"CLIENT\" \"secret\"",
        SecurityCommands.removePathPermissions("CLIENT", "secret"));
    assertEquals(
        "set role includes \"OPERATOR\" [\"CLIENT\"]",
        SecurityCommands.setRoleIncludes("OPERATOR", List.of("CLIENT")));
    assertEquals("remove role \"TRADER\"", SecurityCommands.removeRole("TRADER"));
  }

  @Test
  void permissions_whenUnknownOrOfTheOtherKind_thenRefusedNamingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SecurityCommands.setGlobalPermissions("R", List.of("READ_TOPIC")));
    assertEquals("unknown global permission 'READ_TOPIC'", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SecurityCommands.setDefaultPathPermissions("R", List.of("READ_TOPIC] x")));
    assertEquals("unknown path permission 'READ_TOPIC] x'", e.getMessage());
  }

  /** The console's permission check boxes list exactly the server's permissions. */
  @Test
  void consolePermissionLists_thenEqualToTheEnums() throws Exception {
    String js = Files.readString(Path.of("war/console/security.js"));
    assertEquals(
        Arrays.stream(GlobalPermission.values()).map(Enum::name).toList(),
        constantList(js, "GLOBAL_PERMISSIONS"));
    assertEquals(
        Arrays.stream(PathPermission.values()).map(Enum::name).toList(),
        constantList(js, "PATH_PERMISSIONS"));
  }

  private static List<String> constantList(String js, String name) {
    Matcher m = Pattern.compile(name + " = \\[([^\\]]*)\\]").matcher(js);
    assertTrue(m.find(), name);
    return Pattern.compile("'([A-Z_]+)'")
        .matcher(m.group(1))
        .results()
        .map(r -> r.group(1))
        .toList();
  }
}
