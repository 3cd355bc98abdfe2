package dev.osmosis.ingress;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The ingress handlers by name, fixed at start-up. Immutable, thread-safe. */
public final class IngressHandlers {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final Map<String, IngressHandler> byName;

  /**
   * @throws IllegalArgumentException naming a bad handler name
   */
  public IngressHandlers(Map<String, IngressHandler> byName) {
    byName.keySet().forEach(IngressHandlers::checkName);
    this.byName = Map.copyOf(byName);
  }

  /**
   * @throws IllegalArgumentException unless 1 to 64 of {@code [A-Za-z0-9._-]}
   */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "an ingress handler name must be 1 to 64 of [A-Za-z0-9._-], is '" + name + "'");
    }
    return name;
  }

  public Optional<IngressHandler> find(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
  }

  /** The names, sorted. */
  public Set<String> names() {
    return new TreeMap<>(byName).keySet();
  }
}
