package dev.osmosis.client;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies an RFC 6902 JSON Patch to a value of the {@link Json} model (modifiable maps and lists):
 * {@code add}, {@code remove}, {@code replace}, {@code move}, {@code copy} and {@code test}, with
 * RFC 6901 pointers ({@code ~1} is {@code /}, {@code ~0} is {@code ~}). Stateless.
 */
final class JsonPatch {

  private JsonPatch() {}

  /**
   * Applies the patch (a list of operation objects) and returns the new document; {@code document}
   * may be modified on the way, so pass a copy.
   *
   * @throws IllegalArgumentException naming the operation that could not be applied
   */
  static Object apply(Object document, Object patch) {
    if (!(patch instanceof List)) {
      throw new IllegalArgumentException("A JSON patch must be an array of operations");
    }
    List<?> operations = (List<?>) patch;
    for (int i = 0; i < operations.size(); i++) {
      Object operation = operations.get(i);
      String op = "?";
      try {
        if (!(operation instanceof Map)) {
          throw new IllegalArgumentException("not an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) operation;
        op = fields.get("op") instanceof String ? (String) fields.get("op") : "?";
        document = applyOne(document, op, fields);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "JSON patch operation " + i + " (" + op + ") failed: " + e.getMessage(), e);
      }
    }
    return document;
  }

  private static Object applyOne(Object document, String op, Map<String, Object> fields) {
    List<String> path = pointer(fields, "path");
    switch (op) {
      case "add":
        return add(document, path, value(fields));
      case "remove":
        return remove(document, path);
      case "replace":
        return replace(document, path, value(fields));
      case "move":
        {
          List<String> from = pointer(fields, "from");
          if (from.size() < path.size() && path.subList(0, from.size()).equals(from)) {
            throw new IllegalArgumentException("cannot move a value into itself");
          }
          Object moved = get(document, from);
          return add(remove(document, from), path, moved);
        }
      case "copy":
        return add(document, path, copy(get(document, pointer(fields, "from"))));
      case "test":
        if (!same(get(document, path), value(fields))) {
          throw new IllegalArgumentException("the value at " + fields.get("path") + " differs");
        }
        return document;
      default:
        throw new IllegalArgumentException("unknown operation");
    }
  }

  private static Object value(Map<String, Object> fields) {
    if (!fields.containsKey("value")) {
      throw new IllegalArgumentException("no value");
    }
    return copy(fields.get("value"));
  }

  /** The reference tokens of an RFC 6901 pointer; empty for the whole document. */
  static List<String> pointer(Map<String, Object> fields, String name) {
    Object value = fields.get(name);
    if (!(value instanceof String)) {
      throw new IllegalArgumentException("no \"" + name + "\" pointer");
    }
    String text = (String) value;
    List<String> tokens = new ArrayList<>();
    if (text.isEmpty()) {
      return tokens;
    }
    if (text.charAt(0) != '/') {
      throw new IllegalArgumentException("pointer \"" + text + "\" does not start with '/'");
    }
    int start = 1;
    while (true) {
      int end = text.indexOf('/', start);
      String raw = text.substring(start, end < 0 ? text.length() : end);
      StringBuilder token = new StringBuilder();
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c != '~') {
          token.append(c);
        } else if (i + 1 < raw.length() && (raw.charAt(i + 1) == '0' || raw.charAt(i + 1) == '1')) {
          token.append(raw.charAt(++i) == '0' ? '~' : '/');
        } else {
          throw new IllegalArgumentException("pointer \"" + text + "\" has a bad '~' escape");
        }
      }
      tokens.add(token.toString());
      if (end < 0) {
        return tokens;
      }
      start = end + 1;
    }
  }

  private static Object get(Object document, List<String> path) {
    Object current = document;
    for (String token : path) {
      if (current instanceof Map) {
        Map<?, ?> map = (Map<?, ?>) current;
        if (!map.containsKey(token)) {
          throw new IllegalArgumentException("no member \"" + token + "\"");
        }
        current = map.get(token);
      } else if (current instanceof List) {
        List<?> list = (List<?>) current;
        current = list.get(index(token, list.size() - 1));
      } else {
        throw new IllegalArgumentException("\"" + token + "\" is below a scalar");
      }
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private static Object add(Object document, List<String> path, Object value) {
    if (path.isEmpty()) {
      return value;
    }
    Object parent = get(document, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent instanceof Map) {
      ((Map<String, Object>) parent).put(last, value);
    } else if (parent instanceof List) {
      List<Object> list = (List<Object>) parent;
      list.add("-".equals(last) ? list.size() : index(last, list.size()), value);
    } else {
      throw new IllegalArgumentException("the parent of \"" + last + "\" is a scalar");
    }
    return document;
  }

  @SuppressWarnings("unchecked")
  private static Object replace(Object document, List<String> path, Object value) {
    if (path.isEmpty()) {
      return value;
    }
    Object parent = get(document, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent instanceof Map) {
      Map<String, Object> map = (Map<String, Object>) parent;
      if (!map.containsKey(last)) {
        throw new IllegalArgumentException("no member \"" + last + "\"");
      }
      map.put(last, value);
    } else if (parent instanceof List) {
      List<Object> list = (List<Object>) parent;
      list.set(index(last, list.size() - 1), value);
    } else {
      throw new IllegalArgumentException("the parent of \"" + last + "\" is a scalar");
    }
    return document;
  }

  private static Object remove(Object document, List<String> path) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("cannot remove the whole document");
    }
    Object parent = get(document, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) parent;
      if (!map.containsKey(last)) {
        throw new IllegalArgumentException("no member \"" + last + "\"");
      }
      map.remove(last);
    } else if (parent instanceof List) {
      List<?> list = (List<?>) parent;
      list.remove(index(last, list.size() - 1));
    } else {
      throw new IllegalArgumentException("the parent of \"" + last + "\" is a scalar");
    }
    return document;
  }

  /** An array index 0..max: digits without a leading zero. */
  private static int index(String token, int max) {
    boolean digits =
        !token.isEmpty() && token.length() <= 9 && (token.length() == 1 || token.charAt(0) != '0');
    for (int i = 0; digits && i < token.length(); i++) {
      digits = token.charAt(i) >= '0' && token.charAt(i) <= '9';
    }
    if (!digits) {
      throw new IllegalArgumentException("\"" + token + "\" is not an array index");
    }
    int index = Integer.parseInt(token);
    if (index > max) {
      throw new IllegalArgumentException("index " + index + " is out of bounds");
    }
    return index;
  }

  private static Object copy(Object value) {
    if (value instanceof Map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        copy.put((String) entry.getKey(), copy(entry.getValue()));
      }
      return copy;
    }
    if (value instanceof List) {
      List<Object> copy = new ArrayList<>();
      for (Object element : (List<?>) value) {
        copy.add(copy(element));
      }
      return copy;
    }
    return value;
  }

  /** JSON equality: numbers by value (1 equals 1.0), objects regardless of member order. */
  private static boolean same(Object a, Object b) {
    if (a instanceof Number && b instanceof Number) {
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }
    if (a instanceof Map && b instanceof Map) {
      Map<?, ?> x = (Map<?, ?>) a;
      Map<?, ?> y = (Map<?, ?>) b;
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> entry : x.entrySet()) {
        if (!y.containsKey(entry.getKey()) || !same(entry.getValue(), y.get(entry.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List && b instanceof List) {
      List<?> x = (List<?>) a;
      List<?> y = (List<?>) b;
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a == null ? b == null : a.equals(b);
  }
}
