package dev.osmosis.store;

import dev.osmosis.metrics.CollectorGroup;
import dev.osmosis.metrics.CollectorJson;
import dev.osmosis.metrics.CollectorSet;
import dev.osmosis.metrics.CollectorStorage;
import dev.osmosis.metrics.SessionMetricCollector;
import dev.osmosis.metrics.TopicMetricCollector;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The metric collectors in the database (table {@code METRIC_COLLECTOR}): {@link #load()} reads
 * every row in one transaction, {@link #replace} deletes them and writes the new set in one
 * transaction, so a concurrent load sees the old set or the new one. An empty table is "none
 * stored" (a set with no collectors stores nothing either: the same thing after a restart).
 */
public final class JpaCollectorStorage implements CollectorStorage {
  private final Transactions transactions;

  public JpaCollectorStorage(Transactions transactions) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
  }

  @Override
  public Optional<CollectorSet> load() {
    List<MetricCollectorRow> rows =
        transactions.inTransaction(
            em ->
                em.createQuery("SELECT c FROM MetricCollector c", MetricCollectorRow.class)
                    .getResultList());
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    List<MetricCollectorRow> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingInt(MetricCollectorRow::position));
    List<SessionMetricCollector> session = new ArrayList<>();
    List<TopicMetricCollector> topic = new ArrayList<>();
    for (MetricCollectorRow row : sorted) {
      JsonObject definition = parse(row.definition());
      switch (row.kind()) {
        case CollectorGroup.SESSION ->
            session.add(CollectorJson.sessionCollector(null, definition));
        case CollectorGroup.TOPIC -> topic.add(CollectorJson.topicCollector(null, definition));
        default ->
            throw new IllegalStateException(
                "METRIC_COLLECTOR has a row of unknown kind '" + row.kind() + "'");
      }
    }
    return Optional.of(new CollectorSet(session, topic));
  }

  @Override
  public void replace(CollectorSet collectors) {
    transactions.inTransaction(
        em -> {
          em.createQuery("DELETE FROM MetricCollector c").executeUpdate();
          int position = 0;
          for (SessionMetricCollector c : collectors.sessionCollectors()) {
            em.persist(
                new MetricCollectorRow(
                    CollectorGroup.SESSION,
                    c.name(),
                    position++,
                    CollectorJson.json(c).toString()));
          }
          position = 0;
          for (TopicMetricCollector c : collectors.topicCollectors()) {
            em.persist(
                new MetricCollectorRow(
                    CollectorGroup.TOPIC, c.name(), position++, CollectorJson.json(c).toString()));
          }
          return null;
        });
  }

  private static JsonObject parse(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }
}
