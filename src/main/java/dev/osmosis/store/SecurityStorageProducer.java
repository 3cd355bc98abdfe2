package dev.osmosis.store;

import dev.osmosis.security.SecurityAudit;
import dev.osmosis.security.SecurityStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The security store's storage and audit trail: the database, once its schema is up to date. */
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

  /** The audit trail of security store changes, in the same database. */
  @Produces
  @Singleton
  SecurityAudit securityAudit() {
    database.schemaVersion();
    return new JpaSecurityAudit(transactions);
  }
}
