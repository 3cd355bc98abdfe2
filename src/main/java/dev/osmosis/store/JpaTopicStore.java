package dev.osmosis.store;

import dev.osmosis.durable.TopicState;
import dev.osmosis.durable.TopicStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * The core's {@link TopicStore} on the persistence unit {@code osmosis}: each call one JTA
 * transaction ({@link TopicRows} does the work). The schema is migrated first ({@link Database}).
 */
@ApplicationScoped
public class JpaTopicStore implements TopicStore {
  @PersistenceContext(unitName = "osmosis")
  EntityManager em;

  @Inject Database database;

  @Override
  @Transactional
  public List<TopicState> loadAll() {
    database.schemaVersion(); // migrated before the first read
    return TopicRows.loadAll(em);
  }

  @Override
  @Transactional
  public void write(List<TopicState> batch) {
    TopicRows.write(em, batch, System.currentTimeMillis());
  }
}
