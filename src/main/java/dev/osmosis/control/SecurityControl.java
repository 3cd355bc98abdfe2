package dev.osmosis.control;

import dev.osmosis.error.RequestException;
import dev.osmosis.security.AuditEntry;
import dev.osmosis.security.AuthenticationConfiguration;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.PasswordCheck;
import dev.osmosis.security.ScriptError;
import dev.osmosis.security.SecurityAudit;
import dev.osmosis.security.SecurityConfiguration;
import dev.osmosis.security.SecurityScript;
import dev.osmosis.security.SecurityStorage;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.wire.ErrorCode;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Security administration (Diffusion's {@code Security} feature; docs/SECURITY.md
 * "Administration"): read the security store and the system authentication store, change them by
 * script, read the audit trail. Shared by the WebSocket protocol and the admin API.
 *
 * <p>A change is applied to the current snapshot atomically ({@link SecurityScript}), persisted
 * whole ({@link SecurityStorage#replace}), published (every {@code Supplier<SecurityStore>} reads
 * it from then on), handed to the {@link StoreListener}s (live effects), then audited with its
 * passwords masked. A refused script changes nothing and is logged once, never audited. Changes
 * (with their listeners and audit) are serialised on this node, so listeners hear them in order.
 * Thread safe.
 */
public final class SecurityControl {
  private static final System.Logger LOG = System.getLogger(SecurityControl.class.getName());

  /** The longest script accepted, in characters (what the audit trail keeps whole). */
  public static final int MAX_SCRIPT_CHARS = 262_144;

  /** The most audit entries one read returns. */
  public static final int MAX_AUDIT_READ = 1000;

  /** Hears every new snapshot this node publishes (after it is persisted and published). */
  @FunctionalInterface
  public interface StoreListener {
    void changed(SecurityStore before, SecurityStore after);
  }

  private final AtomicReference<SecurityStore> store;
  private final SecurityStorage storage;
  private final SecurityAudit audit;
  private final UnaryOperator<String> hash;
  private final PasswordCheck passwords;
  private final Clock clock;
  private final Supplier<String> node;
  private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();
  private volatile Consumer<SecurityStore> check = s -> {};
  private volatile Sharing sharing = Sharing.ALONE;

  /**
   * How changes are shared with the other nodes of a cluster (the grid's {@code GridSecurity};
   * docs/CLUSTER.md "Security administration").
   */
  public interface Sharing {
    /** No cluster: the change runs on this node's snapshot, and nothing is shared. */
    Sharing ALONE = change -> change.apply(null);

    /**
     * Runs {@code change} once, excluding concurrent changes on every node, giving it the cluster's
     * latest snapshot (null: none shared yet, this node's is the latest); then shares the snapshot
     * it returns. If it throws, nothing is shared and the exception propagates.
     */
    SecurityStore change(UnaryOperator<SecurityStore> change);

    /** Connects the control the sharing adopts other nodes' changes into; once, at start. */
    default void attach(SecurityControl control) {}
  }

  /**
   * @param store the current snapshot, replaced here on a change
   * @param hash hashes a new password (the server's {@code PasswordHasher::hash})
   * @param node this node's id for the audit trail
   */
  public SecurityControl(
      AtomicReference<SecurityStore> store,
      SecurityStorage storage,
      SecurityAudit audit,
      UnaryOperator<String> hash,
      PasswordCheck passwords,
      Clock clock,
      Supplier<String> node) {
    this.store = Objects.requireNonNull(store, "store");
    this.storage = Objects.requireNonNull(storage, "storage");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.hash = Objects.requireNonNull(hash, "hash");
    this.passwords = Objects.requireNonNull(passwords, "passwords");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.node = Objects.requireNonNull(node, "node");
  }

  /** Shares changes through {@code sharing} from now on (a clustered node, at start). */
  public void share(Sharing sharing) {
    this.sharing = Objects.requireNonNull(sharing, "sharing");
    sharing.attach(this);
  }

  /**
   * Adopts another node's change (no permission check, no audit: that node audited it): publishes
   * the snapshot {@code newer} supplies, after storing it if {@code persist} (this node has a
   * database of its own), and hands it to the listeners. {@code newer} is called under this
   * control's lock and answers null if the change is older than what this node has.
   *
   * @return whether a snapshot was adopted
   */
  public boolean adopt(Supplier<SecurityStore> newer, boolean persist, String source) {
    synchronized (this) {
      SecurityStore after = newer.get();
      if (after == null) {
        return false;
      }
      if (persist) {
        try {
          storage.replace(after, source);
        } catch (RuntimeException e) {
          LOG.log(
              System.Logger.Level.ERROR,
              "the security store from "
                  + source
                  + " applies but could not be written to this node's database",
              e);
        }
      }
      publish(store.get(), after);
      return true;
    }
  }

  /** Adds a listener of published changes (live effects, the cluster). */
  public void listen(StoreListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Sets a check every new snapshot must pass before it is stored: an {@link
   * IllegalArgumentException} refuses the script (4001, its message). The production switch uses it
   * to keep anonymous sessions off.
   */
  public void check(Consumer<SecurityStore> check) {
    this.check = Objects.requireNonNull(check, "check");
  }

  /** The security store: roles, default roles, isolated paths (VIEW_SECURITY). */
  public SecurityConfiguration securityConfiguration(Caller caller) {
    require(caller, GlobalPermission.VIEW_SECURITY);
    return SecurityConfiguration.of(store.get().policy());
  }

  /** The system authentication store, without passwords or hashes (VIEW_SECURITY). */
  public AuthenticationConfiguration authenticationConfiguration(Caller caller) {
    require(caller, GlobalPermission.VIEW_SECURITY);
    return AuthenticationConfiguration.of(store.get());
  }

  /** Applies a security store script (MODIFY_SECURITY). */
  public void updateSecurityStore(Caller caller, String script) {
    update(caller, script, AuditEntry.SECURITY);
  }

  /** Applies a system authentication store script (MODIFY_SECURITY). */
  public void updateAuthenticationStore(Caller caller, String script) {
    update(caller, script, AuditEntry.AUTHENTICATION);
  }

  /**
   * Up to {@code limit} (at most {@value #MAX_AUDIT_READ}) audit entries after {@code afterId},
   * oldest first (VIEW_SECURITY).
   */
  public List<AuditEntry> audit(Caller caller, long afterId, int limit) {
    require(caller, GlobalPermission.VIEW_SECURITY);
    if (limit < 1) {
      throw new RequestException(ErrorCode.INVALID_ARGUMENT, "limit must be at least 1");
    }
    try {
      return audit.after(afterId, Math.min(limit, MAX_AUDIT_READ));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "the security audit trail could not be read", e);
      throw new RequestException(
          ErrorCode.UNAVAILABLE, "the security audit trail cannot be read now");
    }
  }

  private void update(Caller caller, String script, String which) {
    require(caller, GlobalPermission.MODIFY_SECURITY);
    if (script == null) {
      throw new RequestException(ErrorCode.INVALID_ARGUMENT, "a script is required");
    }
    if (script.length() > MAX_SCRIPT_CHARS) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT,
          "the script has " + script.length() + " characters, more than " + MAX_SCRIPT_CHARS);
    }
    synchronized (this) {
      sharing.change(shared -> apply(caller, script, which, shared));
    }
  }

  /** One change, under this node's lock and the cluster's: returns the new snapshot. */
  private SecurityStore apply(Caller caller, String script, String which, SecurityStore shared) {
    SecurityStore before = store.get();
    SecurityStore base = shared != null ? shared : before;
    SecurityStore after;
    try {
      after =
          AuditEntry.SECURITY.equals(which)
              ? SecurityScript.updateSecurityStore(base, script)
              : SecurityScript.updateAuthenticationStore(
                  base, script, new SecurityScript.Editor(caller.principal(), hash, passwords));
      check.accept(after);
    } catch (ScriptError e) {
      refused(caller, which, e.getMessage());
      throw new RequestException(
          e.denied() ? ErrorCode.PERMISSION_DENIED : ErrorCode.INVALID_ARGUMENT, e.getMessage());
    } catch (IllegalArgumentException e) {
      refused(caller, which, e.getMessage());
      throw new RequestException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
    }
    try {
      storage.replace(after, which + " store script by " + caller.principal());
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "the security store could not be written; the " + which + " store script is refused",
          e);
      throw new RequestException(
          ErrorCode.UNAVAILABLE, "the security store cannot be written now; nothing changed");
    }
    publish(before, after);
    audit(caller, which, SecurityScript.masked(script));
    return after;
  }

  private void publish(SecurityStore before, SecurityStore after) {
    store.set(after);
    for (StoreListener listener : listeners) {
      try {
        listener.changed(before, after);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a security store listener failed", e);
      }
    }
  }

  private static void refused(Caller caller, String which, String why) {
    LOG.log(
        System.Logger.Level.INFO,
        "{0} store script of principal {1} refused: {2}",
        which,
        caller.principal(),
        why);
  }

  private void audit(Caller caller, String which, String masked) {
    LOG.log(
        System.Logger.Level.INFO,
        "{0} store changed by principal {1}:\n{2}",
        which,
        caller.principal(),
        masked);
    try {
      audit.append(
          new AuditEntry(
              0, clock.millis(), caller.principal(), caller.session(), which, masked, node.get()));
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "the security store changed but its audit entry could not be written",
          e);
    }
  }

  private void require(Caller caller, GlobalPermission permission) {
    if (!store.get().policy().has(caller.roles(), permission)) {
      throw new RequestException(
          ErrorCode.PERMISSION_DENIED, permission.name() + " permission required");
    }
  }
}
