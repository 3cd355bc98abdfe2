package dev.osmosis.security;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** What the {@link AuthenticatorChain} decided for a session. */
public sealed interface AuthenticationOutcome
    permits AuthenticationOutcome.Granted, AuthenticationOutcome.Refused {

  /**
   * The session may connect with these roles and user properties.
   *
   * @param principal the principal, {@code ""} for an anonymous session
   * @param roles the session's final roles
   * @param userProperties the session's final user properties (the proposed ones unless an
   *     authenticator replaced them); the caller still validates replaced ones
   * @param fixedProperties the fixed properties the allowing authenticator changes (empty for
   *     none); the caller validates them ({@code session.SessionProperties})
   */
  record Granted(
      String principal,
      Set<String> roles,
      Map<String, String> userProperties,
      Map<String, String> fixedProperties)
      implements AuthenticationOutcome {
    public Granted {
      Objects.requireNonNull(principal, "principal");
      roles = Set.copyOf(roles);
      userProperties = Map.copyOf(userProperties);
      fixedProperties = fixedProperties == null ? Map.of() : Map.copyOf(fixedProperties);
    }

    /** Granted with no fixed property changed. */
    public Granted(String principal, Set<String> roles, Map<String, String> userProperties) {
      this(principal, roles, userProperties, Map.of());
    }
  }

  /**
   * The session must not connect.
   *
   * @param message why, safe to show the client (no credentials, no internal detail)
   * @param retryAfterMillis 0, or how long the client must wait before trying again: the {@link
   *     LoginThrottle} refused the attempt without verifying it
   */
  record Refused(String message, long retryAfterMillis) implements AuthenticationOutcome {
    public Refused {
      Objects.requireNonNull(message, "message");
    }

    public Refused(String message) {
      this(message, 0);
    }

    /** Whether the login throttle refused it (too many failures), rather than the credentials. */
    public boolean throttled() {
      return retryAfterMillis > 0;
    }
  }
}
