package dev.osmosis.filter;

import java.util.Set;

/**
 * A session as a filter sees it. The session package implements it over its own state.
 *
 * <p>Implementations must answer without allocating (return stored values, not copies or views made
 * per call): a filter is evaluated against every session on the fan-out path. Calls come from any
 * thread; an implementation returns a consistent snapshot per call, not necessarily across calls.
 */
public interface FilterTarget {

  /**
   * Returns the value of a fixed ({@code $}-prefixed) or user property, or {@code null} when the
   * session does not have it. Keys are case-sensitive. Never called with {@code "$Roles"}: filters
   * read roles through {@link #roles()} and {@link #hasRole(String)}.
   */
  String property(String key);

  /**
   * Whether property {@code key} is present and equal to {@code value}. {@code canonical} says that
   * {@code value} is the {@link CanonicalValues} instance, so an implementation whose own values
   * are all canonical may decide by reference alone. The default compares contents.
   */
  default boolean propertyIs(String key, String value, boolean canonical) {
    String actual = property(key);
    return actual != null && actual.hashCode() == value.hashCode() && actual.equals(value);
  }

  /** Returns whether the session has the role; roles are case-sensitive. */
  default boolean hasRole(String role) {
    return roles().contains(role);
  }

  /** Returns the session's roles as a stored, unmodifiable set, never {@code null}. */
  Set<String> roles();
}
