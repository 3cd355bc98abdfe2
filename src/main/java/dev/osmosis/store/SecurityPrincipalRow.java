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
 * A principal of the security store (table {@code SECURITY_PRINCIPAL}): its name, its PBKDF2 hash
 * (never a password), its roles and its locking principal.
 */
@Entity(name = "SecurityPrincipal")
@Table(name = "SECURITY_PRINCIPAL")
@Cacheable(false)
public class SecurityPrincipalRow {
  @Id
  @Column(name = "NAME", length = 255)
  private String name;

  @Column(name = "PASSWORD_HASH", nullable = false, length = 512)
  private String passwordHash;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(
      name = "SECURITY_PRINCIPAL_ROLE",
      joinColumns = @JoinColumn(name = "PRINCIPAL_NAME"))
  @Column(name = "ROLE_NAME", nullable = false, length = 255)
  private Set<String> roles = new HashSet<>();

  @Column(name = "LOCKING_PRINCIPAL", length = 255)
  private String lockingPrincipal;

  protected SecurityPrincipalRow() {}

  SecurityPrincipalRow(
      String name, String passwordHash, Set<String> roles, String lockingPrincipal) {
    this.name = name;
    this.passwordHash = passwordHash;
    this.roles.addAll(roles);
    this.lockingPrincipal = lockingPrincipal;
  }

  /** The principal whose sessions alone may change this one, or null. */
  String lockingPrincipal() {
    return lockingPrincipal;
  }

  String name() {
    return name;
  }

  String passwordHash() {
    return passwordHash;
  }

  Set<String> roles() {
    return roles;
  }
}
