package dev.osmosis.security;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which security store a server starts with: the stored one, unless the storage is empty (a new
 * database), in which case the seed (the store file) is stored once and used; or, when asked, the
 * seed replaces the stored one. The seed is only read when it is used, so after the first start the
 * file is not read at all. On a cluster, nodes starting together on an empty database seed once:
 * the ones that lose the race ({@link SecurityStorage#seed} answers false) read the winner's store.
 */
public final class StoreSeeding {
  /** What happened at start. */
  public enum Outcome {
    /** The storage held a store: it is the store, the seed was not read. */
    READ,
    /** The storage was empty: the seed was stored and is the store. */
    SEEDED,
    /** The storage was empty but another node seeded it first: its store was read. */
    READ_AFTER_RACE,
    /** Re-seeding was asked for: the seed replaced the stored store. */
    RESEEDED
  }

  /**
   * @param store the store to run with
   * @param outcome how it was found
   */
  public record Result(SecurityStore store, Outcome outcome) {}

  private StoreSeeding() {}

  /**
   * @param seed reads the seed (the store file); called only when the seed is used, and may throw
   *     to refuse it (e.g. the production switch) before anything is stored
   * @param source names the seed for the storage and the logs
   * @param reseed replace whatever is stored by the seed
   * @throws IllegalStateException if the storage holds no store even after losing a seeding race
   */
  public static Result open(
      SecurityStorage storage, Supplier<SecurityStore> seed, String source, boolean reseed) {
    Objects.requireNonNull(seed, "seed");
    if (reseed) {
      SecurityStore seeded = seed.get();
      storage.replace(seeded, source);
      return new Result(seeded, Outcome.RESEEDED);
    }
    Optional<SecurityStore> stored = storage.load();
    if (stored.isPresent()) {
      return new Result(stored.get(), Outcome.READ);
    }
    SecurityStore seeded = seed.get();
    if (storage.seed(seeded, source)) {
      return new Result(seeded, Outcome.SEEDED);
    }
    return new Result(
        storage
            .load()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "The security store storage refused the seed but holds no store")),
        Outcome.READ_AFTER_RACE);
  }
}
