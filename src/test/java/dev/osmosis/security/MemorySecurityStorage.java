package dev.osmosis.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link SecurityStorage} in memory for tests: records its writes ("seed SOURCE", "replace
 * SOURCE") and can simulate another node seeding between a load and a seed.
 */
public final class MemorySecurityStorage implements SecurityStorage {
  public SecurityStore stored;

  /** When set, a seed finds this store seeded by another node first. */
  public SecurityStore seededMeanwhile;

  public final List<String> writes = new ArrayList<>();

  @Override
  public Optional<SecurityStore> load() {
    return Optional.ofNullable(stored);
  }

  @Override
  public boolean seed(SecurityStore store, String source) {
    if (seededMeanwhile != null) {
      stored = seededMeanwhile;
    }
    if (stored != null) {
      return false;
    }
    stored = store;
    writes.add("seed " + source);
    return true;
  }

  @Override
  public void replace(SecurityStore store, String source) {
    stored = store;
    writes.add("replace " + source);
  }
}
