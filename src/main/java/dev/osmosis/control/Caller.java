package dev.osmosis.control;

import java.util.Set;

/**
 * Who asks: a session's principal and roles, or an admin API caller's. Permissions are checked on
 * the roles.
 *
 * @param session the asking session's id (text), or {@code null} for the admin API; a topic added
 *     by a session records it as its creator (REMOVAL's {@code this session closes})
 * @param message the number of the client message asking, for a session whose messages may be
 *     replayed to another node after a fail-over (its topic updates carry it as their idempotency
 *     key), else 0
 */
public record Caller(String principal, Set<String> roles, String session, long message) {

  /** A session's caller whose messages are not replayed elsewhere. */
  public Caller(String principal, Set<String> roles, String session) {
    this(principal, roles, session, 0);
  }

  /** A caller that is not a session (the admin API). */
  public Caller(String principal, Set<String> roles) {
    this(principal, roles, null);
  }
}
