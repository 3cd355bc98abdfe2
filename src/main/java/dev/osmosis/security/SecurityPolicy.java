package dev.osmosis.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The role definitions of a security store and the permission checks over them. Immutable apart
 * from its cache; thread safe.
 *
 * <p>Construction rejects an include of an undefined role and include cycles (a role must not
 * include itself, directly or through other roles, as in Diffusion), so the store an operator
 * writes is never silently reinterpreted.
 *
 * <p>It also holds the rest of Diffusion's security store: the default roles every named and every
 * anonymous session gets when it authenticates through the store, and the isolated paths (where
 * path permissions assigned above, and default path permissions, do not apply).
 *
 * <p>A check resolves the transitive closure of the session's roles once per distinct role set and
 * caches it; the cache is cleared if it ever holds {@value #MAX_CACHED} sets, which only a custom
 * authenticator handing out per-session role names would cause.
 */
public final class SecurityPolicy {
  static final int MAX_CACHED = 10_000;

  private final Map<String, Role> roles;
  private final Set<String> namedDefaults;
  private final Set<String> anonymousDefaults;
  private final Set<String> isolatedPaths;
  private final ConcurrentHashMap<Set<String>, Permissions> cache = new ConcurrentHashMap<>();

  public SecurityPolicy(Collection<Role> roles) {
    this(roles, Set.of(), Set.of(), Set.of());
  }

  /**
   * @param namedDefaults roles added to every session authenticated as a principal by the store
   * @param anonymousDefaults roles added to every anonymous session the store allows
   * @param isolatedPaths paths that inherit no path permissions (normalised here; not the root)
   * @throws IllegalArgumentException for an undefined role, an include cycle or an invalid path
   */
  public SecurityPolicy(
      Collection<Role> roles,
      Set<String> namedDefaults,
      Set<String> anonymousDefaults,
      Set<String> isolatedPaths) {
    Map<String, Role> byName = new HashMap<>();
    for (Role role : roles) {
      if (byName.put(role.name(), role) != null) {
        throw new IllegalArgumentException("Role " + role.name() + " is defined twice");
      }
    }
    for (Role role : byName.values()) {
      for (String included : role.includes()) {
        if (!byName.containsKey(included)) {
          throw new IllegalArgumentException(
              "Role " + role.name() + " includes undefined role " + included);
        }
      }
    }
    this.roles = Map.copyOf(byName);
    rejectCycles();
    this.namedDefaults = defined(namedDefaults, "The default roles for named sessions");
    this.anonymousDefaults = defined(anonymousDefaults, "The default roles for anonymous sessions");
    Set<String> isolated = new HashSet<>();
    for (String path : isolatedPaths) {
      String normalised = Role.normalise(path);
      if (normalised.isEmpty() || normalised.contains("//")) {
        throw new IllegalArgumentException("Isolated path '" + path + "' is not a valid path");
      }
      isolated.add(normalised);
    }
    this.isolatedPaths = Set.copyOf(isolated);
  }

  private Set<String> defined(Set<String> names, String who) {
    for (String name : names) {
      if (!roles.containsKey(name)) {
        throw new IllegalArgumentException(who + " include undefined role " + name);
      }
    }
    return Set.copyOf(names);
  }

  /** The roles every session the store authenticates as a principal also gets. */
  public Set<String> namedDefaults() {
    return namedDefaults;
  }

  /** The roles every anonymous session the store allows also gets. */
  public Set<String> anonymousDefaults() {
    return anonymousDefaults;
  }

  /** The isolated paths, normalised. */
  public Set<String> isolatedPaths() {
    return isolatedPaths;
  }

  /** The role definitions by name. */
  public Map<String, Role> roles() {
    return roles;
  }

  /** The resolved permissions of a role set; cached, so cheap to call on every operation. */
  public Permissions permissions(Set<String> roleNames) {
    Permissions cached = cache.get(roleNames);
    if (cached != null) {
      return cached;
    }
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    return cache.computeIfAbsent(
        Set.copyOf(roleNames), key -> new Permissions(key, roles, isolatedPaths));
  }

  public boolean has(Set<String> roleNames, GlobalPermission permission) {
    return permissions(roleNames).has(permission);
  }

  /** See {@link Permissions#has(PathPermission, String)}. */
  public boolean has(Set<String> roleNames, PathPermission permission, String path) {
    return permissions(roleNames).has(permission, path);
  }

  private void rejectCycles() {
    Set<String> done = new HashSet<>();
    for (String name : new TreeSet<>(roles.keySet())) {
      visit(name, new ArrayList<>(), done);
    }
  }

  private void visit(String name, List<String> trail, Set<String> done) {
    int seen = trail.indexOf(name);
    if (seen >= 0) {
      List<String> cycle = new ArrayList<>(trail.subList(seen, trail.size()));
      cycle.add(name);
      throw new IllegalArgumentException(
          "Roles include each other in a cycle: " + String.join(" -> ", cycle));
    }
    if (done.contains(name)) {
      return;
    }
    trail.add(name);
    for (String included : new TreeSet<>(roles.get(name).includes())) {
      visit(included, trail, done);
    }
    trail.remove(trail.size() - 1);
    done.add(name);
  }
}
