package dev.osmosis.topic;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An immutable topic value, one implementation per {@link TopicType}. A value is shared by every
 * subscriber and every reader: nothing in it changes after construction. Build one with the static
 * factories, or from a wire value with {@link TopicType#value(String, Object)}.
 */
public sealed interface TopicValue {

  /** The type of topic this value belongs to. */
  TopicType type();

  /**
   * Validates JSON text and keeps its compact canonical serialisation, produced once here.
   *
   * @throws InvalidValueException if the text is not exactly one JSON value
   */
  static OfJson json(String text) {
    return OfJson.parse(text, null);
  }

  static OfString string(String value) {
    return new OfString(value);
  }

  static OfInt64 int64(long value) {
    return new OfInt64(value);
  }

  static OfDouble ofDouble(double value) {
    return new OfDouble(value);
  }

  /** Copies {@code bytes}. */
  static OfBinary binary(byte[] bytes) {
    return new OfBinary(bytes.clone());
  }

  /**
   * A JSON value held as its validated compact text (docs/ARCHITECTURE.md, no reflection on the hot
   * path): the text is what goes on the wire, never re-serialised per subscriber. The parsed form
   * is not kept, so a million topics cost their text and no more; a delta re-parses the old value
   * once per update.
   */
  final class OfJson implements TopicValue {
    private final String text;

    private OfJson(String text) {
      this.text = text;
    }

    static OfJson parse(String text, String path) {
      Objects.requireNonNull(text, "JSON text");
      try {
        return new OfJson(JsonSupport.write(JsonSupport.parse(text)));
      } catch (JsonSupport.Malformed e) {
        String where = e.offset >= 0 ? " at " + e.offset : "";
        String topic = path == null ? "value" : "value for JSON topic " + path;
        throw new InvalidValueException(
            topic + " is not valid JSON" + where + ": " + e.getMessage());
      }
    }

    static OfJson canonical(jakarta.json.JsonValue value) {
      return new OfJson(JsonSupport.write(value));
    }

    /** The compact JSON text. */
    public String text() {
      return text;
    }

    @Override
    public TopicType type() {
      return TopicType.JSON;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof OfJson && ((OfJson) o).text.equals(text);
    }

    @Override
    public int hashCode() {
      return text.hashCode();
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** A STRING topic's value. */
  record OfString(String value) implements TopicValue {
    public OfString {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public TopicType type() {
      return TopicType.STRING;
    }
  }

  /** An INT64 topic's value: a signed 64-bit integer. */
  record OfInt64(long value) implements TopicValue {
    @Override
    public TopicType type() {
      return TopicType.INT64;
    }
  }

  /** A DOUBLE topic's value: any IEEE 754 double, NaN and infinities included. */
  record OfDouble(double value) implements TopicValue {
    @Override
    public TopicType type() {
      return TopicType.DOUBLE;
    }
  }

  /**
   * A BINARY topic's value. A JSON wire protocol carries it as standard base64 ({@link #base64()},
   * {@link TopicType#value} accepts base64 text). Equal by content.
   */
  final class OfBinary implements TopicValue {
    private final byte[] bytes;

    private OfBinary(byte[] bytes) {
      this.bytes = bytes;
    }

    static OfBinary fromBase64(String text, String path) {
      try {
        return new OfBinary(Base64.getDecoder().decode(text));
      } catch (IllegalArgumentException e) {
        throw new InvalidValueException(
            "value for BINARY topic " + path + " is not valid base64: " + e.getMessage());
      }
    }

    /** Takes {@code bytes} as they are (the caller gives up the array). */
    static OfBinary wrap(byte[] bytes) {
      return new OfBinary(bytes);
    }

    /** The bytes themselves, for this package's readers that never change them. */
    byte[] shared() {
      return bytes;
    }

    /** Returns a copy of the bytes. */
    public byte[] bytes() {
      return bytes.clone();
    }

    public int length() {
      return bytes.length;
    }

    public String base64() {
      return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public TopicType type() {
      return TopicType.BINARY;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof OfBinary && Arrays.equals(((OfBinary) o).bytes, bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "binary[" + bytes.length + "]";
    }
  }
}
