package dev.osmosis.security;

import java.util.Optional;

/**
 * Where the security store lives between starts (the role the persistence boundary implements in
 * the database; docs/PERSISTENCE.md "The security store"). The running server works on an immutable
 * {@link SecurityStore} snapshot; this role loads one and writes one, always as a whole.
 *
 * <p>Guarantees every implementation keeps, on one node and on a cluster sharing the storage:
 *
 * <ul>
 *   <li>{@link #load()} returns a complete, consistent snapshot (one transaction) or nothing when
 *       no store was ever written; stored data that no longer forms a valid store (a role
 *       undefined, a malformed hash) is an {@link IllegalStateException} naming the problem, never
 *       a partial store.
 *   <li>{@link #seed} is atomic and happens at most once: of any number of concurrent callers
 *       (nodes starting together) exactly one stores its snapshot and gets {@code true}; the others
 *       get {@code false} and read the winner's with {@link #load()}.
 *   <li>{@link #replace} is atomic: a concurrent {@link #load()} sees the old store or the new one,
 *       never a mix; concurrent replaces are serialised and the last one wins.
 * </ul>
 *
 * Implementations are thread safe. Nothing here is on a per-message path: a store is loaded at
 * start and replaced when an administrator changes it.
 */
public interface SecurityStorage {
  /** The stored security store, or empty if none was ever stored (a new database). */
  Optional<SecurityStore> load();

  /**
   * Stores {@code store} if no store is stored yet.
   *
   * @param source what the snapshot came from (a file name), kept with it for operators
   * @return true if this call stored it; false if a store was already there (another node seeded
   *     first), which the caller then reads with {@link #load()}
   */
  boolean seed(SecurityStore store, String source);

  /**
   * Replaces the stored store, whatever it holds, by {@code store}, in one transaction.
   *
   * @param source what the new snapshot came from, kept with it for operators
   */
  void replace(SecurityStore store, String source);
}
