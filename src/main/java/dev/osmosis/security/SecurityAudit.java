package dev.osmosis.security;

import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail of security store changes (docs/SECURITY.md "Administration"): one entry per
 * successful script. The database keeps it on a server; {@link InMemory} keeps it in tests.
 * Implementations are thread safe.
 */
public interface SecurityAudit {
  /**
   * Appends an entry; its id is assigned here (the given one is ignored).
   *
   * @return the entry as stored, with its id
   */
  AuditEntry append(AuditEntry entry);

  /** Up to {@code limit} entries with an id above {@code afterId}, oldest first. */
  List<AuditEntry> after(long afterId, int limit);

  /** An audit trail in memory (tests, and a server without a database). */
  final class InMemory implements SecurityAudit {
    private final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public synchronized AuditEntry append(AuditEntry entry) {
      AuditEntry stored =
          new AuditEntry(
              entries.size() + 1L,
              entry.at(),
              entry.principal(),
              entry.session(),
              entry.store(),
              entry.script(),
              entry.node());
      entries.add(stored);
      return stored;
    }

    @Override
    public synchronized List<AuditEntry> after(long afterId, int limit) {
      List<AuditEntry> found = new ArrayList<>();
      for (AuditEntry entry : entries) {
        if (entry.id() > afterId && found.size() < limit) {
          found.add(entry);
        }
      }
      return found;
    }
  }
}
