package dev.osmosis.topic;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The type of a topic, which fixes the type of its values ({@link TopicValue}). Names follow
 * Diffusion's. {@link #TIME_SERIES} is reserved: it parses, but {@link TopicTree#add} refuses it
 * until time series exist.
 */
public enum TopicType {
  JSON,
  STRING,
  INT64,
  DOUBLE,
  BINARY,
  /** Not supported yet: a topic of this type cannot be added. */
  TIME_SERIES;

  /** Whether topics of this type can be added now. */
  public boolean isSupported() {
    return this != TIME_SERIES;
  }

  /**
   * Converts a value as it arrives from a client into this type's {@link TopicValue}, validating
   * it. Accepted forms, per type:
   *
   * <ul>
   *   <li>JSON: JSON text ({@code String}) or a parsed {@code jakarta.json.JsonValue}
   *   <li>STRING: {@code String} or {@code JsonString}
   *   <li>INT64: an integral {@code Long}, {@code Integer}, {@code Short}, {@code Byte}, {@code
   *       BigInteger} or {@code JsonNumber} in range, or decimal text
   *   <li>DOUBLE: any {@code Number}, {@code JsonNumber} or decimal text
   *   <li>BINARY: {@code byte[]} (copied) or base64 text
   * </ul>
   *
   * A {@link TopicValue} of this type is returned as it is.
   *
   * @param path the topic's path, for the error message
   * @throws InvalidValueException naming the topic, the type and the problem
   */
  public TopicValue value(String path, Object raw) {
    if (raw == null) {
      throw invalid(path, "must not be null");
    }
    if (raw instanceof TopicValue) {
      TopicValue value = (TopicValue) raw;
      if (value.type() != this) {
        throw invalid(path, "must be " + this + ", was " + value.type());
      }
      return value;
    }
    if (raw instanceof JsonString && this != JSON) {
      raw = ((JsonString) raw).getString();
    }
    switch (this) {
      case JSON:
        if (raw instanceof String) {
          return TopicValue.OfJson.parse((String) raw, path);
        }
        if (raw instanceof jakarta.json.JsonValue) {
          return TopicValue.OfJson.canonical((jakarta.json.JsonValue) raw);
        }
        if (raw instanceof Number) {
          // A JSON number decoded from the wire: its text is a JSON document too.
          return TopicValue.OfJson.parse(raw.toString(), path);
        }
        break;
      case STRING:
        if (raw instanceof String) {
          return TopicValue.string((String) raw);
        }
        break;
      case INT64:
        return int64(path, raw);
      case DOUBLE:
        return ofDouble(path, raw);
      case BINARY:
        if (raw instanceof byte[]) {
          return TopicValue.binary((byte[]) raw);
        }
        if (raw instanceof String) {
          return TopicValue.OfBinary.fromBase64((String) raw, path);
        }
        break;
      default:
        throw invalid(path, "cannot be set: " + this + " topics are not supported yet");
    }
    throw invalid(path, "cannot be a " + raw.getClass().getSimpleName());
  }

  private TopicValue int64(String path, Object raw) {
    try {
      if (raw instanceof Long
          || raw instanceof Integer
          || raw instanceof Short
          || raw instanceof Byte) {
        return TopicValue.int64(((Number) raw).longValue());
      }
      if (raw instanceof BigInteger) {
        return TopicValue.int64(((BigInteger) raw).longValueExact());
      }
      if (raw instanceof JsonNumber) {
        return TopicValue.int64(((JsonNumber) raw).bigDecimalValue().longValueExact());
      }
      if (raw instanceof BigDecimal) {
        return TopicValue.int64(((BigDecimal) raw).longValueExact());
      }
      if (raw instanceof String) {
        return TopicValue.int64(Long.parseLong((String) raw));
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw invalid(path, "is not a 64-bit integer: " + TopicPath.quote(String.valueOf(raw)));
    }
    throw invalid(path, "cannot be a " + raw.getClass().getSimpleName());
  }

  private TopicValue ofDouble(String path, Object raw) {
    if (raw instanceof JsonNumber) {
      return TopicValue.ofDouble(((JsonNumber) raw).doubleValue());
    }
    if (raw instanceof Number) {
      return TopicValue.ofDouble(((Number) raw).doubleValue());
    }
    if (raw instanceof String) {
      try {
        return TopicValue.ofDouble(Double.parseDouble((String) raw));
      } catch (NumberFormatException e) {
        throw invalid(path, "is not a number: " + TopicPath.quote((String) raw));
      }
    }
    throw invalid(path, "cannot be a " + raw.getClass().getSimpleName());
  }

  private InvalidValueException invalid(String path, String problem) {
    return new InvalidValueException("value for " + this + " topic " + path + " " + problem);
  }
}
