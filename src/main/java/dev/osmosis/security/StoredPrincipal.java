package dev.osmosis.security;

import java.util.Objects;
import java.util.Set;

/**
 * A principal of the security store.
 *
 * @param name the principal name, not blank
 * @param passwordHash a {@link PasswordHasher} encoded hash, never a plain password
 * @param roles the roles a session authenticated as this principal gets
 */
public record StoredPrincipal(String name, String passwordHash, Set<String> roles) {
  public StoredPrincipal {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("A principal name must not be blank");
    }
    PasswordHasher.requireWellFormed(passwordHash);
    roles = Set.copyOf(roles);
  }

  @Override
  public String toString() {
    return "StoredPrincipal[" + name + ", roles=" + roles + "]";
  }
}
