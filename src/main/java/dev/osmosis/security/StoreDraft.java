package dev.osmosis.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mutable copy of a {@link SecurityStore} that a script edits command by command; {@link
 * #build()} makes (and so validates) the snapshot. Not thread safe: one script's.
 */
final class StoreDraft {
  /** One role being edited. */
  static final class RoleDraft {
    final String name;
    Set<GlobalPermission> global = EnumSet.noneOf(GlobalPermission.class);
    Set<PathPermission> defaultPath = EnumSet.noneOf(PathPermission.class);
    final Map<String, Set<PathPermission>> paths = new HashMap<>();
    Set<String> includes = new LinkedHashSet<>();

    RoleDraft(String name) {
      this.name = name;
    }

    Role build() {
      return new Role(name, global, defaultPath, paths, includes);
    }
  }

  final Map<String, RoleDraft> roles = new LinkedHashMap<>();
  Set<String> namedDefaults;
  Set<String> anonymousDefaults;
  final Set<String> isolated;
  final Map<String, StoredPrincipal> principals = new LinkedHashMap<>();
  AnonymousPolicy anonymous;
  final Map<String, PropertyValidation> trusted;

  StoreDraft(SecurityStore store) {
    SecurityPolicy policy = store.policy();
    for (Role role : policy.roles().values()) {
      RoleDraft draft = new RoleDraft(role.name());
      draft.global = copy(role.global(), GlobalPermission.class);
      draft.defaultPath = copy(role.defaultPath(), PathPermission.class);
      draft.paths.putAll(role.paths());
      draft.includes = new LinkedHashSet<>(role.includes());
      roles.put(role.name(), draft);
    }
    namedDefaults = policy.namedDefaults();
    anonymousDefaults = policy.anonymousDefaults();
    isolated = new LinkedHashSet<>(policy.isolatedPaths());
    principals.putAll(store.principals());
    anonymous = store.anonymous();
    trusted = new LinkedHashMap<>(store.trustedProperties());
  }

  /** The role, created (without permissions) if it does not exist yet. */
  RoleDraft role(String name) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("A role name must not be blank");
    }
    return roles.computeIfAbsent(name, RoleDraft::new);
  }

  /** Removes a role; refused while anything names it. */
  void removeRole(String name) {
    if (!roles.containsKey(name)) {
      throw new IllegalArgumentException("no role " + name);
    }
    List<String> users = new ArrayList<>();
    for (StoredPrincipal principal : principals.values()) {
      if (principal.roles().contains(name)) {
        users.add("principal " + principal.name());
      }
    }
    for (RoleDraft role : roles.values()) {
      if (role.includes.contains(name)) {
        users.add("role " + role.name);
      }
    }
    if (namedDefaults.contains(name)) {
      users.add("the default roles for named sessions");
    }
    if (anonymousDefaults.contains(name)) {
      users.add("the default roles for anonymous sessions");
    }
    if (anonymous.roles().contains(name)) {
      users.add("the anonymous connection roles");
    }
    if (!users.isEmpty()) {
      throw new IllegalArgumentException(
          "role " + name + " is still named by " + String.join(", ", users));
    }
    roles.remove(name);
  }

  /** The snapshot; an {@link IllegalArgumentException} says why the draft is not a valid store. */
  SecurityStore build() {
    List<Role> built = new ArrayList<>();
    for (RoleDraft role : roles.values()) {
      built.add(role.build());
    }
    SecurityPolicy policy = new SecurityPolicy(built, namedDefaults, anonymousDefaults, isolated);
    return new SecurityStore(anonymous, principals.values(), policy, trusted);
  }

  private static <E extends Enum<E>> Set<E> copy(Set<E> values, Class<E> type) {
    Set<E> copy = EnumSet.noneOf(type);
    copy.addAll(values);
    return copy;
  }
}
