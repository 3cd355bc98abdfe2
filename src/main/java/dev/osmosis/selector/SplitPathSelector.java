package dev.osmosis.selector;

import com.google.re2j.Pattern;
import dev.osmosis.topic.TopicPath;
import dev.osmosis.wire.SelectorGrammar.Qualifier;

/**
 * {@code ?a/b/.*}: each segment of the base is a regular expression (RE2 syntax, run in linear time
 * by RE2/J) that must match the whole path segment at its level; the {@link Qualifier} decides how
 * many segments the path may have beyond the base. Segments without regex metacharacters are
 * compared as strings.
 */
final class SplitPathSelector extends SingleSelector {

  /** Per base segment: a {@code String} (literal) or a {@code Pattern}. */
  private final Object[] segments;

  private final Qualifier qualifier;
  private final String prefix;

  SplitPathSelector(String base, Object[] segments, Qualifier qualifier, String prefix) {
    super(Type.SPLIT_PATH_PATTERN, prefix, "?" + base + qualifier.suffix(), programSize(segments));
    this.segments = segments;
    this.qualifier = qualifier;
    this.prefix = prefix;
  }

  private static int programSize(Object[] segments) {
    int size = 0;
    for (Object segment : segments) {
      size += segment instanceof Pattern pattern ? pattern.programSize() : 0;
    }
    return size;
  }

  @Override
  public boolean matches(String path) {
    if (!TopicPath.isPrefix(prefix, path)) {
      return false;
    }
    int count = 1;
    for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
      count++;
    }
    if (!qualifier.accepts(count, segments.length)) {
      return false;
    }
    int start = 0;
    for (Object segment : segments) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      if (segment instanceof String) {
        String literal = (String) segment;
        if (end - start != literal.length() || !path.startsWith(literal, start)) {
          return false;
        }
      } else if (!((Pattern) segment).matcher(path.subSequence(start, end)).matches()) {
        return false;
      }
      start = end + 1;
    }
    return true;
  }
}
