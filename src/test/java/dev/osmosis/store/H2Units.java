package dev.osmosis.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The persistence unit {@code osmosis} outside Payara for fast tests: RESOURCE_LOCAL on an
 * in-memory H2 database migrated by the real migrations, so the entities are checked against the
 * DDL the server runs.
 */
final class H2Units {
  private static final AtomicInteger NEXT = new AtomicInteger();

  private H2Units() {}

  /** A new, migrated, in-memory database's JDBC URL (kept until the JVM exits). */
  static String newDatabase() {
    String url = "jdbc:h2:mem:secstore" + NEXT.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url);
    ds.setUser("sa");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    return url;
  }

  static EntityManagerFactory unit(String url) {
    Map<String, Object> p = new HashMap<>();
    p.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
    p.put("jakarta.persistence.jtaDataSource", "");
    p.put("jakarta.persistence.jdbc.driver", "org.h2.Driver");
    p.put("jakarta.persistence.jdbc.url", url);
    p.put("jakarta.persistence.jdbc.user", "sa");
    p.put("jakarta.persistence.jdbc.password", "");
    p.put("eclipselink.logging.level", "WARNING");
    return Persistence.createEntityManagerFactory("osmosis", p);
  }

  /** Transactions of a RESOURCE_LOCAL unit: one entity manager per unit of work. */
  static Transactions transactions(EntityManagerFactory emf) {
    return new Transactions() {
      @Override
      public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
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
    };
  }
}
