package dev.osmosis.admin;

/**
 * Names the admin API's OpenAPI annotations share: the security scheme, the error responses
 * declared once on {@link AdminApplication} (referred to with {@code ref}), and the phrase every
 * operation's description starts with, followed by the permission it requires (a test checks it).
 */
final class ApiDocs {
  /** The HTTP Basic security scheme. */
  static final String BASIC = "basic";

  /** The start of every operation's description: the permission it requires comes next. */
  static final String PERMISSION = "Permission: ";

  /** The schema of the JSON error body, {@link AdminException.ErrorView}. */
  static final String ERROR = "Error";

  static final String JSON = "application/json";

  static final String BAD_REQUEST = "BadRequest";
  static final String UNAUTHORIZED = "Unauthorized";
  static final String FORBIDDEN = "Forbidden";
  static final String NOT_FOUND = "NotFound";
  static final String TOO_MANY_REQUESTS = "TooManyRequests";
  static final String UNAVAILABLE = "Unavailable";
  static final String INTERNAL_ERROR = "InternalError";

  private ApiDocs() {}
}
