package dev.osmosis.store;

import jakarta.persistence.EntityManager;
import java.util.function.Function;

/**
 * Runs a unit of work in one transaction of its own: JTA in the server ({@link JtaTransactions}),
 * {@code RESOURCE_LOCAL} in the fast tests. Commits when the work returns, rolls back when it
 * throws (and rethrows).
 */
public interface Transactions {
  <T> T inTransaction(Function<EntityManager, T> work);
}
