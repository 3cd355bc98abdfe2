package dev.osmosis.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.security.PasswordHasher;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.SecurityStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecurityStoreFileTest {
  private static final String HASH = new PasswordHasher(1_000).hash("s3cret");

  private static SecurityStore parse(String json) {
    return SecurityStoreFile.parse(new StringReader(json.replace('\'', '"')), "test.json");
  }

  private static String error(String json) {
    return assertThrows(IllegalStateException.class, () -> parse(json)).getMessage();
  }

  private static String withRole(String role) {
    return "{'roles':{'R':" + role + "}}";
  }

  @Test
  void defaults_whenLoaded_thenPayaraConfigFileIsIdentical() throws IOException {
    byte[] file = Files.readAllBytes(Path.of("payara-config/security-store.json"));
    try (InputStream in =
        SecurityStoreFile.class.getResourceAsStream(SecurityStoreFile.DEFAULT_RESOURCE)) {
      assertArrayEquals(in.readAllBytes(), file, "payara-config and classpath copies drifted");
    }
    SecurityStore fromFile = SecurityStoreFile.load(Path.of("payara-config/security-store.json"));
    assertEquals(SecurityStoreFile.defaults().principals(), fromFile.principals());
  }

  @Test
  void loadOrDefaults_whenNoPathConfigured_thenDefaults() {
    assertEquals(
        SecurityStoreFile.defaults().principals().keySet(),
        SecurityStoreFile.loadOrDefaults(" ").principals().keySet());
  }

  @Test
  void parse_whenMinimalStore_thenAnonymousDeniedAndNoPrincipals() {
    SecurityStore store = parse("{'roles':{}}");
    assertFalse(store.anonymous().allowed());
    assertTrue(store.principals().isEmpty());
  }

  @Test
  void parse_whenPathAssignmentEmpty_thenDeniesBelowIt() {
    SecurityStore store =
        parse(withRole("{'defaultPath':['READ_TOPIC'],'paths':{'/private/':[]}}"));
    assertTrue(store.policy().has(Set.of("R"), PathPermission.READ_TOPIC, "public/x"));
    assertFalse(store.policy().has(Set.of("R"), PathPermission.READ_TOPIC, "private/x"));
  }

  @Test
  void parse_whenNotJson_thenLineAndColumnNamed() {
    String message = error("{'roles':{},}");
    assertTrue(message.startsWith("test.json: invalid JSON at line 1, column"), message);
  }

  @Test
  void parse_whenTopLevelIsArray_thenClearError() {
    assertTrue(error("[]").startsWith("test.json: invalid JSON"));
  }

  @Test
  void parse_whenRolesMissing_thenClearError() {
    assertEquals("test.json: at the top level: missing object 'roles'", error("{}"));
  }

  @Test
  void parse_whenUnknownKey_thenNamedWithLocation() {
    assertEquals(
        "test.json: at /principal: unknown key 'principal'; expected one of"
            + " [comment, anonymous, principals, roles]",
        error("{'roles':{},'principal':{}}"));
  }

  @Test
  void parse_whenUnknownGlobalPermission_thenNamedWithLocation() {
    String message = error(withRole("{'global':['VIEW_SERVER','FLY']}"));
    assertTrue(
        message.startsWith("test.json: at /roles/R/global/1: unknown GlobalPermission 'FLY'"),
        message);
  }

  @Test
  void parse_whenUnknownPathPermissionAtPath_thenPathEscapedInLocation() {
    String message = error(withRole("{'paths':{'a/b':['READ']}}"));
    assertTrue(
        message.startsWith("test.json: at /roles/R/paths/a~1b/0: unknown PathPermission 'READ'"),
        message);
  }

  @Test
  void parse_whenPermissionsNotAnArray_thenClearError() {
    assertEquals(
        "test.json: at /roles/R/defaultPath: expected an array of strings",
        error(withRole("{'defaultPath':'READ_TOPIC'}")));
  }

  @Test
  void parse_whenUnknownIncludedRole_thenNamedWithLocation() {
    assertEquals(
        "test.json: at /roles/R/includes/0: unknown role 'GHOST'",
        error(withRole("{'includes':['GHOST']}")));
  }

  @Test
  void parse_whenIncludeCycle_thenNamed() {
    assertEquals(
        "test.json: at /roles: Roles include each other in a cycle: A -> B -> A",
        error("{'roles':{'A':{'includes':['B']},'B':{'includes':['A']}}}"));
  }

  @Test
  void parse_whenPrincipalHasUnknownRole_thenNamedWithLocation() {
    assertEquals(
        "test.json: at /principals/bob/roles/0: unknown role 'GHOST'",
        error("{'roles':{},'principals':{'bob':{'password':'" + HASH + "','roles':['GHOST']}}}"));
  }

  @Test
  void parse_whenAnonymousHasUnknownRole_thenNamedWithLocation() {
    assertEquals(
        "test.json: at /anonymous/roles/0: unknown role 'GHOST'",
        error("{'roles':{},'anonymous':{'allowed':true,'roles':['GHOST']}}"));
  }

  @Test
  void parse_whenPasswordIsPlainText_thenMalformedHashWithLocation() {
    String message = error("{'roles':{},'principals':{'bob':{'password':'s3cret'}}}");
    assertTrue(
        message.startsWith("test.json: at /principals/bob/password: Malformed password hash"));
    assertFalse(message.contains("s3cret"), "the bad value must not be echoed");
  }

  @Test
  void parse_whenPasswordMissing_thenClearError() {
    assertEquals(
        "test.json: at /principals/bob: missing 'password'",
        error("{'roles':{},'principals':{'bob':{'roles':[]}}}"));
  }

  @Test
  void parse_whenAllowedNotBoolean_thenClearError() {
    assertEquals(
        "test.json: at /anonymous/allowed: expected true or false",
        error("{'roles':{},'anonymous':{'allowed':'yes'}}"));
  }

  @Test
  void parse_whenRoleAssignsEmptyPath_thenClearError() {
    String message = error(withRole("{'paths':{'/':[]}}"));
    assertTrue(
        message.startsWith("test.json: at /roles/R: Role R assigns the empty path"), message);
  }

  @Test
  void load_whenFileMissing_thenErrorNamesFile() {
    String message =
        assertThrows(
                IllegalStateException.class,
                () -> SecurityStoreFile.load(Path.of("no/such/store.json")))
            .getMessage();
    assertTrue(message.startsWith("Cannot read security store no/such/store.json"), message);
  }
}
