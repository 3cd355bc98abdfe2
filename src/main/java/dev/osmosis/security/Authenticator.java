package dev.osmosis.security;

/**
 * Decides whether a session may connect as a principal, and may change its user properties and
 * roles. Custom authenticators are CDI beans; they run in order before the security store's own
 * {@link StoreAuthenticator}, and the first answer that is not {@link AuthenticationResult.Abstain}
 * decides (see {@link AuthenticatorChain}).
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>Called concurrently from many connections: must be thread safe.
 *   <li>Called during the handshake or {@code changePrincipal}, on the small login pool for a
 *       principal (its few threads are shared by every login) or on the connection's thread for an
 *       anonymous session: must answer quickly (milliseconds) and not block on slow I/O without a
 *       short timeout.
 *   <li>Not asked while the {@link LoginThrottle} holds the principal or the client's address back.
 *   <li>Must return a non-null result. Throwing, or returning null, counts as a deny, and the cause
 *       is logged.
 *   <li>Must never log or echo {@link AuthenticationRequest#credentials()}.
 *   <li>Abstain for principals it does not know, so the next authenticator can decide.
 * </ul>
 */
@FunctionalInterface
public interface Authenticator {
  AuthenticationResult authenticate(AuthenticationRequest request);
}
