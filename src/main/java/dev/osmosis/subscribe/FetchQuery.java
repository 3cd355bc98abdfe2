package dev.osmosis.subscribe;

import dev.osmosis.topic.TopicType;
import java.util.Objects;
import java.util.Set;

/**
 * A fetch request (docs/TOPICS.md "Fetch", PROTOCOL.md §9 "Fetch"): which topics, in which range of
 * the path order ({@link PathOrder}), of which types, with or without values and properties, and
 * how many. Immutable; the protocol decoder validates the combination (at most one lower and one
 * upper bound, {@code first} or {@code last}, positive limits) before building one.
 *
 * @param selector the topic selector text
 * @param lower the lower bound path (canonical), or null for none
 * @param lowerInclusive {@code from} (true) or {@code after} (false)
 * @param upper the upper bound path (canonical), or null for none
 * @param upperInclusive {@code to} (true) or {@code before} (false)
 * @param types the topic types wanted; empty means every type
 * @param values whether values are wanted
 * @param valueType with values: only topics of this type (Diffusion's {@code
 *     withValues(datatype)}); null for every type
 * @param properties whether each result carries its topic's properties
 * @param first at most this many results from the start of the order; 0 for no limit
 * @param last at most this many results from the end of the order; 0 for no limit ({@code first}
 *     wins)
 * @param maxResultSize at most this many bytes of results (see {@link Fetcher}); 0 for the server's
 *     cap
 * @param deepBranchDepth with {@code deepBranchLimit}: the depth (segments) at which branches are
 *     limited; 0 for no limit
 * @param deepBranchLimit at most this many results in each branch rooted at {@code deepBranchDepth}
 */
public record FetchQuery(
    String selector,
    String lower,
    boolean lowerInclusive,
    String upper,
    boolean upperInclusive,
    Set<TopicType> types,
    boolean values,
    TopicType valueType,
    boolean properties,
    int first,
    int last,
    long maxResultSize,
    int deepBranchDepth,
    int deepBranchLimit) {

  public FetchQuery {
    Objects.requireNonNull(selector, "selector");
    types = Set.copyOf(types);
  }

  /** Every topic the selector matches: paths and types only. */
  public static FetchQuery of(String selector) {
    return new FetchQuery(
        selector, null, true, null, true, Set.of(), false, null, false, 0, 0, 0, 0, 0);
  }

  /** Whether a topic of the type is wanted. */
  boolean wants(TopicType type) {
    return (types.isEmpty() || types.contains(type)) && (valueType == null || valueType == type);
  }

  /** Whether the canonical path lies within the bounds. */
  boolean inRange(String path) {
    if (lower != null) {
      int c = PathOrder.compare(path, lower);
      if (c < 0 || (c == 0 && !lowerInclusive)) {
        return false;
      }
    }
    if (upper != null) {
      int c = PathOrder.compare(path, upper);
      return c < 0 || (c == 0 && upperInclusive);
    }
    return true;
  }
}
