package dev.osmosis.security;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of a security script into tokens (docs/SECURITY.md "Administration"): bare words,
 * double-quoted strings (escapes {@code \"} and {@code \\} only), {@code [}, {@code ]} and {@code
 * ,}. Columns are 1-based.
 */
final class ScriptLexer {
  enum Kind {
    WORD,
    STRING,
    OPEN,
    CLOSE,
    COMMA
  }

  /**
   * @param text a word as written, or a string's value (unescaped)
   * @param start index of the token's first character in the line
   * @param end index after its last character
   */
  record Token(Kind kind, String text, int start, int end) {
    int column() {
      return start + 1;
    }
  }

  private ScriptLexer() {}

  static List<Token> tokens(String line, int lineNumber) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
      } else if (c == '[' || c == ']' || c == ',') {
        Kind kind = c == '[' ? Kind.OPEN : c == ']' ? Kind.CLOSE : Kind.COMMA;
        tokens.add(new Token(kind, String.valueOf(c), i, i + 1));
        i++;
      } else if (c == '"') {
        i = string(line, i, lineNumber, tokens);
      } else {
        int start = i;
        while (i < n && " \t[],\"".indexOf(line.charAt(i)) < 0) {
          i++;
        }
        tokens.add(new Token(Kind.WORD, line.substring(start, i), start, i));
      }
    }
    return tokens;
  }

  private static int string(String line, int open, int lineNumber, List<Token> tokens) {
    StringBuilder value = new StringBuilder();
    int i = open + 1;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '"') {
        tokens.add(new Token(Kind.STRING, value.toString(), open, i + 1));
        return i + 1;
      }
      if (c == '\\') {
        char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
        if (next != '"' && next != '\\') {
          throw new ScriptError(
              lineNumber, i + 1, "invalid escape in a string (only \\\" and \\\\ are allowed)");
        }
        value.append(next);
        i += 2;
      } else {
        value.append(c);
        i++;
      }
    }
    throw new ScriptError(lineNumber, open + 1, "unterminated string");
  }
}
