package dev.osmosis.session;

import dev.osmosis.meter.AuthFailure;
import dev.osmosis.meter.ServerMeters;
import dev.osmosis.security.AuthenticationOutcome;
import dev.osmosis.security.AuthenticationRequest;
import dev.osmosis.security.AuthenticatorChain;
import dev.osmosis.wire.ClientType;
import dev.osmosis.wire.CloseReason;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Opening and re-authenticating sessions: the handshake rules of docs/PROTOCOL.md §3 and seed 000's
 * order — proposed user properties are validated, the server assigns every fixed property, then the
 * authenticators decide (and may change user properties, roles and the fixed properties of {@link
 * SessionProperties#AUTHENTICATOR_FIXED}). Thread-safe.
 */
public final class Sessions {
  private static final System.Logger LOG = System.getLogger(Sessions.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SessionSettings settings;
  private final SessionRegistry registry;
  private final AuthenticatorChain authenticators;
  private final Clock clock;
  private final AddressQuota anonymous;
  private final ServerMeters meters;

  public Sessions(
      SessionSettings settings,
      SessionRegistry registry,
      AuthenticatorChain authenticators,
      Clock clock) {
    this(settings, registry, authenticators, clock, AddressQuota.unlimited());
  }

  /**
   * @param anonymousPerAddress open anonymous sessions per {@code $ClientIP} (ConnectionLimits)
   */
  public Sessions(
      SessionSettings settings,
      SessionRegistry registry,
      AuthenticatorChain authenticators,
      Clock clock,
      AddressQuota anonymousPerAddress) {
    this(settings, registry, authenticators, clock, anonymousPerAddress, new ServerMeters());
  }

  /**
   * @param meters where authentications are counted by outcome (docs/OPERATIONS.md "Metrics")
   */
  public Sessions(
      SessionSettings settings,
      SessionRegistry registry,
      AuthenticatorChain authenticators,
      Clock clock,
      AddressQuota anonymousPerAddress,
      ServerMeters meters) {
    this.meters = meters;
    this.settings = settings;
    this.registry = registry;
    this.authenticators = authenticators;
    this.clock = clock;
    this.anonymous = anonymousPerAddress;
  }

  public SessionSettings settings() {
    return settings;
  }

  /** The server's counters this counts authentications in. */
  public ServerMeters meters() {
    return meters;
  }

  public SessionRegistry registry() {
    return registry;
  }

  /**
   * Authenticates and registers a new session on {@code connection}.
   *
   * @throws HandshakeRefusedException with HANDSHAKE_REJECTED (bad client type or property) or
   *     ACCESS_DENIED (refused by the authenticators, or one anonymous session more than its
   *     address may open)
   */
  public Session open(Handshake handshake, Connection connection) {
    ClientType clientType = clientType(handshake);
    try {
      SessionProperties.validateUserProperties(handshake.proposedProperties());
    } catch (SessionProperties.InvalidPropertyException e) {
      throw refused(CloseReason.HANDSHAKE_REJECTED, e.getMessage(), handshake);
    }
    SessionId id = SessionId.random();
    long start = clock.millis();
    Map<String, String> fixed = new HashMap<>();
    fixed.put(SessionProperties.SESSION_ID, id.toString());
    fixed.put(
        SessionProperties.CLIENT_IP, handshake.clientIp() == null ? "" : handshake.clientIp());
    fixed.put(SessionProperties.CLIENT_TYPE, clientType.name());
    fixed.put(SessionProperties.CONNECTOR, settings.connector(handshake.transport()));
    fixed.put(SessionProperties.COUNTRY, "");
    fixed.put(SessionProperties.GATEWAY_TYPE, "");
    fixed.put(SessionProperties.GATEWAY_ID, "");
    fixed.put(SessionProperties.LANGUAGE, "");
    fixed.put(SessionProperties.LATITUDE, "NaN");
    fixed.put(SessionProperties.LONGITUDE, "NaN");
    fixed.put(SessionProperties.SERVER_NAME, settings.serverName());
    fixed.put(SessionProperties.START_TIME, Long.toString(start));
    fixed.put(SessionProperties.TRANSPORT, handshake.transport().name());

    AuthenticationOutcome outcome =
        authenticators.authenticate(
            new AuthenticationRequest(
                handshake.principal(),
                handshake.credentials(),
                handshake.proposedProperties(),
                fixed));
    if (outcome instanceof AuthenticationOutcome.Refused refused) {
      meters.authenticationFailed(refused.throttled() ? AuthFailure.THROTTLED : AuthFailure.DENIED);
      throw refused(CloseReason.ACCESS_DENIED, refused.message(), handshake);
    }
    AuthenticationOutcome.Granted granted = (AuthenticationOutcome.Granted) outcome;
    try {
      SessionProperties.validateUserProperties(granted.userProperties());
      SessionProperties.validateAuthenticatorFixed(granted.fixedProperties());
    } catch (SessionProperties.InvalidPropertyException e) {
      throw refused(
          CloseReason.HANDSHAKE_REJECTED,
          "an authenticator set an invalid property: " + e.getMessage(),
          handshake);
    }
    fixed.putAll(granted.fixedProperties());
    String address = fixed.get(SessionProperties.CLIENT_IP);
    boolean anonymousSession = granted.principal().isEmpty();
    if (anonymousSession && !anonymous.tryAcquire(address)) {
      meters.authenticationFailed(AuthFailure.ANONYMOUS_LIMIT);
      throw refused(
          CloseReason.ACCESS_DENIED,
          "too many anonymous sessions from this address (at most "
              + anonymous.max()
              + "): authenticate to open more",
          handshake);
    }
    Session session =
        new Session(
            id,
            token(),
            start,
            connection,
            granted.principal(),
            granted.roles(),
            fixed,
            granted.userProperties());
    meters.authenticated();
    if (anonymousSession) {
      session.onClose(
          (s, reason) -> anonymous.release(address)); // counted as it opened, whatever it becomes
    }
    registry.add(session);
    return session;
  }

  /**
   * Registers, on {@code connection}, a session another node opened and lost with its node
   * (fail-over, docs/RECONNECTION.md): the same id, token, start time, principal, roles and
   * properties; no authenticator runs again (the token is the proof, as for any reconnect).
   */
  public Session restore(
      SessionId id,
      String token,
      long startTime,
      String principal,
      java.util.Set<String> roles,
      Map<String, String> properties,
      Connection connection) {
    Map<String, String> fixed = new HashMap<>();
    Map<String, String> user = new HashMap<>();
    properties.forEach((k, v) -> (SessionProperties.isFixed(k) ? fixed : user).put(k, v));
    fixed.remove(SessionProperties.PRINCIPAL);
    fixed.remove(SessionProperties.ROLES);
    Session session = new Session(id, token, startTime, connection, principal, roles, fixed, user);
    registry.add(session);
    return session;
  }

  /**
   * Re-authenticates an open session as another principal (seed 000 {@code changePrincipal}). On
   * success the session takes the new principal, roles and user properties, and the fixed
   * properties the authenticator changes ({@link SessionProperties#AUTHENTICATOR_FIXED}); on
   * refusal nothing changes.
   *
   * @return the refusal message, or null if the change was made
   */
  public String changePrincipal(Session session, String principal, String credentials) {
    Map<String, String> user = new HashMap<>();
    Map<String, String> fixed = new HashMap<>();
    session.properties().forEach((k, v) -> (SessionProperties.isFixed(k) ? fixed : user).put(k, v));
    AuthenticationOutcome outcome =
        authenticators.authenticate(new AuthenticationRequest(principal, credentials, user, fixed));
    if (outcome instanceof AuthenticationOutcome.Refused refused) {
      meters.authenticationFailed(refused.throttled() ? AuthFailure.THROTTLED : AuthFailure.DENIED);
      LOG.log(
          System.Logger.Level.INFO,
          "session {0}: changePrincipal to ''{1}'' refused: {2}",
          session.id(),
          principal,
          refused.message());
      return refused.message();
    }
    AuthenticationOutcome.Granted granted = (AuthenticationOutcome.Granted) outcome;
    try {
      SessionProperties.validateUserProperties(granted.userProperties());
      SessionProperties.validateAuthenticatorFixed(granted.fixedProperties());
    } catch (SessionProperties.InvalidPropertyException e) {
      return "an authenticator set an invalid property: " + e.getMessage();
    }
    meters.authenticated();
    session.reauthenticate(
        granted.principal(), granted.roles(), granted.userProperties(), granted.fixedProperties());
    return null;
  }

  /** The reconnect timeout granted: the client's request capped by the server's maximum. */
  public long grantedReconnectTimeout(long requestedMillis) {
    long max = settings.maxReconnectTimeout().toMillis();
    return requestedMillis < 0 ? max : Math.min(requestedMillis, max);
  }

  private ClientType clientType(Handshake handshake) {
    String name = handshake.clientType();
    if (name == null || name.isEmpty()) {
      return ClientType.OTHER;
    }
    try {
      return ClientType.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw refused(
          CloseReason.HANDSHAKE_REJECTED,
          "unknown clientType '"
              + name
              + "'; expected one of ANDROID, C, DOTNET, IOS, JAVA, JAVASCRIPT_BROWSER, MQTT, PYTHON, OTHER",
          handshake);
    }
  }

  private static HandshakeRefusedException refused(
      CloseReason reason, String message, Handshake handshake) {
    LOG.log(
        System.Logger.Level.INFO, "handshake refused ({0}): {1} [{2}]", reason, message, handshake);
    return new HandshakeRefusedException(reason, message);
  }

  private static String token() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
