package dev.osmosis.selector;

import java.util.List;

/** {@code >a/b}, {@code >a/b/}, {@code >a/b//}: a literal path with a {@link Qualifier}. */
final class PathSelector implements TopicSelector {

  private final String path;
  private final Qualifier qualifier;
  private final String expression;

  PathSelector(String canonicalPath, Qualifier qualifier) {
    this.path = canonicalPath;
    this.qualifier = qualifier;
    this.expression = ">" + canonicalPath + qualifier.suffix();
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

  @Override
  public String literalPrefix() {
    return path;
  }

  @Override
  public Type type() {
    return Type.PATH;
  }

  @Override
  public String expression() {
    return expression;
  }

  @Override
  public List<TopicSelector> members() {
    return List.of(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathSelector && ((PathSelector) o).expression.equals(expression);
  }

  @Override
  public int hashCode() {
    return expression.hashCode();
  }

  @Override
  public String toString() {
    return expression;
  }
}
