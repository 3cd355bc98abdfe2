package dev.osmosis.security;

import java.util.Comparator;
import java.util.List;

/**
 * The security store as administrators read it (Diffusion's {@code SecurityConfiguration}; the
 * field names are Diffusion's JSON names).
 *
 * @param named default roles of named sessions, sorted
 * @param anonymous default roles of anonymous sessions, sorted
 * @param roles the roles, by name
 * @param isolatedPaths the isolated paths, sorted
 */
public record SecurityConfiguration(
    List<String> named, List<String> anonymous, List<Role> roles, List<String> isolatedPaths) {
  public SecurityConfiguration {
    named = List.copyOf(named);
    anonymous = List.copyOf(anonymous);
    roles = List.copyOf(roles);
    isolatedPaths = List.copyOf(isolatedPaths);
  }

  /** The configuration of a store's policy. */
  public static SecurityConfiguration of(SecurityPolicy policy) {
    return new SecurityConfiguration(
        sorted(policy.namedDefaults()),
        sorted(policy.anonymousDefaults()),
        policy.roles().values().stream().sorted(Comparator.comparing(Role::name)).toList(),
        sorted(policy.isolatedPaths()));
  }

  static List<String> sorted(java.util.Collection<String> names) {
    return names.stream().sorted().toList();
  }
}
