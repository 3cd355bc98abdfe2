package dev.osmosis.control;

import java.util.Set;

/**
 * Who asks: a session's principal and roles, or an admin API caller's. Permissions are checked on
 * the roles.
 *
 * @param session the asking session's id (text), or {@code null} for the admin API; a topic added
 *     by a session records it as its creator (REMOVAL's {@code this session closes})
 */
public record Caller(String principal, Set<String> roles, String session) {

  /** A caller that is not a session (the admin API). */
  public Caller(String principal, Set<String> roles) {
    this(principal, roles, null);
  }
}
