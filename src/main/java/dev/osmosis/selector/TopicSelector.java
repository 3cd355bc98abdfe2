package dev.osmosis.selector;

import dev.osmosis.topic.TopicMatcher;
import java.util.List;

/**
 * A compiled topic selector (Diffusion's selector language; grammar and examples in {@code
 * docs/TOPICS.md}). Immutable and thread-safe. {@link #matches} takes a canonical topic path and
 * allocates nothing for path selectors; pattern selectors run Java regular expressions, which may.
 * Equal when their canonical {@link #expression()}s are equal. Obtain one from {@link
 * TopicSelectorParser#parse} or, cached by text, {@link TopicSelectors#compile}.
 */
public sealed interface TopicSelector extends TopicMatcher permits SingleSelector, SelectorSet {

  /** The kinds of selector, by their expression prefix. */
  enum Type {
    /** {@code >a/b}, or a path with no prefix. */
    PATH('>'),
    /** {@code ?a/b/.*}: one regular expression per segment. */
    SPLIT_PATH_PATTERN('?'),
    /** {@code *a/b.*}: one regular expression over the whole path. */
    FULL_PATH_PATTERN('*'),
    /** {@code #sel1////sel2}: the union of the member selectors. */
    SELECTOR_SET('#');

    private final char prefix;

    Type(char prefix) {
      this.prefix = prefix;
    }

    public char prefix() {
      return prefix;
    }
  }

  Type type();

  /**
   * The canonical expression, with its prefix: {@code a/b} reads back as {@code >a/b}, a selector
   * set lists its flattened members.
   */
  String expression();

  /**
   * The selectors this one is the union of: itself, or a selector set's members (never sets).
   * SELECT_TOPIC is checked at each member's {@link #literalPrefix()}; the selection index files
   * each member under its own prefix.
   */
  List<TopicSelector> members();

  /** Parses with the default limits, without caching. */
  static TopicSelector parse(String text) {
    return TopicSelectorParser.DEFAULT.parse(text);
  }
}
