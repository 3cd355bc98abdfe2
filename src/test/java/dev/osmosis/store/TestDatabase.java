package dev.osmosis.store;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A fresh in-memory H2 database for the store's fast tests, outside Payara: the schema migrated as
 * at start ({@link Migrations}), and the persistence unit {@code osmosis} on it with local
 * transactions (RESOURCE_LOCAL) instead of the container's JTA. Close it at the end of the test.
 */
public final class TestDatabase implements AutoCloseable {
  private static final AtomicInteger NEXT = new AtomicInteger();

  private final JdbcDataSource dataSource = new JdbcDataSource();
  private final Migrations.Outcome schema;
  private EntityManagerFactory factory;

  private TestDatabase(String... locations) {
    // kept while the JVM runs (DB_CLOSE_DELAY=-1) until close() drops it
    dataSource.setURL("jdbc:h2:mem:osmosis-test-" + NEXT.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    dataSource.setUser("osmosis");
    schema = Migrations.migrate(dataSource, TestDatabase.class.getClassLoader(), locations);
  }

  /** A new empty database with the application's schema ({@code db/migration}). */
  public static TestDatabase create() {
    return new TestDatabase();
  }

  /** A new database migrated with the given Flyway locations instead. */
  static TestDatabase withMigrations(String... locations) {
    return new TestDatabase(locations);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  Migrations.Outcome schema() {
    return schema;
  }

  /** The persistence unit {@code osmosis} on this database, RESOURCE_LOCAL. */
  public synchronized EntityManagerFactory entityManagerFactory() {
    if (factory == null) {
      factory =
          Persistence.createEntityManagerFactory(
              "osmosis",
              Map.of(
                  "jakarta.persistence.transactionType", "RESOURCE_LOCAL",
                  "jakarta.persistence.jtaDataSource", "",
                  "jakarta.persistence.nonJtaDataSource", dataSource,
                  "eclipselink.weaving", "false",
                  "eclipselink.logging.level", "WARNING"));
    }
    return factory;
  }

  @Override
  public synchronized void close() throws Exception {
    if (factory != null) {
      factory.close();
    }
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement()) {
      statement.execute("DROP ALL OBJECTS");
    }
  }
}
