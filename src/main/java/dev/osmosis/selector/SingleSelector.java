package dev.osmosis.selector;

import java.util.List;

/**
 * What the three single selectors (path, split-path, full-path) share: their type, literal prefix
 * and canonical expression, equality by expression within the same kind, and being their own only
 * member.
 */
abstract sealed class SingleSelector implements TopicSelector
    permits PathSelector, SplitPathSelector, FullPathSelector {

  private final Type type;
  private final String prefix;
  private final String expression;
  private final int weight;

  /**
   * @param programSize the instructions of the selector's compiled regular expressions (0 for none)
   */
  SingleSelector(Type type, String prefix, String expression, int programSize) {
    this.type = type;
    this.prefix = prefix;
    this.expression = expression;
    this.weight = TopicSelectors.estimateBytes(expression.length(), programSize);
  }

  /** The estimated heap bytes this compiled selector holds ({@link TopicSelectors#weight}). */
  final int weight() {
    return weight;
  }

  @Override
  public final String literalPrefix() {
    return prefix;
  }

  @Override
  public final Type type() {
    return type;
  }

  @Override
  public final String expression() {
    return expression;
  }

  @Override
  public final List<TopicSelector> members() {
    return List.of(this);
  }

  @Override
  public final boolean equals(Object o) {
    return o != null
        && o.getClass() == getClass()
        && ((SingleSelector) o).expression.equals(expression);
  }

  @Override
  public final int hashCode() {
    return expression.hashCode();
  }

  @Override
  public final String toString() {
    return expression;
  }
}
