package dev.osmosis.subscribe;

import dev.osmosis.error.RequestException;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.selector.TopicSelector;
import dev.osmosis.session.Session;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Fetch (docs/TOPICS.md "Fetch"): a one-off query of the topic tree, no subscription. Walks only
 * the branch under each selector's literal prefix, keeps the topics the session may READ_TOPIC that
 * are of a wanted type and in range, sorts them in {@link PathOrder}, then applies, in this order
 * and counting from the end for {@code last(n)}: the deep branch limit, {@code first}/{@code last},
 * and the size cap. Each value is read once, so the answer shows one consistent value per topic.
 * Thread-safe; locks nothing.
 */
public final class Fetcher {

  /** The server's cap on a fetch answer's size, and the default {@code maxResultSize}: 1 MiB. */
  public static final long MAX_RESULT_SIZE = 1 << 20;

  /**
   * One result: the topic and, if values were asked for, its value as read (null if it has none).
   */
  public record Item(Topic topic, TopicValue value) {}

  /** The answer: the results in path order and whether limits left matching topics out. */
  public record Result(List<Item> items, boolean hasMore) {}

  private final Subscriptions subscriptions;
  private final Supplier<SecurityStore> store;

  Fetcher(Subscriptions subscriptions, Supplier<SecurityStore> store) {
    this.subscriptions = subscriptions;
    this.store = store;
  }

  /**
   * Runs the query for the session.
   *
   * @throws RequestException 4001 for a bad selector, 3001 if SELECT_TOPIC is missing at a
   *     selector's prefix
   */
  public Result fetch(Session session, FetchQuery query) {
    TopicSelector selector = subscriptions.compile(query.selector());
    SecurityStore security = store.get();
    Subscriptions.requireSelect(security, session, selector, query.selector());
    List<Topic> matched = new ArrayList<>();
    subscriptions
        .tree()
        .forEachMatching(
            selector,
            topic -> {
              if (query.wants(topic.type())
                  && query.inRange(topic.path())
                  && Access.has(security, session, PathPermission.READ_TOPIC, topic)) {
                matched.add(topic);
              }
            });
    matched.sort((x, y) -> PathOrder.compare(x.path(), y.path()));
    boolean fromEnd = query.first() == 0 && query.last() > 0;
    if (fromEnd) {
      Collections.reverse(matched);
    }
    List<Topic> shaped =
        limitDeepBranches(matched, query.deepBranchDepth(), query.deepBranchLimit());
    int limit =
        query.first() > 0 ? query.first() : query.last() > 0 ? query.last() : Integer.MAX_VALUE;
    long maxSize =
        query.maxResultSize() > 0
            ? Math.min(query.maxResultSize(), MAX_RESULT_SIZE)
            : MAX_RESULT_SIZE;
    List<Item> items = new ArrayList<>(Math.min(shaped.size(), Math.min(limit, 1024)));
    long size = 0;
    boolean hasMore = false;
    for (Topic topic : shaped) {
      if (items.size() == limit) {
        hasMore = true;
        break;
      }
      TopicValue value = query.values() ? topic.value() : null;
      long itemSize = size(topic, value);
      if (size + itemSize > maxSize) {
        hasMore = true;
        break;
      }
      size += itemSize;
      items.add(new Item(topic, value));
    }
    if (fromEnd) {
      Collections.reverse(items);
    }
    return new Result(List.copyOf(items), hasMore);
  }

  /**
   * At most {@code limit} topics per branch rooted at {@code depth} segments; shallower topics all
   * stay.
   */
  private static List<Topic> limitDeepBranches(List<Topic> topics, int depth, int limit) {
    if (depth <= 0 || limit <= 0) {
      return topics;
    }
    Map<String, Integer> counts = new HashMap<>();
    List<Topic> kept = new ArrayList<>(topics.size());
    for (Topic topic : topics) {
      String branch = PathOrder.prefix(topic.path(), depth);
      if (branch == null || counts.merge(branch, 1, Integer::sum) <= limit) {
        kept.add(topic);
      }
    }
    return kept;
  }

  /**
   * A result's size: the UTF-8 bytes of its path and, if it carries one, of its value's wire text.
   */
  long size(Topic topic, TopicValue value) {
    long size = JsonSize.utf8(topic.path());
    if (value != null) {
      StringBuilder wire = new StringBuilder();
      subscriptions.encoder().writeValue(wire, value);
      size += JsonSize.utf8(wire);
    }
    return size;
  }
}
