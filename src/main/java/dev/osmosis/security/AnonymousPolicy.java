package dev.osmosis.security;

import java.util.Set;

/**
 * Whether sessions without a principal may connect, and the roles they get.
 *
 * @param allowed whether anonymous sessions are accepted by the store
 * @param roles the roles of an anonymous session (ignored when not allowed)
 */
public record AnonymousPolicy(boolean allowed, Set<String> roles) {
  public static final AnonymousPolicy DENIED = new AnonymousPolicy(false, Set.of());

  public AnonymousPolicy {
    roles = Set.copyOf(roles);
  }
}
