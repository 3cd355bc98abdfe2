package dev.osmosis.security;

import java.util.Objects;
import java.util.Set;

/**
 * A principal of the security store.
 *
 * @param name the principal name, not blank
 * @param passwordHash a {@link PasswordHasher} encoded hash, never a plain password
 * @param roles the roles a session authenticated as this principal gets
 * @param lockingPrincipal the only principal whose sessions may change or remove this one through a
 *     script, or {@code null} (anyone with MODIFY_SECURITY)
 */
public record StoredPrincipal(
    String name, String passwordHash, Set<String> roles, String lockingPrincipal) {
  public StoredPrincipal {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("A principal name must not be blank");
    }
    PasswordHasher.requireWellFormed(passwordHash);
    roles = Set.copyOf(roles);
  }

  /** A principal no other principal locks. */
  public StoredPrincipal(String name, String passwordHash, Set<String> roles) {
    this(name, passwordHash, roles, null);
  }

  @Override
  public String toString() {
    return "StoredPrincipal["
        + name
        + ", roles="
        + roles
        + (lockingPrincipal == null ? "" : ", locked by " + lockingPrincipal)
        + "]";
  }
}
