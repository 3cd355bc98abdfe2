package dev.osmosis.store;

import dev.osmosis.metrics.CollectorStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** The metric collectors' storage: the database, once its schema is up to date (V4). */
@ApplicationScoped
public class CollectorStorageProducer {
  @Inject Database database;
  @Inject JtaTransactions transactions;

  @Produces
  @Singleton
  CollectorStorage collectorStorage() {
    database.schemaVersion(); // migrated before the first read
    return new JpaCollectorStorage(transactions);
  }
}
