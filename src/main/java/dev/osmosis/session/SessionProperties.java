package dev.osmosis.session;

import java.util.Map;
import java.util.Set;

/**
 * Session property keys and the rules of seed 000 for user properties. Fixed properties start with
 * {@code $} and are assigned by the server; user property keys are non-empty, case-sensitive and
 * contain none of {@code ' ', '\t', '\r', '\n', '"', '\'', '(', ')'}.
 */
public final class SessionProperties {
  public static final String CLIENT_IP = dev.osmosis.security.AuthenticationRequest.CLIENT_IP;
  public static final String CLIENT_TYPE = "$ClientType";
  public static final String CONNECTOR = "$Connector";
  public static final String COUNTRY = "$Country";

  /**
   * Gateway client type and identity: the empty string for a session that connected directly (every
   * session today: Osmosis has no gateways, MQTT or other, so {@code $MQTTClientId} is never set
   * either).
   */
  public static final String GATEWAY_TYPE = "$GatewayType";

  public static final String GATEWAY_ID = "$GatewayId";
  public static final String LANGUAGE = "$Language";
  public static final String LATITUDE = "$Latitude";
  public static final String LONGITUDE = "$Longitude";
  public static final String PRINCIPAL = "$Principal";
  public static final String ROLES = "$Roles";
  public static final String SERVER_NAME = "$ServerName";
  public static final String SESSION_ID = "$SessionId";
  public static final String START_TIME = "$StartTime";
  public static final String TRANSPORT = "$Transport";

  /**
   * Limits on what a client may propose; a client never controls an unbounded amount of server
   * memory.
   */
  public static final int MAX_USER_PROPERTIES = 64;

  public static final int MAX_KEY_LENGTH = 256;
  public static final int MAX_VALUE_LENGTH = 4096;

  /**
   * The fixed properties an authenticator may change, on open and on {@code changePrincipal} (seed
   * 000: "The authenticator can also change certain fixed properties"): where the client is, which
   * Osmosis cannot tell itself (it has no address geolocation). {@code $Principal} and {@code
   * $Roles} follow the principal and roles the authenticator grants; every other fixed property
   * describes the connection or the server and is the server's alone.
   */
  public static final Set<String> AUTHENTICATOR_FIXED =
      Set.of(COUNTRY, LANGUAGE, LATITUDE, LONGITUDE);

  /** The longest {@code $Country} or {@code $Language} an authenticator may set. */
  public static final int MAX_LOCATION_LENGTH = 64;

  private SessionProperties() {}

  /**
   * Checks the fixed properties an authenticator changes: only {@link #AUTHENTICATOR_FIXED} keys;
   * {@code $Latitude} and {@code $Longitude} a decimal number in range, or {@code NaN} (unknown);
   * {@code $Country} and {@code $Language} at most {@link #MAX_LOCATION_LENGTH} characters.
   *
   * @throws InvalidPropertyException naming the first offending key
   */
  public static void validateAuthenticatorFixed(Map<String, String> changes) {
    for (Map.Entry<String, String> e : changes.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (!AUTHENTICATOR_FIXED.contains(key)) {
        throw new InvalidPropertyException(
            "fixed property '"
                + key
                + "' may not be set by an authenticator (it may set $Country, $Language, $Latitude"
                + " and $Longitude)");
      }
      if (value == null) {
        throw new InvalidPropertyException("fixed property '" + key + "' has no value");
      }
      if (key.equals(LATITUDE) || key.equals(LONGITUDE)) {
        double limit = key.equals(LATITUDE) ? 90 : 180;
        if (!value.equals("NaN") && !isDegrees(value, limit)) {
          throw new InvalidPropertyException(
              key
                  + " must be NaN or a decimal number from -"
                  + (int) limit
                  + " to "
                  + (int) limit
                  + ", got '"
                  + value
                  + "'");
        }
      } else if (value.length() > MAX_LOCATION_LENGTH) {
        throw new InvalidPropertyException(
            key + " is longer than " + MAX_LOCATION_LENGTH + " characters");
      }
    }
  }

  private static boolean isDegrees(String value, double limit) {
    if (value.isEmpty() || value.length() > 32 || !value.matches("-?[0-9]+(\\.[0-9]+)?")) {
      return false;
    }
    double degrees = Double.parseDouble(value);
    return degrees >= -limit && degrees <= limit;
  }

  public static boolean isFixed(String key) {
    return key.startsWith("$");
  }

  /**
   * Checks proposed user properties against seed 000's rules and our limits.
   *
   * @throws InvalidPropertyException naming the first offending key
   */
  public static void validateUserProperties(Map<String, String> properties) {
    if (properties.size() > MAX_USER_PROPERTIES) {
      throw new InvalidPropertyException(
          "at most "
              + MAX_USER_PROPERTIES
              + " user properties are allowed, got "
              + properties.size());
    }
    properties.forEach(SessionProperties::validateUserProperty);
  }

  public static void validateUserProperty(String key, String value) {
    if (key == null || key.isEmpty()) {
      throw new InvalidPropertyException("a user property key must not be empty");
    }
    if (key.startsWith("$")) {
      throw new InvalidPropertyException(
          "user property key '"
              + key
              + "' must not start with '$' (fixed properties are set by the server)");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw new InvalidPropertyException(
          "user property key is longer than " + MAX_KEY_LENGTH + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'' || c == '('
          || c == ')') {
        throw new InvalidPropertyException(
            "user property key '"
                + key
                + "' contains a forbidden character at "
                + i
                + " (space, tab, CR, LF, quotes and parentheses are not allowed)");
      }
    }
    if (value == null) {
      throw new InvalidPropertyException("user property '" + key + "' has no value");
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      throw new InvalidPropertyException(
          "user property '" + key + "' is longer than " + MAX_VALUE_LENGTH + " characters");
    }
  }

  /** A proposed user property breaks the rules. */
  public static final class InvalidPropertyException extends IllegalArgumentException {
    public InvalidPropertyException(String message) {
      super(message);
    }
  }
}
