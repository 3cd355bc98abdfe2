package dev.osmosis.security;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A named set of permissions and included roles, as defined in the security store.
 *
 * <p>{@code paths} maps a path to the permissions this role has at that path and below it, until a
 * deeper assignment of this role takes over. An empty set is meaningful: it takes every path
 * permission away at and below that path. Path keys are normalised (leading and trailing {@code /}
 * removed); an empty key or an empty segment ({@code a//b}) is rejected: the root is what {@code
 * defaultPath} covers.
 *
 * @param name the role name, not blank
 * @param global global permissions granted directly by this role
 * @param defaultPath path permissions where no path assignment of this role applies
 * @param paths path permissions assigned at paths
 * @param includes names of roles whose permissions this role also has
 */
public record Role(
    String name,
    Set<GlobalPermission> global,
    Set<PathPermission> defaultPath,
    Map<String, Set<PathPermission>> paths,
    Set<String> includes) {

  public Role {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("A role name must not be blank");
    }
    global = Set.copyOf(global);
    defaultPath = Set.copyOf(defaultPath);
    includes = Set.copyOf(includes);
    Map<String, Set<PathPermission>> normalised = new HashMap<>();
    for (Map.Entry<String, Set<PathPermission>> e : paths.entrySet()) {
      String path = normalisedKey(name, e.getKey());
      if (normalised.put(path, Set.copyOf(e.getValue())) != null) {
        throw new IllegalArgumentException(
            "Role " + name + " assigns path '" + path + "' twice (after removing '/' at the ends)");
      }
    }
    paths = Map.copyOf(normalised);
  }

  /**
   * The path permissions this role (alone, without its includes) has at a normalised path: the
   * assignment at the path itself, else at its nearest ancestor, else the default.
   */
  Set<PathPermission> permissionsAt(String normalisedPath) {
    if (paths.isEmpty()) {
      return defaultPath;
    }
    return permissionsAt(normalisedPath, Set.of());
  }

  /**
   * As {@link #permissionsAt(String)}, where an isolated path stops the search: with no assignment
   * of this role at or below it (on the way up), the role has nothing there, not its ancestors'
   * assignments nor its default.
   */
  Set<PathPermission> permissionsAt(String normalisedPath, Set<String> isolated) {
    String path = normalisedPath;
    while (!path.isEmpty()) {
      Set<PathPermission> assigned = paths.get(path);
      if (assigned != null) {
        return assigned;
      }
      if (isolated.contains(path)) {
        return Set.of();
      }
      int slash = path.lastIndexOf('/');
      path = slash < 0 ? "" : path.substring(0, slash);
    }
    return defaultPath;
  }

  /** Removes leading and trailing {@code /}; {@code "/a/b/"} becomes {@code "a/b"}. */
  public static String normalise(String path) {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(start, end);
  }

  private static String normalisedKey(String role, String key) {
    String path = normalise(Objects.requireNonNull(key, "path"));
    if (path.isEmpty()) {
      throw new IllegalArgumentException(
          "Role " + role + " assigns the empty path; use its default path permissions instead");
    }
    if (path.contains("//")) {
      throw new IllegalArgumentException(
          "Role " + role + " assigns path '" + path + "' which has an empty segment");
    }
    return path;
  }
}
