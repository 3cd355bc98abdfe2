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
 * A role of the security store (table {@code SECURITY_ROLE}): its global permissions, default path
 * permissions and included roles, each a table of names. Its path assignments are {@link
 * SecurityRolePathRow}s. Permission names are the enum constants' names.
 */
@Entity(name = "SecurityRole")
@Table(name = "SECURITY_ROLE")
@Cacheable(false)
public class SecurityRoleRow {
  @Id
  @Column(name = "NAME", length = 255)
  private String name;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "SECURITY_ROLE_GLOBAL", joinColumns = @JoinColumn(name = "ROLE_NAME"))
  @Column(name = "PERMISSION", nullable = false, length = 64)
  private Set<String> global = new HashSet<>();

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(
      name = "SECURITY_ROLE_DEFAULT_PATH",
      joinColumns = @JoinColumn(name = "ROLE_NAME"))
  @Column(name = "PERMISSION", nullable = false, length = 64)
  private Set<String> defaultPath = new HashSet<>();

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "SECURITY_ROLE_INCLUDE", joinColumns = @JoinColumn(name = "ROLE_NAME"))
  @Column(name = "INCLUDED", nullable = false, length = 255)
  private Set<String> includes = new HashSet<>();

  protected SecurityRoleRow() {}

  SecurityRoleRow(String name, Set<String> global, Set<String> defaultPath, Set<String> includes) {
    this.name = name;
    this.global.addAll(global);
    this.defaultPath.addAll(defaultPath);
    this.includes.addAll(includes);
  }

  String name() {
    return name;
  }

  Set<String> global() {
    return global;
  }

  Set<String> defaultPath() {
    return defaultPath;
  }

  Set<String> includes() {
    return includes;
  }
}
