package dev.osmosis.topic;

/**
 * How deeply JSON text nests, found by a scan of its brackets before any parser sees it. A JSON-P
 * parser recurses or keeps a stack per level and Parsson refuses more than 1,000 levels with a
 * plain {@code RuntimeException}; the scan lets every door (frames, polling bodies, topic values)
 * refuse deep input with its own precise error first. Linear in the text, allocation-free;
 * malformed text is left to the parser.
 */
public final class JsonNesting {
  /**
   * The default of {@code osmosis.maxJsonDepth}: most levels of arrays and objects in a topic
   * value.
   */
  public static final int DEFAULT_MAX_DEPTH = 64;

  /** Levels a frame may add around a value: a batch array and the message object. */
  public static final int FRAME_LEVELS = 2;

  private JsonNesting() {}

  /**
   * The offset of the bracket that opens level {@code max + 1}, or -1 if {@code text} nests at most
   * {@code max} levels ({@code {}} and {@code []} are one level, a scalar none). Brackets inside
   * strings do not count.
   */
  public static int tooDeepAt(CharSequence text, int max) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        if (++depth > max) {
          return i;
        }
      } else if (c == ']' || c == '}') {
        depth--;
      }
    }
    return -1;
  }
}
