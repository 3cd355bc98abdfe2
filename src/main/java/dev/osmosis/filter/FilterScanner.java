package dev.osmosis.filter;

/**
 * Splits filter text into tokens, one at a time: the parser reads {@link #kind}, {@link #text} and
 * {@link #start} of the current token and calls {@link #advance()} for the next.
 */
final class FilterScanner {

  enum Kind {
    WORD,
    STRING,
    OPEN_PAREN,
    CLOSE_PAREN,
    OPEN_BRACKET,
    CLOSE_BRACKET,
    OPEN_BRACE,
    CLOSE_BRACE,
    COMMA,
    END
  }

  private static final int SHOWN_CHARS = 24;

  private final String source;
  private int next;

  /** The current token. */
  Kind kind;

  /** A word as written, or a string's unescaped value; {@code null} for other kinds. */
  String text;

  /** The 0-based offset of the current token's first character. */
  int start;

  FilterScanner(String source) {
    this.source = source;
  }

  int length() {
    return source.length();
  }

  /** Returns whether the current token is the word {@code word}, ignoring case. */
  boolean isWord(String word) {
    return kind == Kind.WORD && text.equalsIgnoreCase(word);
  }

  void advance() {
    while (next < source.length() && Character.isWhitespace(source.charAt(next))) {
      next++;
    }
    start = next;
    text = null;
    if (next == source.length()) {
      kind = Kind.END;
      return;
    }
    char c = source.charAt(next);
    kind = punctuation(c);
    if (kind != null) {
      next++;
    } else if (c == '"' || c == '\'') {
      kind = Kind.STRING;
      text = readString(c);
    } else {
      kind = Kind.WORD;
      while (next < source.length() && isWordChar(source.charAt(next))) {
        next++;
      }
      text = source.substring(start, next);
    }
  }

  /** Describes the current token for an error message: {@code 'like'}, {@code ')'}, ... */
  String describe() {
    switch (kind) {
      case END:
        return "end of filter";
      case WORD:
        return "'" + shorten(text) + "'";
      case STRING:
        return "string \"" + shorten(text) + "\"";
      default:
        return "'" + source.charAt(start) + "'";
    }
  }

  /** Shortens a word or value quoted in an error message. */
  static String shorten(String s) {
    return s.length() <= SHOWN_CHARS ? s : s.substring(0, SHOWN_CHARS) + "...";
  }

  private static Kind punctuation(char c) {
    switch (c) {
      case '(':
        return Kind.OPEN_PAREN;
      case ')':
        return Kind.CLOSE_PAREN;
      case '[':
        return Kind.OPEN_BRACKET;
      case ']':
        return Kind.CLOSE_BRACKET;
      case '{':
        return Kind.OPEN_BRACE;
      case '}':
        return Kind.CLOSE_BRACE;
      case ',':
        return Kind.COMMA;
      default:
        return null;
    }
  }

  private static boolean isWordChar(char c) {
    return !Character.isWhitespace(c) && c != '"' && c != '\'' && punctuation(c) == null;
  }

  private String readString(char quote) {
    StringBuilder value = new StringBuilder();
    for (int i = start + 1; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == quote) {
        next = i + 1;
        return value.toString();
      }
      if (c == '\\') {
        if (i + 1 == source.length()) {
          break;
        }
        char escaped = source.charAt(i + 1);
        if (escaped != '"' && escaped != '\'' && escaped != '\\') {
          throw new FilterSyntaxException(
              "unsupported escape at " + i + ": only \\\", \\' and \\\\ are allowed", i);
        }
        i++;
        c = escaped;
      }
      value.append(c);
    }
    throw new FilterSyntaxException(
        "unterminated string: expected a closing "
            + quote
            + " for the string at "
            + start
            + ", found end of filter",
        start);
  }
}
