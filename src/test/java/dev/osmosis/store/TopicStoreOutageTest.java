package dev.osmosis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.durable.TopicJournal;
import dev.osmosis.durable.TopicState;
import dev.osmosis.durable.TopicStore;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.topic.TopicValue;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The journal on the real JPA store (in-memory H2) while the database is lost and comes back: the
 * table disappears under it (renamed away), changes keep coming, the health says DEGRADED with the
 * database's reason and the backlog; when the table is back, the latest state of every topic is
 * written.
 */
class TopicStoreOutageTest {
  static final TopicSpecification STRING = TopicSpecification.of(TopicType.STRING);

  final TestDatabase database = TestDatabase.create();

  /** TopicRows and TopicWrites in a local transaction per call, as JpaTopicStore does with JTA. */
  final TopicStore store =
      new TopicStore() {
        @Override
        public List<TopicState> loadAll() {
          EntityManager em = database.entityManagerFactory().createEntityManager();
          try {
            return TopicRows.loadAll(em);
          } finally {
            em.close();
          }
        }

        final TopicWrites writes = new TopicWrites();

        @Override
        public void write(List<TopicState> batch) {
          try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
              writes.write(c, batch, System.currentTimeMillis());
              c.commit();
            } catch (SQLException | RuntimeException e) {
              c.rollback();
              throw e;
            }
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        }
      };

  final TopicJournal journal = new TopicJournal(store, 100, 1_000);

  @AfterEach
  void close() throws Exception {
    database.close();
  }

  private void sql(String statement) throws Exception {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static TopicState state(String path, String value, long sequence) {
    return TopicState.of(path, 1, STRING, TopicValue.string(value), sequence);
  }

  @Test
  void journal_whenTheDatabaseIsLostAndBack_thenDegradedMeanwhileAndTheLatestValuesWrittenAfter()
      throws Exception {
    journal.changed(state("a", "1", 1));
    journal.changed(state("b", "1", 1));
    assertTrue(journal.flushNow());
    sql("ALTER TABLE osmosis_topic RENAME TO osmosis_topic_away");

    journal.changed(state("a", "2", 2));
    journal.changed(state("c", "1", 1));
    assertFalse(journal.flushNow());
    TopicJournal.Health health = journal.health();
    assertEquals(TopicJournal.State.DEGRADED, health.state());
    assertEquals(2, health.backlog());
    assertTrue(health.reason().toUpperCase().contains("OSMOSIS_TOPIC"), health.reason());

    journal.changed(state("a", "3", 3)); // updates keep coming; the latest wins
    assertFalse(journal.flushNow());
    sql("ALTER TABLE osmosis_topic_away RENAME TO osmosis_topic");
    assertTrue(journal.flushNow());
    health = journal.health();
    assertEquals(TopicJournal.State.OK, health.state());
    assertEquals(0, health.backlog());
    assertEquals(2, health.failures());
    List<TopicState> stored = new java.util.ArrayList<>(store.loadAll());
    stored.sort(java.util.Comparator.comparing(TopicState::path));
    assertEquals(List.of(state("a", "3", 3), state("b", "1", 1), state("c", "1", 1)), stored);
  }
}
