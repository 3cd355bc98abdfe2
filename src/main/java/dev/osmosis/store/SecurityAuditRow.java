package dev.osmosis.store;

import dev.osmosis.security.AuditEntry;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** One change of the security store (table {@code SECURITY_AUDIT}); see {@link AuditEntry}. */
@Entity(name = "SecurityAudit")
@Table(name = "SECURITY_AUDIT")
@Cacheable(false)
public class SecurityAuditRow {
  /** The longest script the audit keeps (the column's length). */
  static final int MAX_SCRIPT = 262_144;

  @Id
  @SequenceGenerator(
      name = "SECURITY_AUDIT_SEQ",
      sequenceName = "SECURITY_AUDIT_SEQ",
      allocationSize = 1)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "SECURITY_AUDIT_SEQ")
  @Column(name = "ID")
  private Long id;

  @Column(name = "CHANGED_AT", nullable = false)
  private long at;

  @Column(name = "PRINCIPAL_NAME", length = 255)
  private String principal;

  @Column(name = "SESSION_ID", length = 255)
  private String session;

  @Column(name = "STORE_NAME", nullable = false, length = 16)
  private String store;

  @Column(name = "SCRIPT", nullable = false, length = MAX_SCRIPT)
  private String script;

  @Column(name = "NODE_ID", nullable = false, length = 255)
  private String node;

  protected SecurityAuditRow() {}

  SecurityAuditRow(AuditEntry entry) {
    this.at = entry.at();
    this.principal = entry.principal();
    this.session = entry.session();
    this.store = entry.store();
    this.script =
        entry.script().length() > MAX_SCRIPT
            ? entry.script().substring(0, MAX_SCRIPT)
            : entry.script();
    this.node = entry.node();
  }

  AuditEntry entry() {
    return new AuditEntry(id, at, principal, session, store, script, node);
  }
}
