package dev.osmosis.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Typed reads of fields of a decoded protocol message, tolerant of absent fields. */
final class Messages {

  private Messages() {}

  /** A new message {@code {"t":type}} ready for more fields. */
  static Map<String, Object> message(String type) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("t", type);
    return message;
  }

  /** The string field, or {@code fallback} if absent or not a string. */
  static String string(Map<String, Object> message, String key, String fallback) {
    Object value = message.get(key);
    return value instanceof String ? (String) value : fallback;
  }

  /** The integral number field, or {@code fallback} if absent or not an integer. */
  static long number(Map<String, Object> message, String key, long fallback) {
    Object value = message.get(key);
    if (value instanceof Long) {
      return (Long) value;
    }
    if (value instanceof Double && (Double) value == Math.rint((Double) value)) {
      return ((Double) value).longValue();
    }
    return fallback;
  }

  /** The object field, or an empty map if absent or not an object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Map<String, Object> message, String key) {
    Object value = message.get(key);
    return value instanceof Map ? (Map<String, Object>) value : Map.of();
  }

  /** The array-of-strings field as an unmodifiable ordered set; non-strings are skipped. */
  static Set<String> stringSet(Map<String, Object> message, String key) {
    Object value = message.get(key);
    Set<String> set = new LinkedHashSet<>();
    if (value instanceof List) {
      for (Object element : (List<?>) value) {
        if (element instanceof String) {
          set.add((String) element);
        }
      }
    }
    return Collections.unmodifiableSet(set);
  }

  /** The object-of-strings field as an unmodifiable ordered map; non-string values are skipped. */
  static Map<String, String> stringMap(Map<String, Object> message, String key) {
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : object(message, key).entrySet()) {
      if (entry.getValue() instanceof String) {
        map.put(entry.getKey(), (String) entry.getValue());
      }
    }
    return Collections.unmodifiableMap(map);
  }
}
