package dev.osmosis.control;

import java.util.Set;

/** Who asks: a session's principal and roles, or an admin API caller's. Permissions are checked on the roles. */
public record Caller(String principal, Set<String> roles) {}
