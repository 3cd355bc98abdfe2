package dev.osmosis.security;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** One authenticator's answer: allow, deny or abstain. */
public sealed interface AuthenticationResult
    permits AuthenticationResult.Allow, AuthenticationResult.Deny, AuthenticationResult.Abstain {

  /** Allow, keeping the proposed user properties and the roles the store assigns. */
  static Allow allow() {
    return new Allow(null, null, null);
  }

  /** Allow with replacement roles, keeping the proposed user properties. */
  static Allow allowWithRoles(Set<String> roles) {
    return new Allow(null, Objects.requireNonNull(roles, "roles"), null);
  }

  static Deny deny(String message) {
    return new Deny(message);
  }

  static Abstain abstain() {
    return Abstain.INSTANCE;
  }

  /**
   * The session may connect.
   *
   * @param userProperties replacement user properties, or null to keep the proposed ones; the
   *     caller validates them like proposed ones
   * @param roles replacement roles, or null to keep the roles the store assigns the principal
   * @param fixedProperties fixed properties to change, or null for none: only those seed 000 lets
   *     an authenticator change ({@code $Country}, {@code $Language}, {@code $Latitude}, {@code
   *     $Longitude}: {@code session.SessionProperties#AUTHENTICATOR_FIXED}); any other key refuses
   *     the session
   */
  record Allow(
      Map<String, String> userProperties, Set<String> roles, Map<String, String> fixedProperties)
      implements AuthenticationResult {
    public Allow {
      userProperties = userProperties == null ? null : Map.copyOf(userProperties);
      roles = roles == null ? null : Set.copyOf(roles);
      fixedProperties = fixedProperties == null ? null : Map.copyOf(fixedProperties);
    }

    /** Allow with replacement user properties and/or roles, changing no fixed property. */
    public Allow(Map<String, String> userProperties, Set<String> roles) {
      this(userProperties, roles, null);
    }

    /**
     * This answer, also changing these fixed properties (e.g. {@code Map.of("$Country", "NZ",
     * "$Language", "en")}, from the authenticator's own geolocation or directory).
     */
    public Allow withFixedProperties(Map<String, String> changes) {
      return new Allow(userProperties, roles, Objects.requireNonNull(changes, "changes"));
    }
  }

  /**
   * The session must not connect; later authenticators are not asked.
   *
   * @param message why, for logs and the client; must not contain credentials
   */
  record Deny(String message) implements AuthenticationResult {
    public Deny {
      message = message == null || message.isBlank() ? "Authentication denied" : message;
    }
  }

  /** No opinion: the next authenticator decides. */
  record Abstain() implements AuthenticationResult {
    static final Abstain INSTANCE = new Abstain();
  }
}
