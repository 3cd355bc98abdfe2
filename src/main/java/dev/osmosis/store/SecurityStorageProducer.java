package dev.osmosis.store;

import dev.osmosis.security.SecurityStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The security store's storage: the database, once its schema is up to date. */
@ApplicationScoped
public class SecurityStorageProducer {
  @Inject Database database;
  @Inject JtaTransactions transactions;

  @Produces
  @Singleton
  SecurityStorage securityStorage(Clock clock) {
    database.schemaVersion(); // migrated before the first read
    return new JpaSecurityStorage(transactions, clock);
  }
}
