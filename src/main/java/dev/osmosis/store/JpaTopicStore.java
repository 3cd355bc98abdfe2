package dev.osmosis.store;

import dev.osmosis.durable.TopicState;
import dev.osmosis.durable.TopicStore;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The core's {@link TopicStore} on the database: each call one JTA transaction. The start-up read
 * is JPA on the persistence unit {@code osmosis} ({@link TopicRows}); the journal's writes are JDBC
 * statement batches on the same JTA data source ({@link TopicWrites}: the cost per row is what lets
 * one flusher keep up with the updates, docs/BENCHMARKS.md#persistence). The schema is migrated
 * first ({@link Database}).
 */
@ApplicationScoped
public class JpaTopicStore implements TopicStore {
  @PersistenceContext(unitName = "osmosis")
  EntityManager em;

  @Resource(lookup = Database.JNDI)
  DataSource dataSource;

  @Inject Database database;

  /** Only the journal's flusher writes (one thread at a time, TopicStore says). */
  private final TopicWrites writes = new TopicWrites();

  @Override
  @Transactional
  public List<TopicState> loadAll() {
    database.schemaVersion(); // migrated before the first read
    return TopicRows.loadAll(em);
  }

  /** The connection is the transaction's (the container enlists it): committed with it. */
  @Override
  @Transactional
  public void write(List<TopicState> batch) {
    try (Connection connection = dataSource.getConnection()) {
      if (connection.getAutoCommit()) { // each statement its own commit: not all or nothing
        throw new IllegalStateException("the data source's connection is not in the transaction");
      }
      writes.write(connection, batch, System.currentTimeMillis());
    } catch (SQLException e) {
      throw new IllegalStateException("writing " + batch.size() + " topics: " + e.getMessage(), e);
    }
  }
}
