package dev.osmosis.bench.filter;

import dev.osmosis.filter.FilterTarget;
import java.util.Map;
import java.util.Set;

/**
 * A session as the server will hold one: a property map and a role set, both stored, never copied.
 */
final class MapTarget implements FilterTarget {

  private final Map<String, String> properties;
  private final Set<String> roles;

  MapTarget(Map<String, String> properties, Set<String> roles) {
    this.properties = properties;
    this.roles = roles;
  }

  @Override
  public String property(String key) {
    return properties.get(key);
  }

  @Override
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  @Override
  public Set<String> roles() {
    return roles;
  }
}
