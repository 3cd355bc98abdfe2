package dev.osmosis.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.function.Function;

/**
 * {@link Transactions} in the server: each unit of work in a JTA transaction of its own on the
 * persistence unit {@code osmosis}; a runtime exception rolls it back and is rethrown.
 */
@ApplicationScoped
public class JtaTransactions implements Transactions {
  @PersistenceContext(unitName = "osmosis")
  EntityManager em;

  @Override
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public <T> T inTransaction(Function<EntityManager, T> work) {
    return work.apply(em);
  }
}
