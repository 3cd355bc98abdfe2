package dev.osmosis.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.TestSessions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The production switch (uses the shipped store: its real PBKDF2 hashes take a moment to check).
 */
class LifecycleTest {
  static final DeploymentSettings PRODUCTION =
      new DeploymentSettings(true, DeploymentSettings.defaults().allowedOrigins());

  @Test
  void checkProduction_whenDefaultPasswordsRemain_thenRefusesNamingThem() {
    SecurityStore shipped = SecurityStoreFile.defaults();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> Lifecycle.checkProduction(PRODUCTION, shipped));
    assertTrue(
        e.getMessage().contains("admin") && e.getMessage().contains("Refusing to start"),
        e.getMessage());
  }

  @Test
  void checkProduction_whenDevelopment_thenAllowedAndReportsThem() {
    List<String> defaults =
        Lifecycle.checkProduction(DeploymentSettings.defaults(), SecurityStoreFile.defaults());
    assertEquals(List.of("admin", "client", "control", "operator"), defaults);
  }

  @Test
  void checkProduction_whenOneDefaultLeft_thenRefusesNamingOnlyIt() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Lifecycle.checkProduction(PRODUCTION, TestSessions.store()));
    assertTrue(e.getMessage().contains("[client]"), e.getMessage());
  }

  @Test
  void checkProduction_whenNoDefaultPassword_thenStarts() {
    SecurityStore store = TestSessions.store();
    SecurityStore changed =
        new SecurityStore(
            store.anonymous(), List.of(store.principal("admin").orElseThrow()), store.policy());
    assertEquals(List.of(), Lifecycle.checkProduction(PRODUCTION, changed));
  }

  @Test
  void productionStore_whenProductionAndNotAllowed_thenAnonymousRefused_elseAsLoaded() {
    SecurityStore loaded = TestSessions.store();
    assertTrue(loaded.anonymous().allowed());
    SecurityStore production = Lifecycle.productionStore(PRODUCTION, false, loaded);
    assertEquals(false, production.anonymous().allowed());
    assertEquals(loaded.principals(), production.principals());
    assertTrue(
        Lifecycle.productionStore(PRODUCTION, true, loaded).anonymous().allowed(),
        "explicitly enabled");
    assertTrue(
        Lifecycle.productionStore(DeploymentSettings.defaults(), false, loaded)
            .anonymous()
            .allowed(),
        "development: the store decides");
  }

  @Test
  void defaultPasswords_coverEveryPrincipalOfBothShippedStores() throws Exception {
    SecurityStore copy =
        SecurityStoreFile.load(java.nio.file.Path.of("payara-config/security-store.json"));
    assertEquals(
        List.of("admin", "client", "control", "operator"),
        copy.principalsWithDefaultPassword(SecurityStoreFile.DEFAULT_PASSWORDS));
    assertTrue(
        SecurityStoreFile.DEFAULT_PASSWORDS.contains("s3cret"),
        "the password docs/SECURITY.md hashes as an example");
  }
}
