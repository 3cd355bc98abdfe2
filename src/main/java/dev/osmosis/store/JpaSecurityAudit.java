package dev.osmosis.store;

import dev.osmosis.security.AuditEntry;
import dev.osmosis.security.SecurityAudit;
import java.util.List;

/**
 * The audit trail of security store changes in the database (table {@code SECURITY_AUDIT}, {@code
 * V3__security_admin.sql}): one row per change, ids from the database's identity column, so nodes
 * sharing the database share one trail. Thread safe.
 */
public final class JpaSecurityAudit implements SecurityAudit {
  private final Transactions transactions;

  public JpaSecurityAudit(Transactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public AuditEntry append(AuditEntry entry) {
    return transactions.inTransaction(
        em -> {
          SecurityAuditRow row = new SecurityAuditRow(entry);
          em.persist(row);
          em.flush(); // assigns the id
          return row.entry();
        });
  }

  @Override
  public List<AuditEntry> after(long afterId, int limit) {
    return transactions.inTransaction(
        em ->
            em
                .createQuery(
                    "SELECT a FROM SecurityAudit a WHERE a.id > :after ORDER BY a.id",
                    SecurityAuditRow.class)
                .setParameter("after", afterId)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(SecurityAuditRow::entry)
                .toList());
  }
}
