package dev.osmosis.selector;

import dev.osmosis.topic.TopicPath;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code *a/b.*}: one Java regular expression that must match the whole canonical path (no leading
 * {@code /}). With a {@link Qualifier} the expression must match the path up to one of its {@code
 * /} (descendants) or the whole path; that is Diffusion's {@code base + "/.+"}, evaluated without
 * rewriting the user's regex.
 */
final class FullPathSelector extends SingleSelector {

  private final Pattern pattern;
  private final Qualifier qualifier;
  private final String prefix;

  FullPathSelector(Pattern pattern, Qualifier qualifier, String prefix) {
    super(Type.FULL_PATH_PATTERN, prefix, "*" + pattern.pattern() + qualifier.suffix());
    this.pattern = pattern;
    this.qualifier = qualifier;
    this.prefix = prefix;
  }

  @Override
  public boolean matches(String path) {
    if (!TopicPath.isPrefix(prefix, path)) {
      return false;
    }
    Matcher matcher = pattern.matcher(path);
    if (qualifier != Qualifier.DESCENDANTS_OF_MATCH && matcher.matches()) {
      return true;
    }
    if (qualifier == Qualifier.MATCH) {
      return false;
    }
    for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      if (matcher.region(0, slash).matches()) {
        return true;
      }
    }
    return false;
  }
}
