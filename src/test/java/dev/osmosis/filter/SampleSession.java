package dev.osmosis.filter;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A {@link FilterTarget} over a map, built fluently in tests. */
final class SampleSession implements FilterTarget {

  private final String name;
  private final Map<String, String> properties = new HashMap<>();
  private Set<String> roles = Set.of();

  private SampleSession(String name) {
    this.name = name;
  }

  static SampleSession named(String name) {
    return new SampleSession(name);
  }

  SampleSession with(String key, String value) {
    properties.put(key, value);
    return this;
  }

  SampleSession roles(String... roles) {
    this.roles = Set.of(roles);
    return this;
  }

  @Override
  public String property(String key) {
    if (key.equals("$Roles")) {
      throw new AssertionError("filters must read $Roles through roles()");
    }
    return properties.get(key);
  }

  @Override
  public Set<String> roles() {
    return roles;
  }

  @Override
  public String toString() {
    return name;
  }
}
