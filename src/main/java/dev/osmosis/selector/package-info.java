/**
 * The topic selector language (Diffusion's) and the index of persistent selections.
 *
 * <ul>
 *   <li>{@link dev.osmosis.selector.TopicSelectorParser} turns an expression ({@code >path}, {@code
 *       ?split/.*}, {@code *full.*}, {@code #a////b}, with descendant qualifiers {@code /} and
 *       {@code //}; the grammar, shared with the Java client, is {@code wire.SelectorGrammar}) into
 *       an immutable {@link dev.osmosis.selector.TopicSelector}, or throws {@link
 *       dev.osmosis.selector.SelectorSyntaxException} naming the position; regular expressions are
 *       compiled there, once, for RE2/J (linear-time matching: no pattern can make a match run
 *       away).
 *   <li>{@link dev.osmosis.selector.TopicSelectors} caches compiled selectors by text, bounded by
 *       their estimated bytes.
 *   <li>Every selector has a literal path prefix: where SELECT_TOPIC is checked, and the key of
 *       {@link dev.osmosis.selector.SelectionIndex}, which finds the selections that may match a
 *       new topic without testing every selection of every session; what selections may cost (per
 *       session, per client address, server-wide) is bounded by {@link
 *       dev.osmosis.selector.SelectionLimits}.
 * </ul>
 *
 * <p>Decisions and examples are in {@code docs/TOPICS.md}. Depends on the JDK, RE2/J ({@code
 * com.google.re2j}), {@code dev.osmosis.wire} (the grammar) and {@code dev.osmosis.topic} (path
 * rules, and {@code TopicMatcher} so a selector can drive the tree).
 */
package dev.osmosis.selector;
