package dev.osmosis.metrics;

import java.util.Optional;

/**
 * Where the collectors live between starts (the role the persistence boundary implements in the
 * database, {@code store.JpaCollectorStorage}; docs/PERSISTENCE.md). Like the security store's
 * {@code SecurityStorage}: {@link #load()} returns a complete snapshot (one transaction) or nothing
 * when none was ever stored; {@link #replace} is atomic (a concurrent load sees the old set or the
 * new one). Thread safe; used at start and on an administrator's change, never per message.
 */
public interface CollectorStorage {

  /** No database: the collectors live in memory only and are lost at a restart. */
  CollectorStorage NONE =
      new CollectorStorage() {
        @Override
        public Optional<CollectorSet> load() {
          return Optional.empty();
        }

        @Override
        public void replace(CollectorSet collectors) {}
      };

  /** The stored collectors, or empty if none were ever stored. */
  Optional<CollectorSet> load();

  /**
   * Replaces the stored collectors, whatever they are, by {@code collectors}, in one transaction.
   */
  void replace(CollectorSet collectors);
}
