package dev.osmosis.control;

import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.wire.CloseReason;
import java.util.List;
import java.util.Objects;

/**
 * What a security store change does to this node's live sessions (docs/SECURITY.md
 * "Administration"): the sessions of a principal the change removed are closed ({@link
 * CloseReason#ACCESS_DENIED}); every session's subscriptions are re-checked against the new store
 * (the subscription engine's {@code recheck}). Roles a session holds are not changed: a role
 * assignment applies at the principal's next authentication, as in Diffusion; a password change
 * closes nothing. Permission checks read the current store, so a changed role's permissions apply
 * to the next operation of every session holding it. Thread safe.
 */
public final class SecurityEffects implements SecurityControl.StoreListener {
  private static final System.Logger LOG = System.getLogger(SecurityEffects.class.getName());

  /** Re-checks subscriptions against the current store. */
  @FunctionalInterface
  public interface Recheck {
    void run();
  }

  private final SessionRegistry registry;
  private final Recheck subscriptions;

  public SecurityEffects(SessionRegistry registry, Recheck subscriptions) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
  }

  @Override
  public void changed(SecurityStore before, SecurityStore after) {
    int closed = 0;
    for (Session session : List.copyOf(registry.all())) {
      String principal = session.principal();
      if (session.isOpen()
          && principal != null
          && before.principals().containsKey(principal)
          && !after.principals().containsKey(principal)) {
        session.close(
            CloseReason.ACCESS_DENIED,
            "principal " + principal + " was removed from the security store");
        closed++;
      }
    }
    if (closed > 0) {
      LOG.log(
          System.Logger.Level.INFO,
          "closed {0} session(s) of principals removed from the security store",
          closed);
    }
    subscriptions.run();
  }
}
