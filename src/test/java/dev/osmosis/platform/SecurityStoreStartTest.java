package dev.osmosis.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.security.MemorySecurityStorage;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.TestSessions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which store a server starts with, and the production switch applied to the seed. */
class SecurityStoreStartTest {
  private static final String FILE = "payara-config/security-store.json";
  private final MemorySecurityStorage storage = new MemorySecurityStorage();

  @Test
  void open_whenEmpty_thenSeedsFromTheFile() {
    SecurityStore store =
        SecurityStoreStart.open(storage, DeploymentSettings.defaults(), FILE, false);
    assertEquals(List.of("seed " + FILE), storage.writes);
    assertEquals(
        SecurityStoreFile.load(java.nio.file.Path.of(FILE)).principals(), store.principals());
  }

  @Test
  void open_whenStored_thenTheFileIsNotRead() {
    storage.stored = TestSessions.store();
    SecurityStore store =
        SecurityStoreStart.open(
            storage, DeploymentSettings.defaults(), "no/such/store.json", false);
    assertSame(storage.stored, store);
    assertEquals(List.of(), storage.writes);
  }

  @Test
  void open_whenReseed_thenTheFileReplacesTheStored() {
    storage.stored = TestSessions.store();
    SecurityStoreStart.open(storage, DeploymentSettings.defaults(), FILE, true);
    assertEquals(List.of("replace " + FILE), storage.writes);
  }

  @Test
  void open_whenProductionAndTheSeedHasDefaultPasswords_thenRefusedBeforeStoring() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> SecurityStoreStart.open(storage, LifecycleTest.PRODUCTION, null, false));
    assertTrue(e.getMessage().contains("Refusing to start"), e.getMessage());
    assertEquals(List.of(), storage.writes);
  }

  @Test
  void open_whenProductionAndTheStoredHasDefaultPasswords_thenLifecycleRefuses() {
    storage.stored = SecurityStoreFile.defaults();
    SecurityStore store =
        SecurityStoreStart.open(storage, LifecycleTest.PRODUCTION, "unread.json", false);
    assertThrows(
        IllegalStateException.class,
        () -> Lifecycle.checkProduction(LifecycleTest.PRODUCTION, store));
  }
}
