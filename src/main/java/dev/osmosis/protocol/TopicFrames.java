package dev.osmosis.protocol;

import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicValue;
import dev.osmosis.topic.ValueEdit;
import java.util.Map;

/**
 * Encodes the topic messages of docs/PROTOCOL.md §9 by hand: a JSON topic's value is already
 * validated, canonical JSON text and is inserted as it is, never parsed or re-serialised per
 * message or per subscriber.
 */
public final class TopicFrames {
  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private TopicFrames() {}

  public static String subscribe(Topic topic) {
    StringBuilder out = new StringBuilder(96 + topic.path().length());
    out.append("{\"t\":\"subscribe\",\"a\":").append(topic.id()).append(",\"path\":");
    quote(out, topic.path());
    out.append(",\"type\":\"").append(topic.type().name()).append("\",\"properties\":");
    writeStringMap(out, topic.specification().properties());
    return out.append('}').toString();
  }

  /**
   * A topic's whole value; {@code sequence} is the update's number in the topic's order (field
   * {@code n}, omitted when 0: PROTOCOL.md §9).
   */
  public static String value(long topicId, long sequence, TopicValue value) {
    StringBuilder out = new StringBuilder(48 + estimate(value));
    out.append("{\"t\":\"value\",\"a\":").append(topicId);
    if (sequence > 0) {
      out.append(",\"n\":").append(sequence);
    }
    out.append(",\"v\":");
    writeValue(out, value);
    return out.append('}').toString();
  }

  /**
   * {@code patch} is an RFC 6902 patch as JSON text; {@code sequence} the update's number (field
   * {@code n}).
   */
  public static String delta(long topicId, long sequence, String patch) {
    return new StringBuilder(48 + patch.length())
        .append("{\"t\":\"delta\",\"a\":")
        .append(topicId)
        .append(",\"n\":")
        .append(sequence)
        .append(",\"p\":")
        .append(patch)
        .append('}')
        .toString();
  }

  /**
   * A STRING or BINARY topic's {@code delta}: field {@code d} holds the edits of the previous value
   * as a flat array of triples {@code [at, remove, insert, ...]} (PROTOCOL.md §9 "Deltas"); the
   * server sends one triple.
   */
  public static String edit(long topicId, long sequence, ValueEdit edit) {
    StringBuilder out = new StringBuilder(64 + estimate(edit.insert()));
    out.append(DELTA_PREFIX).append(topicId).append(",\"n\":").append(sequence).append(",\"d\":[");
    out.append(edit.at()).append(',').append(edit.remove()).append(',');
    writeValue(out, edit.insert());
    return out.append("]}").toString();
  }

  private static final String VALUE_PREFIX = "{\"t\":\"value\",\"a\":";
  private static final String DELTA_PREFIX = "{\"t\":\"delta\",\"a\":";

  /**
   * The topic id of a {@link #value} or {@link #delta} message as this class encodes it, or -1 for
   * any other message. Reads the fixed prefix only.
   */
  public static long updateTopic(String message) {
    if (!message.startsWith(VALUE_PREFIX) && !message.startsWith(DELTA_PREFIX)) {
      return -1;
    }
    return digits(message, VALUE_PREFIX.length()); // both prefixes have the same length
  }

  /** The sequence number ({@code n}) of a value or delta message, 0 if it has none. */
  public static long updateSequence(String message) {
    int at = VALUE_PREFIX.length();
    while (at < message.length() && Character.isDigit(message.charAt(at))) {
      at++;
    }
    return message.startsWith(",\"n\":", at) ? Math.max(0, digits(message, at + 5)) : 0;
  }

  private static long digits(String text, int from) {
    long value = 0;
    int i = from;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      value = value * 10 + (text.charAt(i++) - '0');
    }
    return i == from ? -1 : value;
  }

  /**
   * The updates of topic {@code topicId} numbered after {@code after} up to {@code sequence} are
   * lost for this session (PROTOCOL.md §12 "Resuming topics by their sequence numbers").
   */
  public static String lostUpdates(long topicId, long after, long sequence) {
    return "{\"t\":\"lostUpdates\",\"a\":"
        + topicId
        + ",\"after\":"
        + after
        + ",\"n\":"
        + sequence
        + "}";
  }

  public static String unsubscribe(long topicId, String reason) {
    return "{\"t\":\"unsubscribe\",\"a\":" + topicId + ",\"reason\":\"" + reason + "\"}";
  }

  /** The wire form of a value (PROTOCOL.md §9 "Values on the wire"). */
  public static void writeValue(StringBuilder out, TopicValue value) {
    if (value instanceof TopicValue.OfJson json) {
      out.append(json.text());
    } else if (value instanceof TopicValue.OfString string) {
      quote(out, string.value());
    } else if (value instanceof TopicValue.OfInt64 int64) {
      long v = int64.value();
      if (v >= -MAX_SAFE_INTEGER && v <= MAX_SAFE_INTEGER) {
        out.append(v);
      } else {
        out.append('"').append(v).append('"');
      }
    } else if (value instanceof TopicValue.OfDouble d) {
      double v = d.value();
      if (Double.isFinite(v)) {
        out.append(v);
      } else {
        out.append('"')
            .append(Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity")
            .append('"');
      }
    } else if (value instanceof TopicValue.OfBinary binary) {
      out.append('"').append(binary.base64()).append('"');
    } else {
      throw new IllegalArgumentException("unknown value " + value);
    }
  }

  /** Appends a map of strings as a JSON object, in the map's order. */
  public static void writeStringMap(StringBuilder out, Map<String, String> map) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      quote(out, e.getKey());
      out.append(':');
      quote(out, e.getValue());
    }
    out.append('}');
  }

  /** Appends a JSON string literal (RFC 8259 escaping). */
  public static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static int estimate(TopicValue value) {
    if (value instanceof TopicValue.OfString string) {
      return string.value().length() + 2;
    }
    if (value instanceof TopicValue.OfBinary binary) {
      return (binary.length() + 2) / 3 * 4 + 2;
    }
    return value instanceof TopicValue.OfJson json ? json.text().length() : 24;
  }
}
