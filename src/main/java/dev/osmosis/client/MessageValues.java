package dev.osmosis.client;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Request and response values on the wire (PROTOCOL.md §9 "Values on the wire"), for messaging only
 * (topics keep their own mapping until the two are unified). A Java class stands for a datatype:
 *
 * <table>
 *   <caption>classes and datatypes</caption>
 *   <tr><th>class</th><th>sent as</th><th>accepts on receipt</th></tr>
 *   <tr><td>{@code String}</td><td>STRING</td><td>STRING; JSON as its JSON text</td></tr>
 *   <tr><td>{@code Long}</td><td>INT64</td><td>INT64</td></tr>
 *   <tr><td>{@code Double}</td><td>DOUBLE</td><td>DOUBLE</td></tr>
 *   <tr><td>{@code byte[]}</td><td>BINARY</td><td>BINARY</td></tr>
 *   <tr><td>{@code Map}, {@code List}, {@code Boolean}</td><td>JSON</td><td>JSON of that shape</td></tr>
 *   <tr><td>{@code Object}</td><td>JSON (any of Map, List, String, Number, Boolean, null)</td>
 *       <td>any datatype, as String, Long, Double, byte[] or the parsed JSON value</td></tr>
 * </table>
 *
 * <p>JSON values are the client's JSON model: objects as {@code Map<String, Object>}, arrays as
 * {@code List<Object>}, integers as {@code Long}, other numbers as {@code Double}.
 */
final class MessageValues {

  private MessageValues() {}

  /** The datatype a class stands for. */
  static String datatype(Class<?> type) {
    if (type == String.class) {
      return "STRING";
    }
    if (type == Long.class) {
      return "INT64";
    }
    if (type == Double.class) {
      return "DOUBLE";
    }
    if (type == byte[].class) {
      return "BINARY";
    }
    if (type == Object.class
        || Map.class.isAssignableFrom(type)
        || List.class.isAssignableFrom(type)
        || type == Boolean.class) {
      return "JSON";
    }
    throw new IllegalArgumentException(
        "Unsupported value class "
            + type.getName()
            + ": use String, Long, Double, byte[], or Map, List, Boolean or Object for JSON");
  }

  /**
   * The wire form {@code v} of a value of {@code type}'s datatype, ready for {@link Json#write}.
   */
  static Object toWire(Object value, Class<?> type) {
    String datatype = datatype(type);
    if (value == null && !datatype.equals("JSON")) {
      throw new NullPointerException("a " + datatype + " value must not be null");
    }
    if (value != null && !type.isInstance(value)) {
      throw new IllegalArgumentException(
          "value of " + value.getClass().getName() + " is not a " + type.getName());
    }
    switch (datatype) {
      case "DOUBLE":
        {
          double d = (Double) value;
          if (Double.isNaN(d)) {
            return "NaN";
          }
          if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
          }
          return d;
        }
      case "BINARY":
        return Base64.getEncoder().encodeToString((byte[]) value);
      case "INT64":
        {
          long n = (Long) value;
          return Math.abs(n) <= (1L << 53) - 1 ? (Object) n : Long.toString(n);
        }
      default:
        return value;
    }
  }

  /**
   * Reads a received value {@code v} of {@code datatype} as {@code type}.
   *
   * @throws IllegalArgumentException if the datatype does not fit the class, or the value its
   *     datatype
   */
  static <T> T fromWire(String datatype, Object v, Class<T> type) {
    Object value;
    if (type == Object.class) {
      value = natural(datatype, v);
    } else if (type == String.class && datatype.equals("JSON")) {
      value = Json.write(v);
    } else if (!datatype.equals(datatype(type))) {
      throw new IllegalArgumentException(
          "Expected a "
              + datatype(type)
              + " value for "
              + type.getSimpleName()
              + ", received "
              + datatype);
    } else {
      value = natural(datatype, v);
      if (value != null && !type.isInstance(value)) {
        throw new IllegalArgumentException(
            "Expected JSON of " + type.getSimpleName() + ", received " + v);
      }
    }
    return type.cast(value);
  }

  private static Object natural(String datatype, Object v) {
    switch (datatype) {
      case "STRING":
        if (v instanceof String) {
          return v;
        }
        break;
      case "INT64":
        if (v instanceof Long) {
          return v;
        }
        if (v instanceof String) {
          try {
            return Long.parseLong((String) v);
          } catch (NumberFormatException e) {
            break;
          }
        }
        break;
      case "DOUBLE":
        if (v instanceof Number) {
          return ((Number) v).doubleValue();
        }
        if ("NaN".equals(v)) {
          return Double.NaN;
        }
        if ("Infinity".equals(v)) {
          return Double.POSITIVE_INFINITY;
        }
        if ("-Infinity".equals(v)) {
          return Double.NEGATIVE_INFINITY;
        }
        break;
      case "BINARY":
        if (v instanceof String) {
          try {
            return Base64.getDecoder().decode((String) v);
          } catch (IllegalArgumentException e) {
            break;
          }
        }
        break;
      case "JSON":
        return v;
      default:
        throw new IllegalArgumentException("Unknown datatype " + datatype);
    }
    throw new IllegalArgumentException("Not a valid " + datatype + " value: " + v);
  }
}
