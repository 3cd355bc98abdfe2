package dev.osmosis.client;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;

/**
 * Applies a STRING or BINARY topic's {@code delta} (PROTOCOL.md §9 "Deltas"): field {@code d}, a
 * flat array of triples {@code [at, remove, insert, ...]}, offsets into the previous value in
 * increasing order (UTF-16 code units for a STRING, bytes for a BINARY; a BINARY insert is base64).
 */
final class ValueEdits {

  private ValueEdits() {}

  /**
   * The new value: a {@code String} or a {@code byte[]} (never {@code previous} itself).
   *
   * @throws IllegalArgumentException if {@code d} is malformed or does not fit {@code previous}
   */
  static Object apply(TopicType type, Object previous, Object d) {
    if (!(d instanceof List<?> edits) || edits.isEmpty() || edits.size() % 3 != 0) {
      throw new IllegalArgumentException(
          "field d must be a non-empty array of [at, remove, insert]");
    }
    if (type == TopicType.STRING && previous instanceof String before) {
      StringBuilder out = new StringBuilder(before.length() + 16);
      int from = 0;
      for (int k = 0; k < edits.size(); k += 3) {
        int at = offset(edits.get(k), from, before.length());
        int end = offset(edits.get(k + 1), 0, before.length() - at) + at;
        if (!(edits.get(k + 2) instanceof String insert)) {
          throw new IllegalArgumentException("a STRING edit's insert must be a string");
        }
        out.append(before, from, at).append(insert);
        from = end;
      }
      return out.append(before, from, before.length()).toString();
    }
    if (type == TopicType.BINARY && previous instanceof byte[] before) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(before.length + 16);
      int from = 0;
      for (int k = 0; k < edits.size(); k += 3) {
        int at = offset(edits.get(k), from, before.length);
        int end = offset(edits.get(k + 1), 0, before.length - at) + at;
        if (!(edits.get(k + 2) instanceof String insert)) {
          throw new IllegalArgumentException("a BINARY edit's insert must be base64 text");
        }
        out.write(before, from, at - from);
        out.writeBytes(Base64.getDecoder().decode(insert));
        from = end;
      }
      out.write(before, from, before.length - from);
      return out.toByteArray();
    }
    throw new IllegalArgumentException("an edit applies to a STRING or BINARY value, not " + type);
  }

  private static int offset(Object n, int min, int max) {
    if (n instanceof Long l && l >= min && l <= max) {
      return l.intValue();
    }
    throw new IllegalArgumentException(
        "an edit's offset " + n + " is outside " + min + ".." + max + " of the previous value");
  }
}
