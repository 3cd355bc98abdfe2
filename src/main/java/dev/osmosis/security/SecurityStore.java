package dev.osmosis.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable snapshot of the system authentication store: principals, the anonymous policy and
 * the role definitions. Replacing the store means publishing a new snapshot (see {@link
 * StoreAuthenticator}'s supplier). Thread safe.
 *
 * <p>Construction rejects a principal or the anonymous policy naming an undefined role.
 */
public final class SecurityStore {
  private final AnonymousPolicy anonymous;
  private final Map<String, StoredPrincipal> principals;
  private final SecurityPolicy policy;
  private final Map<String, PropertyValidation> trustedProperties;
  private final String unknownPrincipalHash;

  public SecurityStore(
      AnonymousPolicy anonymous, Collection<StoredPrincipal> principals, SecurityPolicy policy) {
    this(anonymous, principals, policy, Map.of());
  }

  /**
   * @param trustedProperties the client proposed session properties the store trusts, by name, with
   *     how each is validated; empty: every proposed property is kept (see {@link
   *     #trustedProperties()})
   */
  public SecurityStore(
      AnonymousPolicy anonymous,
      Collection<StoredPrincipal> principals,
      SecurityPolicy policy,
      Map<String, PropertyValidation> trustedProperties) {
    this.anonymous = anonymous;
    this.trustedProperties = Map.copyOf(trustedProperties);
    this.policy = policy;
    Map<String, StoredPrincipal> byName = new HashMap<>();
    for (StoredPrincipal principal : principals) {
      if (byName.put(principal.name(), principal) != null) {
        throw new IllegalArgumentException("Principal " + principal.name() + " is defined twice");
      }
      requireDefined(principal.roles(), "Principal " + principal.name());
    }
    requireDefined(anonymous.roles(), "The anonymous policy");
    this.principals = Map.copyOf(byName);
    this.unknownPrincipalHash =
        PasswordHasher.unmatchable(
            byName.values().stream()
                .mapToInt(p -> PasswordHasher.iterations(p.passwordHash()))
                .max()
                .orElse(PasswordHasher.DEFAULT_ITERATIONS));
  }

  /** The same principals and roles with another anonymous policy. */
  public SecurityStore withAnonymous(AnonymousPolicy anonymous) {
    return new SecurityStore(anonymous, principals.values(), policy, trustedProperties);
  }

  /**
   * The trusted client proposed properties. Empty (the default) keeps today's behaviour: every
   * property a client proposes is kept; once any is listed, a proposed property not listed, or
   * failing its validation, is dropped.
   */
  public Map<String, PropertyValidation> trustedProperties() {
    return trustedProperties;
  }

  /**
   * The client proposed properties a session keeps: all of them while no property is trusted (the
   * default), else those trusted whose value passes the validation.
   */
  public Map<String, String> trustedProposals(Map<String, String> proposed) {
    if (trustedProperties.isEmpty() || proposed.isEmpty()) {
      return proposed;
    }
    Map<String, String> kept = new HashMap<>();
    for (Map.Entry<String, String> e : proposed.entrySet()) {
      PropertyValidation validation = trustedProperties.get(e.getKey());
      if (validation != null && validation.accepts(e.getValue())) {
        kept.put(e.getKey(), e.getValue());
      }
    }
    return kept;
  }

  /**
   * The roles of a session the store authenticates as {@code principal}: its own and the named
   * defaults.
   */
  public Set<String> sessionRoles(StoredPrincipal principal) {
    return withDefaults(principal.roles(), policy.namedDefaults());
  }

  /**
   * The roles of an anonymous session the store allows: the anonymous roles and the anonymous
   * defaults.
   */
  public Set<String> anonymousSessionRoles() {
    return withDefaults(anonymous.roles(), policy.anonymousDefaults());
  }

  private static Set<String> withDefaults(Set<String> roles, Set<String> defaults) {
    if (defaults.isEmpty() || roles.containsAll(defaults)) {
      return roles;
    }
    Set<String> all = new java.util.HashSet<>(roles);
    all.addAll(defaults);
    return Set.copyOf(all);
  }

  /**
   * A hash no password matches, as costly to verify as this store's costliest: verified for a
   * principal the store does not know, so that refusing one takes as long as refusing a wrong
   * password (no timing tells which exist).
   */
  public String unknownPrincipalHash() {
    return unknownPrincipalHash;
  }

  public AnonymousPolicy anonymous() {
    return anonymous;
  }

  public Map<String, StoredPrincipal> principals() {
    return principals;
  }

  public Optional<StoredPrincipal> principal(String name) {
    return Optional.ofNullable(principals.get(name));
  }

  public SecurityPolicy policy() {
    return policy;
  }

  /**
   * The names (sorted) of principals whose password is one of the given well-known defaults. Slow
   * on purpose (one hash per principal and default); meant for start-up checks.
   */
  public List<String> principalsWithDefaultPassword(Collection<String> knownDefaults) {
    List<String> found = new ArrayList<>();
    for (StoredPrincipal principal : principals.values()) {
      for (String candidate : knownDefaults) {
        if (PasswordHasher.matches(candidate, principal.passwordHash())) {
          found.add(principal.name());
          break;
        }
      }
    }
    found.sort(null);
    return List.copyOf(found);
  }

  private void requireDefined(Set<String> roles, String who) {
    for (String role : roles) {
      if (!policy.roles().containsKey(role)) {
        throw new IllegalArgumentException(who + " has undefined role " + role);
      }
    }
  }
}
