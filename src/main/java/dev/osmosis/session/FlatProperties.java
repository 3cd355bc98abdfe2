package dev.osmosis.session;

import dev.osmosis.filter.CanonicalKeys;
import dev.osmosis.filter.CanonicalValues;
import dev.osmosis.wire.FilterText;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session's properties, fixed ({@code $}) and user, as one immutable snapshot: the map the admin
 * API and listeners see, and the same entries as one flat array for filters. A filter's lookup
 * scans two or three contiguous cache lines comparing keys by identity ({@link CanonicalKeys})
 * instead of walking a hash map's scattered nodes — measured in SessionFilterBench. A change builds
 * a new snapshot from copies of the fixed and user parts ({@link #fixed()}, {@link #user()}).
 */
final class FlatProperties {

  /**
   * The marker of a flat array whose values are all canonical (compared by reference, never by
   * contents).
   */
  private static final String ALL_CANONICAL = new String("all values canonical");

  /** Fixed properties in the order the flat form keeps them (the ones filters use most first). */
  private static final List<String> FIXED_ORDER =
      List.of(
              SessionProperties.PRINCIPAL,
              SessionProperties.COUNTRY,
              SessionProperties.LANGUAGE,
              SessionProperties.TRANSPORT,
              SessionProperties.CLIENT_TYPE,
              SessionProperties.CLIENT_IP,
              SessionProperties.CONNECTOR,
              SessionProperties.SERVER_NAME,
              SessionProperties.SESSION_ID,
              SessionProperties.START_TIME,
              SessionProperties.LATITUDE,
              SessionProperties.LONGITUDE,
              SessionProperties.GATEWAY_TYPE,
              SessionProperties.GATEWAY_ID,
              SessionProperties.ROLES)
          .stream()
          .map(CanonicalKeys::of)
          .toList();

  private final Map<String, String> map;

  /**
   * {@code [marker, key1, value1, key2, value2, ...]}, keys canonical, values canonical where the
   * pool takes them; the marker is {@link #ALL_CANONICAL} when every value is, so the marker
   * travels with the values it describes.
   */
  private final String[] flat;

  private FlatProperties(Map<String, String> map) {
    this.map = map;
    this.flat = flatten(map);
  }

  /**
   * Every property of a session: the user properties, the fixed ones, and {@code $Principal} and
   * {@code $Roles} from {@code principal} and {@code roles} (over any given as fixed). Keys are
   * made canonical, values shared with the pool where it takes them.
   */
  static FlatProperties of(
      String principal, Set<String> roles, Map<String, String> fixed, Map<String, String> user) {
    HashMap<String, String> all = new HashMap<>((user.size() + fixed.size() + 2) * 4 / 3 + 1);
    user.forEach((k, v) -> all.put(CanonicalKeys.of(k), shared(v)));
    fixed.forEach((k, v) -> all.put(CanonicalKeys.of(k), shared(v)));
    all.put(CanonicalKeys.of(SessionProperties.PRINCIPAL), shared(principal));
    all.put(CanonicalKeys.of(SessionProperties.ROLES), shared(FilterText.rolesToString(roles)));
    return new FlatProperties(Collections.unmodifiableMap(all));
  }

  /**
   * The canonical instance of a value when the pool takes it (sessions share common values'
   * memory).
   */
  private static String shared(String value) {
    String pooled = CanonicalValues.of(value);
    return pooled != null ? pooled : value;
  }

  /** Every property as an unmodifiable map. */
  Map<String, String> asMap() {
    return map;
  }

  /** One property, or null if there is none by that key. Allocates nothing. */
  String get(String key) {
    int i = indexOf(flat, key);
    return i < 0 ? null : flat[i + 1];
  }

  /**
   * Whether the property {@code key} has {@code value}. Decides by reference when both these values
   * and {@code value} are {@link CanonicalValues} instances ({@code canonical}, the usual case):
   * the value string is then never read. Allocates nothing.
   */
  boolean is(String key, String value, boolean canonical) {
    String[] properties = flat;
    int i = indexOf(properties, key);
    if (i < 0) {
      return false;
    }
    String actual = properties[i + 1];
    if (actual == value) {
      return true;
    }
    if (canonical && properties[0] == ALL_CANONICAL) {
      return false;
    }
    return actual.hashCode() == value.hashCode() && actual.equals(value);
  }

  /** A modifiable copy of the fixed ({@code $}) properties. */
  Map<String, String> fixed() {
    return part(true);
  }

  /** A modifiable copy of the user properties. */
  Map<String, String> user() {
    return part(false);
  }

  private Map<String, String> part(boolean fixed) {
    Map<String, String> part = new HashMap<>();
    map.forEach(
        (k, v) -> {
          if (SessionProperties.isFixed(k) == fixed) {
            part.put(k, v);
          }
        });
    return part;
  }

  private static int indexOf(String[] properties, String key) {
    for (int i = 1; i < properties.length; i += 2) {
      if (properties[i] == key) {
        return i;
      }
    }
    for (int i = 1; i < properties.length; i += 2) {
      if (properties[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private static String[] flatten(Map<String, String> properties) {
    String[] flat = new String[properties.size() * 2 + 1];
    boolean allCanonical = true;
    int i = 1;
    // User properties first, then the fixed ones most filters name: a lookup scans from the front,
    // and the first two cache lines of the array are the ones a scan reads for free.
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (!e.getKey().startsWith("$")) {
        flat[i++] = e.getKey();
        flat[i++] = e.getValue();
      }
    }
    for (String key : FIXED_ORDER) {
      String value = properties.get(key);
      if (value != null) {
        flat[i++] = key;
        flat[i++] = value;
      }
    }
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (e.getKey().startsWith("$") && !FIXED_ORDER.contains(e.getKey())) {
        flat[i++] = e.getKey();
        flat[i++] = e.getValue();
      }
    }
    for (int v = 2; v < flat.length; v += 2) {
      String pooled = CanonicalValues.of(flat[v]);
      allCanonical &= pooled != null;
      flat[v] = pooled != null ? pooled : flat[v];
    }
    flat[0] = allCanonical ? ALL_CANONICAL : null;
    return flat;
  }
}
