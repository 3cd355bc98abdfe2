package dev.osmosis.security;

import java.util.Map;

/**
 * What a connecting (or re-authenticating) session presents to the authenticators.
 *
 * @param principal the principal name; {@code ""} for an anonymous session (null is normalised)
 * @param credentials the password or token as sent, may be null; never log it
 * @param proposedProperties the user properties the client proposed, already key-validated;
 *     unmodifiable
 * @param sessionProperties the session's fixed ({@code $}) properties for context ({@code
 *     $ClientIP}, {@code $Transport}, ...); unmodifiable
 */
public record AuthenticationRequest(
    String principal,
    String credentials,
    Map<String, String> proposedProperties,
    Map<String, String> sessionProperties) {

  /**
   * The session property holding the client's address, which the login throttle counts failures by.
   */
  public static final String CLIENT_IP = "$ClientIP";

  public AuthenticationRequest {
    principal = principal == null ? "" : principal;
    proposedProperties = proposedProperties == null ? Map.of() : Map.copyOf(proposedProperties);
    sessionProperties = sessionProperties == null ? Map.of() : Map.copyOf(sessionProperties);
  }

  /** An anonymous request with no properties. */
  public static AuthenticationRequest anonymous() {
    return new AuthenticationRequest("", null, Map.of(), Map.of());
  }

  /** A request for a principal with a password and no properties. */
  public static AuthenticationRequest of(String principal, String credentials) {
    return new AuthenticationRequest(principal, credentials, Map.of(), Map.of());
  }

  public boolean isAnonymous() {
    return principal.isEmpty();
  }

  /** The client's address ({@value #CLIENT_IP} of the session properties), or null if not known. */
  public String clientAddress() {
    String address = sessionProperties.get(CLIENT_IP);
    return address == null || address.isEmpty() ? null : address;
  }

  @Override
  public String toString() {
    // Credentials stay out of logs and exception messages.
    return "AuthenticationRequest[principal=" + principal + "]";
  }
}
