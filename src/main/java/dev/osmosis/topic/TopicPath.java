package dev.osmosis.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A topic path: {@code /}-separated, non-empty, case-sensitive segments. One leading and one
 * trailing {@code /} are stripped ({@code /a/b/} is {@code a/b}); nothing lives at the root, so the
 * empty path is invalid, and so is an empty segment ({@code a//b}). A segment is any characters but
 * {@code /}. The canonical form is at most {@link #MAX_LENGTH} characters and {@link #MAX_DEPTH}
 * segments. Parents need not exist: {@code a/b/c} can be a topic while {@code a/b} is not.
 *
 * <p>The hot paths of the tree work on canonical {@code String}s ({@link #canonical}); this class
 * is the value form for APIs that want one. Immutable.
 */
public final class TopicPath implements Comparable<TopicPath> {

  /** The longest canonical path, in characters. */
  public static final int MAX_LENGTH = 1024;

  /** The most segments a path may have. */
  public static final int MAX_DEPTH = 64;

  private final String path;

  private TopicPath(String canonical) {
    this.path = canonical;
  }

  /**
   * Parses a path.
   *
   * @throws InvalidTopicPathException if the path is empty, has an empty segment, or is too long or
   *     too deep
   */
  public static TopicPath of(String text) {
    return new TopicPath(canonical(text));
  }

  /**
   * Returns the canonical form of {@code text}: one leading and one trailing {@code /} removed, and
   * validated. Allocates only when a slash has to be stripped.
   *
   * @throws InvalidTopicPathException as {@link #of}
   */
  public static String canonical(String text) {
    Objects.requireNonNull(text, "topic path");
    int start = text.startsWith("/") ? 1 : 0;
    int end = text.length() > start && text.endsWith("/") ? text.length() - 1 : text.length();
    if (end <= start) {
      throw new InvalidTopicPathException(
          "topic path " + quote(text) + " is empty: nothing can be at the root");
    }
    if (end - start > MAX_LENGTH) {
      throw new InvalidTopicPathException(
          String.format(
              "topic path %s is too long: %d characters, the limit is %d",
              quote(text), end - start, MAX_LENGTH));
    }
    int segments = 1;
    for (int i = start; i < end; i++) {
      if (text.charAt(i) == '/') {
        if (i == start || text.charAt(i - 1) == '/') {
          throw new InvalidTopicPathException(
              "topic path " + quote(text) + " has an empty segment at " + i);
        }
        segments++;
      }
    }
    if (text.charAt(end - 1) == '/') {
      throw new InvalidTopicPathException(
          "topic path " + quote(text) + " has an empty segment at " + (end - 1));
    }
    if (segments > MAX_DEPTH) {
      throw new InvalidTopicPathException(
          String.format(
              "topic path %s is too deep: %d segments, the limit is %d",
              quote(text), segments, MAX_DEPTH));
    }
    return start == 0 && end == text.length() ? text : text.substring(start, end);
  }

  /** Returns the segments, in order. */
  public List<String> segments() {
    List<String> segments = new ArrayList<>();
    int from = 0;
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', from)) {
      segments.add(path.substring(from, slash));
      from = slash + 1;
    }
    segments.add(path.substring(from));
    return segments;
  }

  /** Returns whether this path is {@code prefix} itself or one of its descendants. */
  public boolean startsWith(String prefix) {
    return isPrefix(prefix, path);
  }

  /**
   * Returns whether the canonical {@code prefix} is a segment-wise prefix of the canonical {@code
   * path}: equal to it, empty (the root), or followed in it by a {@code /}. Allocates nothing.
   */
  public static boolean isPrefix(String prefix, String path) {
    int n = prefix.length();
    return n == 0 || (path.startsWith(prefix) && (path.length() == n || path.charAt(n) == '/'));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TopicPath && ((TopicPath) other).path.equals(path);
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  @Override
  public int compareTo(TopicPath other) {
    return path.compareTo(other.path);
  }

  /** Returns the canonical path. */
  @Override
  public String toString() {
    return path;
  }

  static String quote(String text) {
    String shown = text.length() > 80 ? text.substring(0, 77) + "..." : text;
    return '"' + shown + '"';
  }
}
