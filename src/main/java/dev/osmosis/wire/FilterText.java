package dev.osmosis.wire;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The seed's client utilities for writing filters: {@code escape}, {@code rolesToString} and {@code
 * stringToRoles}. The server's filter language reads {@code $Roles} with them; the Java client
 * offers them as {@code Osmosis.escape}, {@code Osmosis.rolesToString} and {@code
 * Osmosis.stringToRoles}.
 */
public final class FilterText {

  private FilterText() {}

  /**
   * Escapes {@code "}, {@code '} and {@code \} with a {@code \} so that the result can be put
   * between quotes in a filter: {@code "Text is \"" + escape(value) + "\""}.
   */
  public static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\'' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * Returns the canonical form of a role set, the value of the {@code $Roles} property: the roles
   * sorted (by {@link String#compareTo}), each escaped and double-quoted, separated by commas, for
   * example {@code "admin","client"}. An empty collection gives the empty string.
   */
  public static String rolesToString(Collection<String> roles) {
    StringBuilder out = new StringBuilder();
    for (String role : new TreeSet<>(roles)) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append('"').append(escape(role)).append('"');
    }
    return out.toString();
  }

  /**
   * Parses a role set written as by {@link #rolesToString}, and more leniently: roles single- or
   * double-quoted with {@code \} escapes, separated by commas and/or whitespace, optionally between
   * {@code [ ]}. The empty (or blank) string is the empty set.
   *
   * @return an unmodifiable set in the order written
   * @throws IllegalArgumentException naming the 0-based position of the first problem
   */
  public static Set<String> stringToRoles(String text) {
    Set<String> roles = new LinkedHashSet<>();
    int i = skipWhitespace(text, 0);
    boolean bracketed = i < text.length() && text.charAt(i) == '[';
    if (bracketed) {
      i = skipWhitespace(text, i + 1);
    }
    boolean separated = true;
    while (i < text.length() && !(bracketed && text.charAt(i) == ']')) {
      char quote = text.charAt(i);
      if (quote != '"' && quote != '\'') {
        throw new IllegalArgumentException(
            "expected a quoted role at " + i + ", found '" + quote + "'");
      }
      if (!separated) {
        throw new IllegalArgumentException(
            "expected ',' or whitespace between roles at " + i + ", found '" + quote + "'");
      }
      StringBuilder role = new StringBuilder();
      int end = readQuoted(text, i, role);
      roles.add(role.toString());
      i = skipWhitespace(text, end);
      separated = i > end;
      if (i < text.length() && text.charAt(i) == ',') {
        i = skipWhitespace(text, i + 1);
        separated = true;
        if (i == text.length() || text.charAt(i) == ']') {
          throw new IllegalArgumentException(
              "expected a quoted role after ',' at " + i + ", found " + found(text, i));
        }
      }
    }
    if (bracketed) {
      if (i >= text.length()) {
        throw new IllegalArgumentException("expected ']' at " + i + ", found end of text");
      }
      i = skipWhitespace(text, i + 1);
      if (i < text.length()) {
        throw new IllegalArgumentException(
            "expected end of text at " + i + ", found " + found(text, i));
      }
    }
    return Collections.unmodifiableSet(roles);
  }

  private static String found(String text, int i) {
    return i < text.length() ? "'" + text.charAt(i) + "'" : "end of text";
  }

  private static int skipWhitespace(String text, int i) {
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * Reads the string quoted at {@code text[start]} into {@code out}; returns the index after it.
   */
  private static int readQuoted(String text, int start, StringBuilder out) {
    char quote = text.charAt(start);
    for (int i = start + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == quote) {
        return i + 1;
      }
      if (c == '\\') {
        if (i + 1 == text.length()) {
          break;
        }
        char next = text.charAt(i + 1);
        if (next != '"' && next != '\'' && next != '\\') {
          throw new IllegalArgumentException(
              "unsupported escape at " + i + ": only \\\", \\' and \\\\ are allowed");
        }
        i++;
        c = next;
      }
      out.append(c);
    }
    throw new IllegalArgumentException(
        "unterminated string: expected a closing "
            + quote
            + " for the string at "
            + start
            + ", found end of text");
  }
}
