package dev.osmosis.session;

import java.util.Map;

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

  private SessionProperties() {}

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
