package dev.osmosis.store;

import jakarta.persistence.Cacheable;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.Set;

/**
 * The one row that says a security store is stored (table {@code SECURITY_STORE}): its key is
 * always {@link #ID}, so of two nodes seeding an empty database at once only one can insert it.
 * Holds the anonymous policy, a version counted up by every replace, and what the store came from.
 */
@Entity(name = "SecurityStore")
@Table(name = "SECURITY_STORE")
@Cacheable(false)
public class SecurityStoreRow {
  static final int ID = 1;

  @Id
  @Column(name = "ID")
  private int id = ID;

  @Column(name = "VERSION", nullable = false)
  private long version;

  @Column(name = "ANONYMOUS_ALLOWED", nullable = false)
  private boolean anonymousAllowed;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "SECURITY_ANONYMOUS_ROLE", joinColumns = @JoinColumn(name = "STORE_ID"))
  @Column(name = "ROLE_NAME", nullable = false)
  private Set<String> anonymousRoles = new HashSet<>();

  @Column(name = "SOURCE", nullable = false, length = 1000)
  private String source;

  @Column(name = "CHANGED_AT", nullable = false)
  private long changedAt;

  protected SecurityStoreRow() {}

  SecurityStoreRow(boolean anonymousAllowed, Set<String> anonymousRoles, String source, long at) {
    this.version = 1;
    change(anonymousAllowed, anonymousRoles, source, at);
  }

  /** A replace: the new anonymous policy and source, one version more. */
  void replace(boolean anonymousAllowed, Set<String> anonymousRoles, String source, long at) {
    version++;
    change(anonymousAllowed, anonymousRoles, source, at);
  }

  private void change(boolean allowed, Set<String> roles, String source, long at) {
    this.anonymousAllowed = allowed;
    this.anonymousRoles.clear();
    this.anonymousRoles.addAll(roles);
    this.source = source.length() > 1000 ? source.substring(0, 1000) : source;
    this.changedAt = at;
  }

  long version() {
    return version;
  }

  boolean anonymousAllowed() {
    return anonymousAllowed;
  }

  Set<String> anonymousRoles() {
    return anonymousRoles;
  }

  String source() {
    return source;
  }
}
