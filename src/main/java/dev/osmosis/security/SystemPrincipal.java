package dev.osmosis.security;

import java.util.List;

/**
 * A principal of the system authentication store as administrators read it: never a password or
 * hash (Diffusion's {@code SystemPrincipal}).
 *
 * @param name the principal name
 * @param roles its roles, sorted
 * @param lockingPrincipal the principal whose sessions alone may change it, or {@code null}
 */
public record SystemPrincipal(String name, List<String> roles, String lockingPrincipal) {
  public SystemPrincipal {
    roles = List.copyOf(roles);
  }
}
