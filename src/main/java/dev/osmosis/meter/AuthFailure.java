package dev.osmosis.meter;

/** Why an authentication failed: the label of {@code osmosis_authentication_failures_total}. */
public enum AuthFailure {
  /**
   * The authenticators refused the credentials (unknown principal, wrong password, or a custom
   * authenticator's refusal: deliberately not told apart).
   */
  DENIED,
  /** Too many failures from the principal or address: the login throttle refused it unchecked. */
  THROTTLED,
  /** An anonymous session more than its address may open. */
  ANONYMOUS_LIMIT,
  /** The login pool was full: the client may try again. */
  BUSY;

  /** The label value: the name in lower case. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
