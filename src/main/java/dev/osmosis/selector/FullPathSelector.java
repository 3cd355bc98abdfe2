package dev.osmosis.selector;

import com.google.re2j.Pattern;
import dev.osmosis.topic.TopicPath;
import dev.osmosis.wire.SelectorGrammar.Qualifier;

/**
 * {@code *a/b.*}: one regular expression (RE2 syntax, run by RE2/J in time linear in the path's
 * length) that must match the whole canonical path (no leading {@code /}). With a {@link Qualifier}
 * the expression must match the path up to one of its {@code /} (descendants) or the whole path;
 * that is Diffusion's {@code base + "/.+"}, evaluated without rewriting the user's regex.
 */
final class FullPathSelector extends SingleSelector {

  private final Pattern pattern;
  private final Qualifier qualifier;
  private final String prefix;

  FullPathSelector(Pattern pattern, Qualifier qualifier, String prefix) {
    super(
        Type.FULL_PATH_PATTERN,
        prefix,
        "*" + pattern.pattern() + qualifier.suffix(),
        pattern.programSize());
    this.pattern = pattern;
    this.qualifier = qualifier;
    this.prefix = prefix;
  }

  @Override
  public boolean matches(String path) {
    if (!TopicPath.isPrefix(prefix, path)) {
      return false;
    }
    if (qualifier != Qualifier.DESCENDANTS_OF_MATCH && pattern.matches(path)) {
      return true;
    }
    if (qualifier == Qualifier.MATCH) {
      return false;
    }
    for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      if (pattern.matcher(path.subSequence(0, slash)).matches()) {
        return true;
      }
    }
    return false;
  }
}
