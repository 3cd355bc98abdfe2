package dev.osmosis.security;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The custom authenticators in order, then the security store's: the first answer that is not
 * abstain decides; if all abstain the session is refused as an unknown principal.
 *
 * <p>An authenticator that throws or returns null counts as a deny; the cause is logged once here
 * (never the credentials) and the client sees only a generic message.
 *
 * <p>Roles of an allowed session: the allowing authenticator's replacement roles if it gave any,
 * else the roles the store assigns (the principal's, or the anonymous roles if anonymous sessions
 * are allowed, each with the store's default roles for named or anonymous sessions), else none.
 * Fixed properties: the allowing authenticator's changes, which the caller validates. User
 * properties: the replacement if given, else the proposed ones the store trusts (all of them while
 * it trusts none: {@link SecurityStore#trustedProposals}).
 *
 * <p>With a {@link LoginThrottle}, password logins (not anonymous ones) are throttled before any
 * authenticator is asked, and every refusal counts as a failure. An unknown principal is refused
 * with the wrong-password message, after the same amount of hashing (see {@link
 * SecurityStore#unknownPrincipalHash()}).
 *
 * <p>Each call reads the store once, so one authentication sees one consistent snapshot. Thread
 * safe if the custom authenticators are.
 */
public final class AuthenticatorChain {
  static final String UNKNOWN_PRINCIPAL = StoreAuthenticator.INVALID_LOGIN;
  static final String AUTHENTICATOR_FAILED = "Authentication failed";

  private static final System.Logger LOG = System.getLogger(AuthenticatorChain.class.getName());

  private final List<Authenticator> custom;
  private final Supplier<SecurityStore> store;
  private final LoginThrottle throttle;
  private final PasswordCheck passwords;

  /** A chain without a login throttle (tests, tools). */
  public AuthenticatorChain(List<? extends Authenticator> custom, Supplier<SecurityStore> store) {
    this(custom, store, null, PasswordCheck.PBKDF2);
  }

  /**
   * @param custom authenticators asked before the store, in this order
   * @param store the current security store
   * @param throttle counts failed logins by principal and {@link
   *     AuthenticationRequest#clientAddress() address} and refuses attempts that must wait; null
   *     for none
   * @param passwords verifies passwords against the store's hashes
   */
  public AuthenticatorChain(
      List<? extends Authenticator> custom,
      Supplier<SecurityStore> store,
      LoginThrottle throttle,
      PasswordCheck passwords) {
    this.custom = List.copyOf(custom);
    this.store = Objects.requireNonNull(store, "store");
    this.throttle = throttle;
    this.passwords = Objects.requireNonNull(passwords, "passwords");
  }

  /**
   * Decides a login. With a throttle, a principal (not an anonymous request) past its allowance of
   * failures, or from an address past its allowance, is refused at once with {@link
   * AuthenticationOutcome.Refused#throttled()} and no authenticator is asked.
   */
  public AuthenticationOutcome authenticate(AuthenticationRequest request) {
    if (throttle == null || request.isAnonymous()) {
      return ask(request);
    }
    String address = request.clientAddress();
    long wait = throttle.begin(request.principal(), address);
    if (wait > 0) {
      return new AuthenticationOutcome.Refused(
          "Too many failed logins for this principal or from this address; retry in "
              + (wait + 999) / 1000
              + " s",
          wait);
    }
    AuthenticationOutcome outcome = ask(request);
    if (outcome instanceof AuthenticationOutcome.Granted) {
      throttle.succeeded(request.principal(), address);
    } else {
      throttle.failed(request.principal(), address);
    }
    return outcome;
  }

  private AuthenticationOutcome ask(AuthenticationRequest request) {
    SecurityStore snapshot = store.get();
    for (Authenticator authenticator : custom) {
      AuthenticationResult result = ask(authenticator, request);
      if (!(result instanceof AuthenticationResult.Abstain)) {
        return decide(result, snapshot, request);
      }
    }
    return decide(StoreAuthenticator.authenticate(snapshot, request, passwords), snapshot, request);
  }

  private static AuthenticationResult ask(
      Authenticator authenticator, AuthenticationRequest request) {
    try {
      AuthenticationResult result = authenticator.authenticate(request);
      if (result == null) {
        LOG.log(
            Level.WARNING,
            "Authenticator {0} returned null for principal ''{1}''; denying",
            authenticator.getClass().getName(),
            request.principal());
        return AuthenticationResult.deny(AUTHENTICATOR_FAILED);
      }
      return result;
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          () ->
              "Authenticator "
                  + authenticator.getClass().getName()
                  + " failed for principal '"
                  + request.principal()
                  + "'; denying",
          e);
      return AuthenticationResult.deny(AUTHENTICATOR_FAILED);
    }
  }

  private static AuthenticationOutcome decide(
      AuthenticationResult result, SecurityStore store, AuthenticationRequest request) {
    if (result instanceof AuthenticationResult.Deny deny) {
      return new AuthenticationOutcome.Refused(deny.message());
    }
    if (result instanceof AuthenticationResult.Allow allow) {
      Set<String> roles = allow.roles() != null ? allow.roles() : storeRoles(store, request);
      return new AuthenticationOutcome.Granted(
          request.principal(),
          roles,
          allow.userProperties() != null ? allow.userProperties() : trusted(store, request),
          allow.fixedProperties());
    }
    return new AuthenticationOutcome.Refused(UNKNOWN_PRINCIPAL);
  }

  private static Set<String> storeRoles(SecurityStore store, AuthenticationRequest request) {
    if (request.isAnonymous()) {
      return store.anonymous().allowed() ? store.anonymousSessionRoles() : Set.of();
    }
    return store.principal(request.principal()).map(store::sessionRoles).orElse(Set.of());
  }

  /** The proposed user properties the store trusts; the others are dropped (logged at DEBUG). */
  private static java.util.Map<String, String> trusted(
      SecurityStore store, AuthenticationRequest request) {
    java.util.Map<String, String> proposed = request.proposedProperties();
    java.util.Map<String, String> kept = store.trustedProposals(proposed);
    if (kept.size() != proposed.size() && LOG.isLoggable(Level.DEBUG)) {
      java.util.Set<String> dropped = new java.util.TreeSet<>(proposed.keySet());
      dropped.removeAll(kept.keySet());
      LOG.log(
          Level.DEBUG,
          "principal ''{0}'': proposed properties {1} dropped (not trusted or not valid)",
          request.principal(),
          dropped);
    }
    return kept;
  }
}
