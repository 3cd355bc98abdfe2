package dev.osmosis.store;

import jakarta.persistence.Cacheable;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A role's path permissions at one path (table {@code SECURITY_ROLE_PATH}, keyed by role and path).
 * The row exists even with no permission: an empty set at a path takes every path permission away
 * there, which is not the same as no assignment.
 */
@Entity(name = "SecurityRolePath")
@Table(name = "SECURITY_ROLE_PATH")
@IdClass(SecurityRolePathRow.Key.class)
@Cacheable(false)
public class SecurityRolePathRow {
  @Id
  @Column(name = "ROLE_NAME", length = 255)
  private String roleName;

  @Id
  @Column(name = "PATH", length = 1000)
  private String path;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(
      name = "SECURITY_ROLE_PATH_PERMISSION",
      joinColumns = {
        @JoinColumn(name = "ROLE_NAME", referencedColumnName = "ROLE_NAME"),
        @JoinColumn(name = "PATH", referencedColumnName = "PATH")
      })
  @Column(name = "PERMISSION", nullable = false, length = 64)
  private Set<String> permissions = new HashSet<>();

  protected SecurityRolePathRow() {}

  SecurityRolePathRow(String roleName, String path, Set<String> permissions) {
    this.roleName = roleName;
    this.path = path;
    this.permissions.addAll(permissions);
  }

  String roleName() {
    return roleName;
  }

  String path() {
    return path;
  }

  Set<String> permissions() {
    return permissions;
  }

  /** The key: role and path. */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String roleName;
    private String path;

    public Key() {}

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(roleName, k.roleName)
          && Objects.equals(path, k.path);
    }

    @Override
    public int hashCode() {
      return Objects.hash(roleName, path);
    }
  }
}
