package dev.osmosis.topic;

/**
 * A predicate over canonical topic paths with a literal prefix every matching path starts with, so
 * the tree walks only that branch. Topic selectors implement it; {@link TopicTree#remove} and
 * {@link TopicTree#forEachMatching} take it.
 */
public interface TopicMatcher {

  /**
   * The longest canonical path every matching path equals or descends from ({@link
   * TopicPath#isPrefix}); the empty string when a match can be anywhere.
   */
  String literalPrefix();

  /** Returns whether the canonical path matches. */
  boolean matches(String path);
}
