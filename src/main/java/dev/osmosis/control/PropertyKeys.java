package dev.osmosis.control;

import dev.osmosis.session.SessionProperties;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Property key selections: named keys plus the groups {@code *F} (every fixed) and {@code *U}
 * (every user).
 */
public final class PropertyKeys {
  public static final String ALL_FIXED_PROPERTIES = "*F";
  public static final String ALL_USER_PROPERTIES = "*U";

  private PropertyKeys() {}

  /** The selected entries of {@code properties}. */
  public static Map<String, String> select(
      Collection<String> keys, Map<String, String> properties) {
    boolean allFixed = keys.contains(ALL_FIXED_PROPERTIES);
    boolean allUser = keys.contains(ALL_USER_PROPERTIES);
    Map<String, String> selected = new HashMap<>();
    properties.forEach(
        (k, v) -> {
          boolean fixed = SessionProperties.isFixed(k);
          if ((fixed && allFixed) || (!fixed && allUser) || keys.contains(k)) {
            selected.put(k, v);
          }
        });
    return selected;
  }

  /** Whether any selected key differs between two property maps. */
  public static boolean changed(
      Collection<String> keys, Map<String, String> before, Map<String, String> after) {
    return !Objects.equals(select(keys, before), select(keys, after));
  }
}
