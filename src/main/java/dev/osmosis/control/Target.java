package dev.osmosis.control;

/**
 * Which sessions a client-control operation addresses: one session by id, or every session a filter
 * matches. Exactly one of the two is set.
 */
public record Target(String sessionId, String filter) {

  public static Target session(String sessionId) {
    return new Target(sessionId, null);
  }

  public static Target filter(String filter) {
    return new Target(null, filter);
  }

  public boolean isSession() {
    return sessionId != null;
  }
}
