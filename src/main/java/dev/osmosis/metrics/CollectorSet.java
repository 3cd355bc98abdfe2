package dev.osmosis.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The collectors of a server, an immutable snapshot: session and topic collectors each in creation
 * order (a put with a known name replaces the collector in its place). What is stored and shared as
 * a whole.
 */
public record CollectorSet(
    List<SessionMetricCollector> sessionCollectors, List<TopicMetricCollector> topicCollectors) {

  public static final CollectorSet EMPTY = new CollectorSet(List.of(), List.of());

  public CollectorSet {
    sessionCollectors = List.copyOf(sessionCollectors);
    topicCollectors = List.copyOf(topicCollectors);
  }

  /** The number of collectors of both kinds. */
  public int size() {
    return sessionCollectors.size() + topicCollectors.size();
  }

  public CollectorSet with(SessionMetricCollector collector) {
    return new CollectorSet(
        put(sessionCollectors, collector, SessionMetricCollector::name), topicCollectors);
  }

  public CollectorSet with(TopicMetricCollector collector) {
    return new CollectorSet(
        sessionCollectors, put(topicCollectors, collector, TopicMetricCollector::name));
  }

  public CollectorSet withoutSession(String name) {
    return new CollectorSet(
        remove(sessionCollectors, name, SessionMetricCollector::name), topicCollectors);
  }

  public CollectorSet withoutTopic(String name) {
    return new CollectorSet(
        sessionCollectors, remove(topicCollectors, name, TopicMetricCollector::name));
  }

  public boolean hasSession(String name) {
    return sessionCollectors.stream().anyMatch(c -> c.name().equals(name));
  }

  public boolean hasTopic(String name) {
    return topicCollectors.stream().anyMatch(c -> c.name().equals(name));
  }

  private static <T> List<T> put(List<T> list, T item, Function<T, String> name) {
    List<T> out = new ArrayList<>(list);
    for (int i = 0; i < out.size(); i++) {
      if (name.apply(out.get(i)).equals(name.apply(item))) {
        out.set(i, item);
        return out;
      }
    }
    out.add(item);
    return out;
  }

  private static <T> List<T> remove(List<T> list, String key, Function<T, String> name) {
    List<T> out = new ArrayList<>(list);
    out.removeIf(item -> name.apply(item).equals(key));
    return out;
  }
}
