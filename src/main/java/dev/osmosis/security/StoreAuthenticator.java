package dev.osmosis.security;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Authenticates against the current {@link SecurityStore}: an anonymous request is allowed with the
 * anonymous roles (and the default roles of anonymous sessions) if the store allows anonymous
 * sessions, abstained on if it abstains, else denied; a known principal with the right password is
 * allowed with its roles (and the default roles of named sessions), with a wrong password denied;
 * an unknown principal is abstained on, so another authenticator may accept it.
 *
 * <p>The supplier is read on every call, so a replaced store applies to the next authentication.
 * Thread safe.
 */
public final class StoreAuthenticator implements Authenticator {
  static final String ANONYMOUS_DENIED = "Anonymous connections are not allowed";

  /**
   * The one answer to a wrong password and to an unknown principal: the reply tells nothing about
   * which exist.
   */
  public static final String INVALID_LOGIN = "Invalid principal or credentials";

  static final String WRONG_CREDENTIALS = INVALID_LOGIN;

  private final Supplier<SecurityStore> store;

  public StoreAuthenticator(Supplier<SecurityStore> store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public AuthenticationResult authenticate(AuthenticationRequest request) {
    return authenticate(store.get(), request);
  }

  static AuthenticationResult authenticate(SecurityStore store, AuthenticationRequest request) {
    return authenticate(store, request, PasswordCheck.PBKDF2);
  }

  /**
   * As {@link #authenticate(AuthenticationRequest)} on {@code store}. An unknown principal's
   * credentials are verified against {@link SecurityStore#unknownPrincipalHash()} before
   * abstaining, so it costs what a wrong password costs.
   */
  static AuthenticationResult authenticate(
      SecurityStore store, AuthenticationRequest request, PasswordCheck passwords) {
    if (request.isAnonymous()) {
      AnonymousPolicy anonymous = store.anonymous();
      return switch (anonymous.action()) {
        case ALLOW -> AuthenticationResult.allowWithRoles(store.anonymousSessionRoles());
        case DENY -> AuthenticationResult.deny(ANONYMOUS_DENIED);
        case ABSTAIN -> AuthenticationResult.abstain();
      };
    }
    Optional<StoredPrincipal> principal = store.principal(request.principal());
    if (principal.isEmpty()) {
      passwords.matches(request.credentials(), store.unknownPrincipalHash());
      return AuthenticationResult.abstain();
    }
    return passwords.matches(request.credentials(), principal.get().passwordHash())
        ? AuthenticationResult.allowWithRoles(store.sessionRoles(principal.get()))
        : AuthenticationResult.deny(WRONG_CREDENTIALS);
  }
}
