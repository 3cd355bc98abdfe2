package dev.osmosis.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * {@link Transactions} outside Payara: each unit of work in a RESOURCE_LOCAL transaction of an
 * entity manager of its own, as {@link JtaTransactions} gives each its own JTA transaction.
 */
final class LocalTransactions implements Transactions {
  private final EntityManagerFactory factory;

  LocalTransactions(EntityManagerFactory factory) {
    this.factory = factory;
  }

  /**
   * Another persistence unit {@code osmosis} on the same database, as a second server (node) has;
   * {@link TestDatabase#entityManagerFactory()} is the first. Close it at the end.
   */
  static EntityManagerFactory unit(DataSource database) {
    return Persistence.createEntityManagerFactory(
        "osmosis",
        Map.of(
            "jakarta.persistence.transactionType", "RESOURCE_LOCAL",
            "jakarta.persistence.jtaDataSource", "",
            "jakarta.persistence.nonJtaDataSource", database,
            "eclipselink.weaving", "false",
            "eclipselink.logging.level", "WARNING"));
  }

  @Override
  public <T> T inTransaction(Function<EntityManager, T> work) {
    EntityManager em = factory.createEntityManager();
    EntityTransaction tx = em.getTransaction();
    try {
      tx.begin();
      T result = work.apply(em);
      tx.commit();
      return result;
    } finally {
      if (tx.isActive()) {
        tx.rollback();
      }
      em.close();
    }
  }
}
