package dev.osmosis.security;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The system authentication store as administrators read it (Diffusion's {@code
 * SystemAuthenticationConfiguration}): never a password or hash.
 *
 * @param principals the principals, by name
 * @param anonymousAction {@code allow}, {@code deny} or {@code abstain}
 * @param anonymousRoles the roles of anonymous sessions the store allows, sorted
 * @param trustedClientProposedProperties trusted client proposed properties by name (sorted)
 */
public record AuthenticationConfiguration(
    List<SystemPrincipal> principals,
    String anonymousAction,
    List<String> anonymousRoles,
    Map<String, PropertyValidation> trustedClientProposedProperties) {
  public AuthenticationConfiguration {
    principals = List.copyOf(principals);
    anonymousRoles = List.copyOf(anonymousRoles);
    trustedClientProposedProperties =
        java.util.Collections.unmodifiableMap(new TreeMap<>(trustedClientProposedProperties));
  }

  /** The configuration of a store. */
  public static AuthenticationConfiguration of(SecurityStore store) {
    return new AuthenticationConfiguration(
        store.principals().values().stream()
            .sorted(Comparator.comparing(StoredPrincipal::name))
            .map(
                p ->
                    new SystemPrincipal(
                        p.name(), SecurityConfiguration.sorted(p.roles()), p.lockingPrincipal()))
            .toList(),
        store.anonymous().action().name().toLowerCase(java.util.Locale.ROOT),
        SecurityConfiguration.sorted(store.anonymous().roles()),
        store.trustedProperties());
  }
}
