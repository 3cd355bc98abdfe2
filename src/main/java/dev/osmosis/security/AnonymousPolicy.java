package dev.osmosis.security;

import java.util.Objects;
import java.util.Set;

/**
 * What the store does with sessions without a principal, and the roles they get.
 *
 * @param action {@link Action#ALLOW} them (with {@code roles}), {@link Action#DENY} them, or {@link
 *     Action#ABSTAIN} (leave the decision to the next authenticator; none: denied)
 * @param roles the roles of an anonymous session (kept, but unused, unless allowed)
 */
public record AnonymousPolicy(Action action, Set<String> roles) {
  public static final AnonymousPolicy DENIED = new AnonymousPolicy(Action.DENY, Set.of());

  /** Diffusion's anonymous connection actions; the script keywords are the lower-case names. */
  public enum Action {
    ALLOW,
    DENY,
    ABSTAIN
  }

  public AnonymousPolicy {
    Objects.requireNonNull(action, "action");
    roles = Set.copyOf(roles);
  }

  /** Allowed with {@code roles}, or denied. */
  public AnonymousPolicy(boolean allowed, Set<String> roles) {
    this(allowed ? Action.ALLOW : Action.DENY, roles);
  }

  /** Whether the store accepts anonymous sessions itself. */
  public boolean allowed() {
    return action == Action.ALLOW;
  }
}
