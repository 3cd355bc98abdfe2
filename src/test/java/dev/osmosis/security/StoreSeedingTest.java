package dev.osmosis.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class StoreSeedingTest {
  private final SecurityStore file = TestStores.store(true);
  private final SecurityStore other = TestStores.store(false);
  private final AtomicInteger fileReads = new AtomicInteger();
  private final Supplier<SecurityStore> seed =
      () -> {
        fileReads.incrementAndGet();
        return file;
      };

  @Test
  void open_whenEmpty_thenSeedsOnceFromTheFile() {
    MemorySecurityStorage storage = new MemorySecurityStorage();
    StoreSeeding.Result result = StoreSeeding.open(storage, seed, "store.json", false);
    assertEquals(StoreSeeding.Outcome.SEEDED, result.outcome());
    assertSame(file, result.store());
    assertEquals(List.of("seed store.json"), storage.writes);
  }

  @Test
  void open_whenStored_thenReadsItAndNeverTheFile() {
    MemorySecurityStorage storage = new MemorySecurityStorage();
    storage.stored = other;
    StoreSeeding.Result result = StoreSeeding.open(storage, seed, "store.json", false);
    assertEquals(StoreSeeding.Outcome.READ, result.outcome());
    assertSame(other, result.store());
    assertEquals(0, fileReads.get());
    assertEquals(List.of(), storage.writes);
  }

  @Test
  void open_whenAnotherNodeSeededFirst_thenReadsTheirs() {
    MemorySecurityStorage storage = new MemorySecurityStorage();
    storage.seededMeanwhile = other; // empty at load, seeded by another node before our seed
    StoreSeeding.Result result = StoreSeeding.open(storage, seed, "store.json", false);
    assertEquals(StoreSeeding.Outcome.READ_AFTER_RACE, result.outcome());
    assertSame(other, result.store());
  }

  @Test
  void open_whenReseed_thenTheFileReplacesTheStored() {
    MemorySecurityStorage storage = new MemorySecurityStorage();
    storage.stored = other;
    StoreSeeding.Result result = StoreSeeding.open(storage, seed, "store.json", true);
    assertEquals(StoreSeeding.Outcome.RESEEDED, result.outcome());
    assertSame(file, storage.stored);
    assertEquals(List.of("replace store.json"), storage.writes);
  }

  @Test
  void open_whenTheSeedIsRefused_thenNothingIsStored() {
    MemorySecurityStorage storage = new MemorySecurityStorage();
    Supplier<SecurityStore> refused =
        () -> {
          throw new IllegalStateException("default passwords");
        };
    assertThrows(
        IllegalStateException.class, () -> StoreSeeding.open(storage, refused, "f", false));
    assertEquals(List.of(), storage.writes);
    assertTrue(storage.load().isEmpty());
  }
}
