package dev.osmosis.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one set of role names may do: the transitive closure of the roles, resolved once. Immutable
 * and thread safe; {@link SecurityPolicy#permissions(Set)} caches one per distinct role set.
 *
 * <p>Role names the policy does not define contribute nothing (a custom authenticator may assign
 * such a role for use in session filters).
 */
public final class Permissions {
  private final Set<String> roles;
  private final Set<String> closure;
  private final List<Role> closureRoles;
  private final Set<GlobalPermission> global;
  private final Set<String> isolated;

  Permissions(Set<String> roles, Map<String, Role> definitions) {
    this(roles, definitions, Set.of());
  }

  Permissions(Set<String> roles, Map<String, Role> definitions, Set<String> isolated) {
    this.isolated = isolated;
    this.roles = Set.copyOf(roles);
    Set<String> visited = new LinkedHashSet<>();
    List<Role> resolved = new ArrayList<>();
    EnumSet<GlobalPermission> union = EnumSet.noneOf(GlobalPermission.class);
    List<String> pending = new ArrayList<>(new TreeSet<>(this.roles));
    while (!pending.isEmpty()) {
      String name = pending.remove(pending.size() - 1);
      Role role = definitions.get(name);
      // The visited set also guards against cycles, though SecurityPolicy rejects them.
      if (role == null || !visited.add(name)) {
        continue;
      }
      resolved.add(role);
      union.addAll(role.global());
      pending.addAll(role.includes());
    }
    this.closure = Collections.unmodifiableSet(visited);
    this.closureRoles = List.copyOf(resolved);
    this.global = Collections.unmodifiableSet(union);
  }

  /** The role names this was computed for. */
  public Set<String> roles() {
    return roles;
  }

  /** The defined roles reached from {@link #roles()} through includes, the roles themselves too. */
  public Set<String> closure() {
    return closure;
  }

  /** The union of the global permissions of every role in the closure. */
  public Set<GlobalPermission> global() {
    return global;
  }

  public boolean has(GlobalPermission permission) {
    return global.contains(permission);
  }

  /**
   * Whether any role in the closure has the permission at the path, each role judged by its own
   * nearest assignment (the path, else its nearest assigned ancestor, else the role's default); the
   * search stops at an isolated path (see {@link SecurityPolicy#isolatedPaths()}).
   *
   * @param path a {@code /}-separated path; leading and trailing {@code /} are ignored
   */
  public boolean has(PathPermission permission, String path) {
    String normalised = Role.normalise(path);
    if (isolated.isEmpty()) {
      for (Role role : closureRoles) {
        if (role.permissionsAt(normalised).contains(permission)) {
          return true;
        }
      }
      return false;
    }
    for (Role role : closureRoles) {
      if (role.permissionsAt(normalised, isolated).contains(permission)) {
        return true;
      }
    }
    return false;
  }

  /** The path permissions any role in the closure has at the path (see {@link #has}). */
  public Set<PathPermission> at(String path) {
    Set<PathPermission> at = java.util.EnumSet.noneOf(PathPermission.class);
    for (PathPermission permission : PathPermission.values()) {
      if (has(permission, path)) {
        at.add(permission);
      }
    }
    return at;
  }

  @Override
  public String toString() {
    return "Permissions" + closure;
  }
}
