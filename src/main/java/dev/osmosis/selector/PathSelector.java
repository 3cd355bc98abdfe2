package dev.osmosis.selector;

import dev.osmosis.wire.SelectorGrammar.Qualifier;

/** {@code >a/b}, {@code >a/b/}, {@code >a/b//}: a literal path with a {@link Qualifier}. */
final class PathSelector extends SingleSelector {

  private final String path;
  private final Qualifier qualifier;

  PathSelector(String canonicalPath, Qualifier qualifier) {
    super(Type.PATH, canonicalPath, ">" + canonicalPath + qualifier.suffix(), 0);
    this.path = canonicalPath;
    this.qualifier = qualifier;
  }

  @Override
  public boolean matches(String candidate) {
    int n = path.length();
    if (!candidate.startsWith(path)) {
      return false;
    }
    if (candidate.length() == n) {
      return qualifier != Qualifier.DESCENDANTS_OF_MATCH;
    }
    return qualifier != Qualifier.MATCH && candidate.charAt(n) == '/';
  }
}
