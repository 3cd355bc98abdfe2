package dev.osmosis.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.control.SecurityControl;
import dev.osmosis.error.RequestException;
import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.MemorySecurityStorage;
import dev.osmosis.security.PasswordCheck;
import dev.osmosis.security.PasswordHasher;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityAudit;
import dev.osmosis.security.SecurityPolicy;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.security.StoredPrincipal;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.SecurityContext;
import java.io.StringReader;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The admin API's security resource over a real {@link SecurityControl}, outside the container. */
class SecurityResourceTest {
  static final PasswordHasher FAST = new PasswordHasher(1_000);

  final AtomicReference<SecurityStore> store =
      new AtomicReference<>(
          new SecurityStore(
              new AnonymousPolicy(true, Set.of("CLIENT")),
              List.of(
                  new StoredPrincipal("admin", FAST.hash("adm1n"), Set.of("ADMINISTRATOR")),
                  new StoredPrincipal("viewer", FAST.hash("v"), Set.of("VIEWER"))),
              new SecurityPolicy(
                  List.of(
                      new Role(
                          "CLIENT",
                          Set.of(),
                          Set.of(PathPermission.READ_TOPIC),
                          Map.of(),
                          Set.of()),
                      new Role(
                          "VIEWER",
                          Set.of(GlobalPermission.VIEW_SECURITY),
                          Set.of(),
                          Map.of(),
                          Set.of()),
                      new Role(
                          "ADMINISTRATOR",
                          Set.of(GlobalPermission.values()),
                          Set.of(PathPermission.values()),
                          Map.of(),
                          Set.of("CLIENT"))))));
  final SecurityControl control =
      new SecurityControl(
          store,
          new MemorySecurityStorage(),
          new SecurityAudit.InMemory(),
          FAST::hash,
          PasswordCheck.PBKDF2,
          Clock.fixed(Instant.parse("2026-12-06T14:10:00Z"), ZoneOffset.UTC),
          () -> "node-a");

  SecurityResource as(String principal, String... roles) {
    SecurityResource resource = new SecurityResource();
    resource.control = control;
    AdminCaller caller = new AdminCaller(principal, Set.of(roles), store::get);
    resource.security =
        new SecurityContext() {
          @Override
          public Principal getUserPrincipal() {
            return caller;
          }

          @Override
          public boolean isUserInRole(String role) {
            return caller.roles().contains(role);
          }

          @Override
          public boolean isSecure() {
            return false;
          }

          @Override
          public String getAuthenticationScheme() {
            return BASIC_AUTH;
          }
        };
    return resource;
  }

  final SecurityResource admin = as("admin", "ADMINISTRATOR");

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  static JsonArray array(String text) {
    return Json.createReader(new StringReader(text)).readArray();
  }

  @Test
  void putRole_thenShownInDiffusionsShape_andAbsentKeysKept() {
    assertEquals(
        Map.of("result", "ADDED"),
        admin.putRole(
            "TRADER",
            json(
                "{\"global\":[\"VIEW_SERVER\"],\"default\":[\"READ_TOPIC\",\"SELECT_TOPIC\"],"
                    + "\"topic\":{\"/prices/secret/\":[],\"prices\":[\"SELECT_TOPIC\"]},"
                    + "\"roles\":[\"CLIENT\"]}")));
    assertEquals(
        "{\"name\":\"TRADER\",\"global\":[\"VIEW_SERVER\"],\"default\":[\"READ_TOPIC\","
            + "\"SELECT_TOPIC\"],\"topic\":{\"prices\":[\"SELECT_TOPIC\"],\"prices/secret\":[]},"
            + "\"roles\":[\"CLIENT\"]}",
        trader().toString());

    // only the paths given remain; global, default and roles stay as they were
    assertEquals(
        Map.of("result", "UPDATED"),
        admin.putRole("TRADER", json("{\"paths\":{\"fx\":[\"READ_TOPIC\"]}}")));
    assertEquals("{\"fx\":[\"READ_TOPIC\"]}", trader().getJsonObject("topic").toString());
    assertEquals("[\"VIEW_SERVER\"]", trader().getJsonArray("global").toString());
    assertEquals("[\"CLIENT\"]", trader().getJsonArray("roles").toString());

    assertEquals(Map.of("result", "ADDED"), admin.putRole("EMPTY", json("{}")));
    assertTrue(admin.configuration().contains("{\"name\":\"EMPTY\",\"global\":[]"));
  }

  private JsonObject trader() {
    return json(admin.configuration()).getJsonArray("roles").getValuesAs(JsonObject.class).stream()
        .filter(r -> r.getString("name").equals("TRADER"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void putPrincipal_thenAddedThenUpdated_passwordHashedAndNeverShown() {
    assertEquals(
        Map.of("result", "ADDED"),
        admin.putPrincipal(
            "alice", json("{\"password\":\"s3cret\",\"roles\":[\"CLIENT\",\"VIEWER\"]}")));
    String shown = admin.authentication();
    assertTrue(shown.contains("{\"name\":\"alice\",\"roles\":[\"CLIENT\",\"VIEWER\"]}"), shown);
    assertFalse(shown.contains("s3cret"));
    assertTrue(PasswordCheck.PBKDF2.matches("s3cret", hashOf("alice")));

    assertEquals(
        Map.of("result", "UPDATED"), admin.putPrincipal("alice", json("{\"password\":\"n3w\"}")));
    assertTrue(PasswordCheck.PBKDF2.matches("n3w", hashOf("alice")));
    assertEquals(Set.of("CLIENT", "VIEWER"), store.get().principal("alice").orElseThrow().roles());
    admin.putPrincipal("alice", json("{\"roles\":[\"CLIENT\"]}"));
    assertEquals(Set.of("CLIENT"), store.get().principal("alice").orElseThrow().roles());

    IllegalArgumentException noPassword =
        assertThrows(
            IllegalArgumentException.class,
            () -> admin.putPrincipal("bob", json("{\"roles\":[]}")));
    assertTrue(noPassword.getMessage().contains("password"), noPassword.getMessage());
    assertThrows(IllegalArgumentException.class, () -> admin.putPrincipal("alice", json("{}")));
  }

  private String hashOf(String principal) {
    return store.get().principal(principal).orElseThrow().passwordHash();
  }

  @Test
  void names_whenTheyLookLikeScript_thenTakenLiterally() {
    String sly = "x\" [\"ADMINISTRATOR\"]\\";
    admin.putPrincipal(sly, json("{\"password\":\"p\\\"w\",\"roles\":[]}"));
    assertEquals(Set.of(), store.get().principal(sly).orElseThrow().roles());
    assertTrue(PasswordCheck.PBKDF2.matches("p\"w", hashOf(sly)));
    admin.removePrincipal(sly);
    assertTrue(store.get().principal(sly).isEmpty());

    assertThrows(
        IllegalArgumentException.class,
        () ->
            admin.putPrincipal(
                "eve\nremove principal \"admin\"", json("{\"password\":\"p\",\"roles\":[]}")));
    assertTrue(store.get().principal("admin").isPresent());
  }

  @Test
  void script_whenBad_then400NamingLineAndColumn_andNothingChanged() {
    SecurityStore before = store.get();
    ScriptRefused e =
        assertThrows(
            ScriptRefused.class,
            () ->
                admin.securityScript(
                    "set global permissions \"R\" [VIEW_SERVER]\n"
                        + "set default path permissions \"R\" [READ_TOPICS]"));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertEquals(2, e.line());
    assertEquals("set default path permissions \"R\" [".length() + 1, e.column());
    assertTrue(e.getMessage().startsWith("line 2, column "), e.getMessage());
    assertEquals(before, store.get());

    admin.authenticationScript(json("{\"script\":\"deny anonymous connections\"}"));
    assertEquals(
        "deny", json(admin.authentication()).getJsonObject("anonymous").getString("action"));
  }

  @Test
  void convenience_whenTheScriptIsRefused_thenTheMessageWithoutAPosition() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                admin.putPrincipal(
                    "carol", json("{\"password\":\"p\",\"roles\":[\"NO_SUCH_ROLE\"]}")));
    assertFalse(e.getMessage().startsWith("line"), e.getMessage());
    assertTrue(e.getMessage().contains("NO_SUCH_ROLE"), e.getMessage());
  }

  @Test
  void remove_whenUnknown_then404_whenNamed_thenRefused() {
    assertEquals(
        ErrorCode.NOT_FOUND,
        assertThrows(RequestException.class, () -> admin.removePrincipal("nobody")).code());
    assertEquals(
        ErrorCode.NOT_FOUND,
        assertThrows(RequestException.class, () -> admin.removeRole("NOBODY")).code());
    // the principal viewer holds it
    assertThrows(IllegalArgumentException.class, () -> admin.removeRole("VIEWER"));
    admin.putRole("GONE", json("{}"));
    admin.removeRole("GONE");
    assertFalse(admin.configuration().contains("GONE"));
  }

  @Test
  void permissions_whenMissing_thenRefusedNamingThem() {
    SecurityResource viewer = as("viewer", "VIEWER");
    viewer.configuration();
    RequestException modify =
        assertThrows(
            RequestException.class, () -> viewer.securityScript("isolate path \"private\""));
    assertEquals(ErrorCode.PERMISSION_DENIED, modify.code());
    assertTrue(modify.getMessage().contains("MODIFY_SECURITY"), modify.getMessage());
    RequestException view =
        assertThrows(RequestException.class, () -> as("c", "CLIENT").authentication());
    assertTrue(view.getMessage().contains("VIEW_SECURITY"), view.getMessage());
  }

  @Test
  void audit_thenEachChangeAfterTheIdOldestFirst_passwordsMasked() {
    admin.putRole("TRADER", json("{\"global\":[]}"));
    admin.putPrincipal("alice", json("{\"password\":\"s3cret\",\"roles\":[\"TRADER\"]}"));
    JsonArray all = array(admin.audit(0, 100));
    assertEquals(2, all.size());
    JsonObject add = all.getJsonObject(1);
    assertEquals(
        "{\"id\":"
            + add.getJsonNumber("id")
            + ",\"at\":\"2026-12-06T14:10:00Z\","
            + "\"principal\":\"admin\",\"session\":null,\"store\":\"authentication\","
            + "\"script\":\"add principal \\\"alice\\\" \\\"********\\\" [\\\"TRADER\\\"]\","
            + "\"node\":\"node-a\"}",
        add.toString());
    long first = all.getJsonObject(0).getJsonNumber("id").longValue();
    assertEquals(List.of(add), array(admin.audit(first, 100)));
    assertEquals(1, array(admin.audit(0, 1)).size());
    assertThrows(IllegalArgumentException.class, () -> admin.audit(0, 0));
  }
}
