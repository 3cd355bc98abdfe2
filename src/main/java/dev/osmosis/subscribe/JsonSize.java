package dev.osmosis.subscribe;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * The size in bytes of a JSON-P value's compact UTF-8 text, and its depth, computed by a walk that stops as soon as
 * either passes its bound — so it never costs more than the bound, even on a document that shares one subtree many
 * times (a JSON patch's {@code copy} makes such documents: 18 copies of {@code ""} describe megabytes of text).
 */
final class JsonSize {
  private final long maxBytes;
  private final int maxDepth;
  private long bytes;
  private int depth;

  private JsonSize(long maxBytes, int maxDepth) {
    this.maxBytes = maxBytes;
    this.maxDepth = maxDepth;
  }

  /**
   * Measures {@code value}: its size if at most {@code maxBytes} and nesting at most {@code maxDepth} levels;
   * otherwise {@link #tooLarge} or {@link #tooDeep} tell which bound it passed first.
   */
  static JsonSize of(JsonValue value, long maxBytes, int maxDepth) {
    JsonSize size = new JsonSize(maxBytes, maxDepth);
    size.walk(value, 0);
    return size;
  }

  /** The size in bytes; past the bound, some number above {@code maxBytes}. */
  long bytes() {
    return bytes;
  }

  /** The deepest level seen (exact when within bounds). */
  int depth() {
    return depth;
  }

  boolean tooLarge() {
    return bytes > maxBytes;
  }

  boolean tooDeep() {
    return depth > maxDepth;
  }

  private boolean stopped() {
    return bytes > maxBytes || depth > maxDepth;
  }

  private void walk(JsonValue value, int level) {
    switch (value.getValueType()) {
      case OBJECT -> {
        if (enter(level + 1)) {
          bytes += 1;
          for (Map.Entry<String, JsonValue> e : ((JsonObject) value).entrySet()) {
            bytes += string(e.getKey()) + 2; // the colon, and the comma or closing brace
            walk(e.getValue(), level + 1);
            if (stopped()) {
              return;
            }
          }
          bytes += ((JsonObject) value).isEmpty() ? 1 : 0;
        }
      }
      case ARRAY -> {
        if (enter(level + 1)) {
          bytes += 1;
          for (JsonValue element : (JsonArray) value) {
            bytes += 1;
            walk(element, level + 1);
            if (stopped()) {
              return;
            }
          }
          bytes += ((JsonArray) value).isEmpty() ? 1 : 0;
        }
      }
      case STRING -> bytes += string(((JsonString) value).getString());
      case NUMBER -> bytes += value.toString().length();
      case TRUE, NULL -> bytes += 4;
      case FALSE -> bytes += 5;
    }
  }

  private boolean enter(int level) {
    if (level > depth) {
      depth = level;
    }
    return depth <= maxDepth;
  }

  /** The UTF-8 length of {@code text}. */
  static long utf8(CharSequence text) {
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** A string's bytes as JSON text: quotes, escapes and UTF-8. */
  static long string(String s) {
    long n = 2;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        n += 2;
      } else if (c < 0x20) {
        n += c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t' ? 2 : 6;
      } else if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
