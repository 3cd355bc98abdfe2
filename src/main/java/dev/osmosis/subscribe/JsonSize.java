package dev.osmosis.subscribe;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * The size in bytes of a JSON-P value's compact UTF-8 text, and its depth, computed by a walk that
 * stops as soon as either passes its bound — so it never costs more than the bound, even on a
 * document that shares one subtree many times (a JSON patch's {@code copy} makes such documents: 18
 * copies of {@code ""} describe megabytes of text).
 */
final class JsonSize {
  private final long maxBytes;
  private final int maxDepth;
  private final Map<JsonValue, long[]> memo;
  private long bytes;
  private int depth;

  private JsonSize(long maxBytes, int maxDepth, Map<JsonValue, long[]> memo) {
    this.maxBytes = maxBytes;
    this.maxDepth = maxDepth;
    this.memo = memo;
  }

  /**
   * Measures {@code value}: its size if at most {@code maxBytes} and nesting at most {@code
   * maxDepth} levels; otherwise {@link #tooLarge} or {@link #tooDeep} tell which bound it passed
   * first.
   */
  static JsonSize of(JsonValue value, long maxBytes, int maxDepth) {
    return of(value, maxBytes, maxDepth, null);
  }

  /**
   * As {@link #of(JsonValue, long, int)}, remembering in {@code memo} (by identity) the size and
   * depth of every container and long string measured to the end: JSON-P values are immutable and a
   * patched document shares all but the rebuilt path with the one before, so measuring it again
   * costs only what changed.
   */
  static JsonSize of(JsonValue value, long maxBytes, int maxDepth, Map<JsonValue, long[]> memo) {
    JsonSize size = new JsonSize(maxBytes, maxDepth, memo);
    size.walk(value, 0);
    return size;
  }

  /** The size in bytes; past the bound, some number above {@code maxBytes}. */
  long bytes() {
    return bytes;
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

  /** Adds {@code value}'s bytes at {@code level}; answers the deepest level inside it. */
  private int walk(JsonValue value, int level) {
    switch (value.getValueType()) {
      case OBJECT, ARRAY -> {
        return container(value, level);
      }
      case STRING -> {
        String text = ((JsonString) value).getString();
        long[] known = text.length() > 64 && memo != null ? memo.get(value) : null;
        long n = known != null ? known[0] : string(text);
        if (known == null && text.length() > 64 && memo != null) {
          memo.put(value, new long[] {n, 0});
        }
        bytes += n;
      }
      case NUMBER -> bytes += value.toString().length();
      case TRUE, NULL -> bytes += 4;
      case FALSE -> bytes += 5;
    }
    return level;
  }

  private int container(JsonValue value, int level) {
    long[] known = memo == null ? null : memo.get(value);
    if (known != null) {
      bytes += known[0];
      int reached = level + (int) known[1];
      depth = Math.max(depth, reached);
      return reached;
    }
    int inner = level + 1;
    depth = Math.max(depth, inner);
    if (depth > maxDepth) {
      return inner;
    }
    long start = bytes;
    int reached = inner;
    bytes += 1; // the opening bracket
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, JsonValue> e : object.entrySet()) {
        bytes += string(e.getKey()) + 2; // the colon, and the comma or closing brace
        reached = Math.max(reached, walk(e.getValue(), inner));
        if (stopped()) {
          return reached;
        }
      }
      bytes += object.isEmpty() ? 1 : 0;
    } else {
      JsonArray array = (JsonArray) value;
      for (JsonValue element : array) {
        bytes += 1; // the comma or closing bracket
        reached = Math.max(reached, walk(element, inner));
        if (stopped()) {
          return reached;
        }
      }
      bytes += array.isEmpty() ? 1 : 0;
    }
    if (memo != null) {
      memo.put(value, new long[] {bytes - start, reached - level});
    }
    return reached;
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
