package dev.osmosis.client;

import java.util.Base64;
import java.util.Objects;

/** Topic values to and from their wire form (PROTOCOL.md §9 "Values on the wire"). */
final class TopicValues {

  /** 2^53 − 1: the largest integer every JSON peer (JavaScript included) reads exactly. */
  static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private TopicValues() {}

  /**
   * The wire form {@code v} of a value of the type's value class.
   *
   * @throws IllegalArgumentException if the value is not of the type's value class
   */
  static Object toWire(TopicType type, Object value) {
    Objects.requireNonNull(value, "value");
    if (!type.valueClass().isInstance(value)) {
      throw new IllegalArgumentException(
          "A value of a "
              + type
              + " topic must be a "
              + type.valueClass().getSimpleName()
              + ", not a "
              + value.getClass().getName());
    }
    switch (type) {
      case JSON:
        return ((JsonValue) value).get();
      case STRING:
        return value;
      case INT64:
        long number = (Long) value;
        return number >= -MAX_SAFE_INTEGER && number <= MAX_SAFE_INTEGER
            ? (Object) number
            : Long.toString(number);
      case DOUBLE:
        double d = (Double) value;
        if (Double.isNaN(d)) {
          return "NaN";
        }
        if (Double.isInfinite(d)) {
          return d > 0 ? "Infinity" : "-Infinity";
        }
        return d;
      case BINARY:
        return Base64.getEncoder().encodeToString((byte[]) value);
      default:
        throw new IllegalArgumentException("Unsupported topic type " + type);
    }
  }

  /**
   * The value of the type's value class a wire form {@code v} stands for.
   *
   * @throws IllegalArgumentException if {@code v} is not a valid value of the type
   */
  static Object fromWire(TopicType type, Object v) {
    switch (type) {
      case JSON:
        return JsonValue.fromModel(v);
      case STRING:
        if (v instanceof String) {
          return v;
        }
        break;
      case INT64:
        if (v instanceof Long) {
          return v;
        }
        if (v instanceof Double && isSafeInteger((Double) v)) {
          return ((Double) v).longValue(); // e.g. 1e3
        }
        if (v instanceof String) {
          try {
            return Long.parseLong((String) v);
          } catch (NumberFormatException e) {
            throw invalid(type, v);
          }
        }
        break;
      case DOUBLE:
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
      case BINARY:
        if (v instanceof String) {
          try {
            return Base64.getDecoder().decode((String) v);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "Invalid BINARY value (not base64): " + e.getMessage(), e);
          }
        }
        break;
      default:
        break;
    }
    throw invalid(type, v);
  }

  private static boolean isSafeInteger(double d) {
    return d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER;
  }

  private static IllegalArgumentException invalid(TopicType type, Object v) {
    String shown = v instanceof String ? '"' + (String) v + '"' : Json.write(v);
    if (shown.length() > 60) {
      shown = shown.substring(0, 57) + "...";
    }
    return new IllegalArgumentException("Invalid " + type + " value " + shown);
  }
}
