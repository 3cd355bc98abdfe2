package dev.osmosis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.osmosis.metrics.CollectorSet;
import dev.osmosis.metrics.SessionMetricCollector;
import dev.osmosis.metrics.TopicMetricCollector;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The metric collectors in the database, on in-memory H2 with the real migrations (V4). */
class JpaCollectorStorageTest {
  private final TestDatabase database = TestDatabase.create();
  private final List<EntityManagerFactory> units = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    units.forEach(EntityManagerFactory::close);
    database.close();
  }

  /** A server's view of the database: its own persistence unit, as after a restart. */
  private JpaCollectorStorage node() {
    EntityManagerFactory unit = LocalTransactions.unit(database.dataSource());
    units.add(unit);
    return new JpaCollectorStorage(new LocalTransactions(unit));
  }

  @Test
  void load_whenNothingStored_thenEmpty() {
    assertEquals(Optional.empty(), node().load());
  }

  @Test
  void replace_whenLoadedByAnotherUnit_thenSameCollectorsInCreationOrder() {
    CollectorSet set =
        new CollectorSet(
            List.of(
                SessionMetricCollector.of("z", "all", "$ClientType"),
                new SessionMetricCollector(
                    "a", "Department is 'it'", List.of("Team"), true, 10, true)),
            List.of(
                new TopicMetricCollector("t", "?prices//", true, true, 2, true, 50),
                TopicMetricCollector.of("z", "*a")));
    node().replace(set);

    assertEquals(Optional.of(set), node().load());
  }

  @Test
  void replace_whenSmallerSet_thenOnlyItRemains() {
    JpaCollectorStorage storage = node();
    storage.replace(
        new CollectorSet(
            List.of(SessionMetricCollector.of("a", "all"), SessionMetricCollector.of("b", "all")),
            List.of(TopicMetricCollector.of("t", "?x//"))));
    CollectorSet smaller =
        new CollectorSet(List.of(SessionMetricCollector.of("b", "all")), List.of());

    storage.replace(smaller);

    assertEquals(Optional.of(smaller), node().load());
    storage.replace(CollectorSet.EMPTY);
    assertEquals(Optional.empty(), node().load());
  }
}
