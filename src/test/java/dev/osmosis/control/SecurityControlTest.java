package dev.osmosis.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.error.RequestException;
import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.AuditEntry;
import dev.osmosis.security.AuthenticationConfiguration;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.MemorySecurityStorage;
import dev.osmosis.security.PasswordCheck;
import dev.osmosis.security.PasswordHasher;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.PropertyValidation;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityAudit;
import dev.osmosis.security.SecurityConfiguration;
import dev.osmosis.security.SecurityPolicy;
import dev.osmosis.security.SecurityStorage;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.security.StoredPrincipal;
import dev.osmosis.security.SystemPrincipal;
import dev.osmosis.wire.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SecurityControlTest {
  static final PasswordHasher FAST = new PasswordHasher(1_000);
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"), "s-1");
  static final Caller VIEWER = new Caller("viewer", Set.of("VIEWER"));
  static final Caller CLIENT = new Caller("client", Set.of("CLIENT"));

  final AtomicReference<SecurityStore> store = new AtomicReference<>(initial());
  final MemorySecurityStorage storage = new MemorySecurityStorage();
  final SecurityAudit.InMemory audit = new SecurityAudit.InMemory();
  final SecurityControl control =
      new SecurityControl(
          store,
          storage,
          audit,
          FAST::hash,
          PasswordCheck.PBKDF2,
          Clock.fixed(Instant.ofEpochMilli(1234), ZoneOffset.UTC),
          () -> "node-a");

  static SecurityStore initial() {
    return new SecurityStore(
        new AnonymousPolicy(true, Set.of("CLIENT")),
        List.of(
            new StoredPrincipal("client", FAST.hash("password"), Set.of("CLIENT")),
            new StoredPrincipal("admin", FAST.hash("adm1n"), Set.of("ADMINISTRATOR"))),
        new SecurityPolicy(
            List.of(
                new Role("CLIENT", Set.of(), Set.of(PathPermission.READ_TOPIC), Map.of(), Set.of()),
                new Role(
                    "VIEWER", Set.of(GlobalPermission.VIEW_SECURITY), Set.of(), Map.of(), Set.of()),
                new Role(
                    "ADMINISTRATOR",
                    Set.of(GlobalPermission.values()),
                    Set.of(PathPermission.values()),
                    Map.of(),
                    Set.of("CLIENT")))));
  }

  @Test
  void configurations_readTheCurrentStore_neverAHash() {
    SecurityConfiguration security = control.securityConfiguration(VIEWER);
    assertEquals(
        List.of("ADMINISTRATOR", "CLIENT", "VIEWER"),
        security.roles().stream().map(Role::name).toList());
    assertEquals(List.of(), security.isolatedPaths());
    AuthenticationConfiguration auth = control.authenticationConfiguration(VIEWER);
    assertEquals(
        List.of(
            new SystemPrincipal("admin", List.of("ADMINISTRATOR"), null),
            new SystemPrincipal("client", List.of("CLIENT"), null)),
        auth.principals());
    assertEquals("allow", auth.anonymousAction());
    assertEquals(List.of("CLIENT"), auth.anonymousRoles());
    assertFalse(auth.toString().contains("pbkdf2"));
  }

  @Test
  void everyOperation_withoutThePermission_isRefusedNamingIt() {
    for (Runnable call :
        List.<Runnable>of(
            () -> control.securityConfiguration(CLIENT),
            () -> control.authenticationConfiguration(CLIENT),
            () -> control.audit(CLIENT, 0, 10))) {
      RequestException e = assertThrows(RequestException.class, call::run);
      assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
      assertEquals("VIEW_SECURITY permission required", e.getMessage());
    }
    for (Runnable call :
        List.<Runnable>of(
            () -> control.updateSecurityStore(VIEWER, "isolate path \"a\""),
            () -> control.updateAuthenticationStore(VIEWER, "deny anonymous connections"))) {
      RequestException e = assertThrows(RequestException.class, call::run);
      assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
      assertEquals("MODIFY_SECURITY permission required", e.getMessage());
    }
    assertTrue(storage.writes.isEmpty());
  }

  @Test
  void update_persistsPublishesNotifiesAndAudits_passwordsMasked() {
    List<String> heard = new ArrayList<>();
    control.listen(
        (before, after) ->
            heard.add(before.principals().size() + "->" + after.principals().size()));
    control.updateAuthenticationStore(ADMIN, "add principal \"alice\" \"s3cret\" [\"CLIENT\"]");
    assertTrue(store.get().principal("alice").isPresent());
    assertSame(store.get(), storage.stored);
    assertEquals(List.of("replace authentication store script by admin"), storage.writes);
    assertEquals(List.of("2->3"), heard);
    assertEquals(
        List.of(
            new AuditEntry(
                1,
                1234,
                "admin",
                "s-1",
                "authentication",
                "add principal \"alice\" \"********\" [\"CLIENT\"]",
                "node-a")),
        control.audit(VIEWER, 0, 10));
  }

  @Test
  void update_ofTheSecurityStore_isReadBack() {
    control.updateSecurityStore(
        ADMIN, "set roles for named sessions [\"CLIENT\"]\nisolate path \"private\"");
    SecurityConfiguration read = control.securityConfiguration(ADMIN);
    assertEquals(List.of("CLIENT"), read.named());
    assertEquals(List.of("private"), read.isolatedPaths());
    assertEquals(AuditEntry.SECURITY, control.audit(ADMIN, 0, 10).get(0).store());
  }

  @Test
  void scriptError_isInvalidArgument_andChangesNothing() {
    SecurityStore before = store.get();
    RequestException e =
        assertThrows(
            RequestException.class,
            () ->
                control.updateSecurityStore(
                    ADMIN, "isolate path \"a\"\nset global permissions \"X\" [NOPE]"));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertEquals("line 2, column 29: unknown permission NOPE", e.getMessage());
    assertSame(before, store.get());
    assertTrue(storage.writes.isEmpty());
    assertTrue(control.audit(ADMIN, 0, 10).isEmpty());
  }

  @Test
  void lockedPrincipal_changedByAnother_isPermissionDenied() {
    control.updateAuthenticationStore(ADMIN, "add principal \"bob\" \"pw\" [] locked by \"root\"");
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> control.updateAuthenticationStore(ADMIN, "remove principal \"bob\""));
    assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
    assertTrue(e.getMessage().contains("locked by principal root"));
  }

  @Test
  void storageFailure_isUnavailable_andNothingIsPublished() {
    SecurityStore before = store.get();
    SecurityControl failing =
        new SecurityControl(
            store,
            new SecurityStorage() {
              @Override
              public Optional<SecurityStore> load() {
                return Optional.empty();
              }

              @Override
              public boolean seed(SecurityStore s, String source) {
                return false;
              }

              @Override
              public void replace(SecurityStore s, String source) {
                throw new IllegalStateException("database down");
              }
            },
            audit,
            FAST::hash,
            PasswordCheck.PBKDF2,
            Clock.systemUTC(),
            () -> "node-a");
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> failing.updateAuthenticationStore(ADMIN, "deny anonymous connections"));
    assertEquals(ErrorCode.UNAVAILABLE, e.code());
    assertSame(before, store.get());
    assertTrue(audit.after(0, 10).isEmpty());
  }

  @Test
  void check_refusesASnapshot_withInvalidArgument_andNothingChanges() {
    control.check(
        s -> {
          if (s.anonymous().allowed()) {
            throw new IllegalArgumentException("anonymous connections stay off in production");
          }
        });
    control.updateAuthenticationStore(ADMIN, "deny anonymous connections");
    SecurityStore before = store.get();
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> control.updateAuthenticationStore(ADMIN, "allow anonymous connections []"));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertEquals("anonymous connections stay off in production", e.getMessage());
    assertSame(before, store.get());
    assertEquals(1, storage.writes.size());
  }

  @Test
  void trustedProperties_areReadBack() {
    control.updateAuthenticationStore(
        ADMIN, "trust client proposed property \"Tier\" allows [\"gold\"]");
    assertEquals(
        Map.of("Tier", PropertyValidation.values(List.of("gold"))),
        control.authenticationConfiguration(ADMIN).trustedClientProposedProperties());
  }

  @Test
  void audit_pagesAfterAnId_andLimitsTheRead() {
    for (int i = 0; i < 3; i++) {
      control.updateSecurityStore(ADMIN, "isolate path \"p" + i + "\"");
    }
    assertEquals(
        List.of(2L, 3L), control.audit(ADMIN, 1, 10).stream().map(AuditEntry::id).toList());
    assertEquals(List.of(1L), control.audit(ADMIN, 0, 1).stream().map(AuditEntry::id).toList());
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(RequestException.class, () -> control.audit(ADMIN, 0, 0)).code());
    assertEquals("s-1", control.audit(VIEWER, 0, 1).get(0).session());
    control.updateSecurityStore(new Caller("api", Set.of("ADMINISTRATOR")), "isolate path \"q\"");
    assertNull(control.audit(VIEWER, 3, 1).get(0).session(), "the admin API has no session");
  }
}
