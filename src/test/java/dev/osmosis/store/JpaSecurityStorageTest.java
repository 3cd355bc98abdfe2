package dev.osmosis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.platform.SecurityStoreFile;
import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.AuditEntry;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.PasswordHasher;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.PropertyValidation;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityPolicy;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.security.StoreSeeding;
import dev.osmosis.security.StoredPrincipal;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The security store in the database, on in-memory H2 with the real migrations; several persistence
 * units on one database play several nodes.
 */
class JpaSecurityStorageTest {
  private static final PasswordHasher FAST = new PasswordHasher(1_000);
  private final TestDatabase database = TestDatabase.create();
  private final List<EntityManagerFactory> units = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    units.forEach(EntityManagerFactory::close);
    database.close();
  }

  /** A server's view of the database: its own persistence unit, as another node would have. */
  private JpaSecurityStorage node() {
    return new JpaSecurityStorage(transactions(), Clock.systemUTC());
  }

  private Transactions transactions() {
    EntityManagerFactory unit = LocalTransactions.unit(database.dataSource());
    units.add(unit);
    return new LocalTransactions(unit);
  }

  /** Every field the store has: global, default-path, path (one empty), includes, anonymous. */
  static SecurityStore rich(String admin) {
    Role reader =
        new Role(
            "READER",
            Set.of(),
            Set.of(PathPermission.SELECT_TOPIC, PathPermission.READ_TOPIC),
            Map.of("prices", Set.of(PathPermission.UPDATE_TOPIC), "prices/internal", Set.of()),
            Set.of());
    Role boss =
        new Role(
            "BOSS",
            Set.of(GlobalPermission.VIEW_SECURITY, GlobalPermission.MODIFY_SECURITY),
            Set.of(),
            Map.of("a/b/c", Set.of(PathPermission.values())),
            Set.of("READER"));
    return new SecurityStore(
        new AnonymousPolicy(true, Set.of("READER")),
        List.of(
            new StoredPrincipal(admin, FAST.hash("x"), Set.of("BOSS", "READER")),
            new StoredPrincipal("nobody", FAST.hash("y"), Set.of())),
        new SecurityPolicy(List.of(reader, boss)));
  }

  private static void assertSameStore(SecurityStore expected, SecurityStore actual) {
    assertEquals(expected.anonymous(), actual.anonymous());
    assertEquals(expected.principals(), actual.principals());
    assertEquals(expected.policy().roles(), actual.policy().roles());
  }

  @Test
  void load_whenNewDatabase_thenNothing() {
    assertTrue(node().load().isEmpty());
  }

  @Test
  void seed_thenEveryFieldRoundTrips() {
    JpaSecurityStorage storage = node();
    SecurityStore store = rich("boss");
    assertTrue(storage.seed(store, "rich.json"));
    assertSameStore(store, node().load().orElseThrow());
  }

  @Test
  void seed_whenTheShippedStore_thenRoundTrips() {
    SecurityStore shipped = SecurityStoreFile.defaults();
    assertTrue(node().seed(shipped, "defaults"));
    assertSameStore(shipped, node().load().orElseThrow());
  }

  @Test
  void seed_whenAnonymousDenied_thenRoundTrips() {
    SecurityStore store = rich("boss").withAnonymous(AnonymousPolicy.DENIED);
    assertTrue(node().seed(store, "f"));
    assertSameStore(store, node().load().orElseThrow());
  }

  @Test
  void seed_whenAlreadySeeded_thenRefusedOnTheKeyAndTheFirstStays() {
    SecurityStore first = rich("first");
    assertTrue(node().seed(first, "a.json"));
    assertFalse(node().seed(rich("second"), "b.json"));
    assertSameStore(first, node().load().orElseThrow());
  }

  @Test
  void seed_whenTheWriteFailsAndNobodySeeded_thenItsFailureIsThrownAndNothingStored() {
    sql("DROP TABLE SECURITY_PRINCIPAL_ROLE");
    assertThrows(RuntimeException.class, () -> node().seed(rich("boss"), "a.json"));
    assertTrue(node().load().isEmpty(), "rolled back as a whole");
  }

  @Test
  void seed_whenTheDatabaseFails_thenTheSeedsFailureIsThrown() {
    sql("DROP TABLE SECURITY_STORE CASCADE");
    RuntimeException e =
        assertThrows(RuntimeException.class, () -> node().seed(rich("boss"), "a.json"));
    assertEquals(1, e.getSuppressed().length, "the failed read after it rides along");
  }

  @Test
  void seed_whenNodesRace_thenExactlyOneSeedsAndAllReadIt() throws Exception {
    int nodes = 4;
    List<JpaSecurityStorage> storages = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      storages.add(node());
    }
    CyclicBarrier start = new CyclicBarrier(nodes);
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    try {
      List<Future<StoreSeeding.Result>> results = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        JpaSecurityStorage storage = storages.get(i);
        SecurityStore own = rich("node" + i);
        Callable<StoreSeeding.Result> open =
            () -> {
              start.await();
              return StoreSeeding.open(storage, () -> own, "node.json", false);
            };
        results.add(pool.submit(open));
      }
      List<SecurityStore> stores = new ArrayList<>();
      AtomicInteger seeded = new AtomicInteger();
      for (Future<StoreSeeding.Result> result : results) {
        StoreSeeding.Result r = result.get();
        stores.add(r.store());
        if (r.outcome() == StoreSeeding.Outcome.SEEDED) {
          seeded.incrementAndGet();
        }
      }
      assertEquals(1, seeded.get(), "exactly one node seeds");
      SecurityStore stored = node().load().orElseThrow();
      for (SecurityStore store : stores) {
        assertSameStore(stored, store);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void open_whenSeededBefore_thenTheSecondStartReadsTheDatabaseNotTheFile() {
    StoreSeeding.open(node(), () -> rich("boss"), "store.json", false);
    units.remove(0).close(); // the first server stops
    SecurityStore changedInTheDatabase = rich("renamed");
    node().replace(changedInTheDatabase, "test");

    StoreSeeding.Result second =
        StoreSeeding.open(
            node(),
            () -> {
              throw new AssertionError("the file must not be read again");
            },
            "store.json",
            false);
    assertEquals(StoreSeeding.Outcome.READ, second.outcome());
    assertSameStore(changedInTheDatabase, second.store());
  }

  @Test
  void replace_thenTheWholeStoreIsReplacedAndTheVersionCounted() {
    JpaSecurityStorage storage = node();
    storage.seed(rich("boss"), "a.json");
    SecurityStore smaller =
        new SecurityStore(
            AnonymousPolicy.DENIED,
            List.of(new StoredPrincipal("solo", FAST.hash("z"), Set.of("ONLY"))),
            new SecurityPolicy(
                List.of(new Role("ONLY", Set.of(), Set.of(), Map.of("p", Set.of()), Set.of()))));
    storage.replace(smaller, "b.json");
    assertSameStore(smaller, node().load().orElseThrow());
    SecurityStoreRow header = header();
    assertEquals(2, header.version());
    assertEquals("b.json", header.source());
  }

  @Test
  void replace_whenNothingStored_thenStoresIt() {
    SecurityStore store = rich("boss");
    node().replace(store, "r.json");
    assertSameStore(store, node().load().orElseThrow());
    assertEquals(1, header().version());
  }

  @Test
  void load_whenTheDatabaseNamesAnUnknownPermission_thenRefusesNamingIt() {
    node().seed(rich("boss"), "a.json");
    sql("INSERT INTO SECURITY_ROLE_GLOBAL (ROLE_NAME, PERMISSION) VALUES ('READER', 'FLY')");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> node().load());
    assertTrue(e.getMessage().contains("role READER has unknown permission 'FLY'"), e.getMessage());
  }

  @Test
  void load_whenTheDatabaseIncludesAnUndefinedRole_thenRefusesNamingIt() {
    node().seed(rich("boss"), "a.json");
    sql("INSERT INTO SECURITY_ROLE_INCLUDE (ROLE_NAME, INCLUDED) VALUES ('READER', 'GHOST')");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> node().load());
    assertTrue(
        e.getMessage().contains("is not valid: Role READER includes undefined role GHOST"),
        e.getMessage());
  }

  /** {@link #rich} with every field security administration adds (V3). */
  static SecurityStore administered() {
    SecurityStore rich = rich("boss");
    SecurityStore withPolicy =
        new SecurityStore(
            new AnonymousPolicy(AnonymousPolicy.Action.ABSTAIN, Set.of("READER")),
            List.of(
                new StoredPrincipal("boss", FAST.hash("x"), Set.of("BOSS"), null),
                new StoredPrincipal("locked", FAST.hash("y"), Set.of("READER"), "boss")),
            new SecurityPolicy(
                rich.policy().roles().values(),
                Set.of("READER"),
                Set.of("READER", "BOSS"),
                Set.of("private", "a/b")),
            Map.of(
                "Department",
                PropertyValidation.matches("Sales|Support"),
                "Tier",
                PropertyValidation.values(List.of("gold", "silver", "bronze"))));
    return withPolicy;
  }

  private static void assertSameAdministeredStore(SecurityStore expected, SecurityStore actual) {
    assertSameStore(expected, actual);
    assertEquals(expected.policy().namedDefaults(), actual.policy().namedDefaults());
    assertEquals(expected.policy().anonymousDefaults(), actual.policy().anonymousDefaults());
    assertEquals(expected.policy().isolatedPaths(), actual.policy().isolatedPaths());
    assertEquals(expected.trustedProperties(), actual.trustedProperties());
  }

  @Test
  void seedAndReplace_thenEveryAdministeredFieldRoundTrips() {
    SecurityStore store = administered();
    assertTrue(node().seed(store, "a"));
    assertSameAdministeredStore(store, node().load().orElseThrow());
    SecurityStore plain = rich("boss");
    node().replace(plain, "b");
    SecurityStore back = node().load().orElseThrow();
    assertSameAdministeredStore(plain, back);
    assertTrue(back.trustedProperties().isEmpty());
    node().replace(store, "c");
    assertSameAdministeredStore(store, node().load().orElseThrow());
  }

  @Test
  void load_whenAV2RowWithoutAnAction_thenTheAllowedFlagDecides() {
    node().seed(rich("boss"), "a.json");
    sql("UPDATE SECURITY_STORE SET ANONYMOUS_ACTION = NULL");
    assertEquals(AnonymousPolicy.Action.ALLOW, node().load().orElseThrow().anonymous().action());
    sql("UPDATE SECURITY_STORE SET ANONYMOUS_ALLOWED = FALSE");
    assertEquals(AnonymousPolicy.Action.DENY, node().load().orElseThrow().anonymous().action());
  }

  @Test
  void load_whenADefaultRoleIsUndefined_thenRefusesNamingIt() {
    node().seed(rich("boss"), "a.json");
    sql("INSERT INTO SECURITY_NAMED_DEFAULT_ROLE (STORE_ID, ROLE_NAME) VALUES (1, 'GHOST')");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> node().load());
    assertTrue(e.getMessage().contains("undefined role GHOST"), e.getMessage());
  }

  @Test
  void audit_appendedOnOneNode_isReadOnAnother_inOrder() {
    JpaSecurityAudit first = new JpaSecurityAudit(transactions());
    JpaSecurityAudit second = new JpaSecurityAudit(transactions());
    AuditEntry a =
        first.append(new AuditEntry(0, 10, "admin", "s-1", "security", "isolate path \"a\"", "n1"));
    AuditEntry b =
        second.append(
            new AuditEntry(
                0, 20, null, null, "authentication", "deny anonymous connections", "n2"));
    assertTrue(b.id() > a.id());
    assertEquals(List.of(a, b), first.after(0, 10));
    assertEquals(List.of(b), second.after(a.id(), 10));
    assertEquals(List.of(a), second.after(0, 1));
    assertEquals("isolate path \"a\"", first.after(0, 1).get(0).script());
  }

  private SecurityStoreRow header() {
    return transactions().inTransaction(em -> em.find(SecurityStoreRow.class, SecurityStoreRow.ID));
  }

  private void sql(String statement) {
    transactions().inTransaction(em -> em.createNativeQuery(statement).executeUpdate());
  }
}
