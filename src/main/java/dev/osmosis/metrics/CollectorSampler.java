package dev.osmosis.metrics;

import dev.osmosis.filter.SessionFilter;
import dev.osmosis.filter.SessionFilters;
import dev.osmosis.selector.TopicSelector;
import dev.osmosis.selector.TopicSelectors;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.topic.TopicTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Computes the groups of every collector from the open sessions and the topic tree, when asked (a
 * scrape, the console, a client's fetch): one pass over the sessions per session collector, one
 * walk of the matching topics per topic collector. Remembers the groups each collector reported, so
 * that a group seen before and now empty is reported with 0 (or dropped, for a session collector
 * with {@code removeMetricsWithNoMatches}) and the groups already reported keep their places under
 * the limits: reported groups first, then new groups in the order of their labels, until the
 * collector's {@code maximumGroups} or the server's cap for the whole sample is reached; the rest
 * are counted as omitted. Samples are serialised (they are rare); nothing here is on the fan-out.
 */
final class CollectorSampler {

  private final SessionRegistry sessions;
  private final TopicTree topics;
  private final SessionFilters filters;
  private final TopicSelectors selectors;
  private final MetricSettings settings;

  /** Per collector (by kind and name): its definition and the groups it reported, in order. */
  private final Map<String, Seen> seen = new HashMap<>();

  private record Seen(Object definition, Set<List<String>> groups) {}

  CollectorSampler(
      SessionRegistry sessions,
      TopicTree topics,
      SessionFilters filters,
      TopicSelectors selectors,
      MetricSettings settings) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.topics = Objects.requireNonNull(topics, "topics");
    this.filters = filters;
    this.selectors = selectors;
    this.settings = settings;
  }

  /** Forgets the groups of collectors removed or redefined in {@code set}. */
  synchronized void retain(CollectorSet set) {
    Map<String, Object> live = new HashMap<>();
    set.sessionCollectors().forEach(c -> live.put(key(CollectorGroup.SESSION, c.name()), c));
    set.topicCollectors().forEach(c -> live.put(key(CollectorGroup.TOPIC, c.name()), c));
    seen.entrySet().removeIf(e -> !e.getValue().definition().equals(live.get(e.getKey())));
  }

  synchronized CollectorSamples sample(CollectorSet set) {
    List<CollectorGroup> out = new ArrayList<>();
    long[] budget = {settings.maxGroups()};
    long omitted = 0;
    for (SessionMetricCollector c : set.sessionCollectors()) {
      omitted +=
          report(
              CollectorGroup.SESSION,
              c.name(),
              c,
              c.groupByProperties(),
              countSessions(c),
              c.maximumGroups(),
              c.removeMetricsWithNoMatches(),
              budget,
              out);
    }
    for (TopicMetricCollector c : set.topicCollectors()) {
      omitted +=
          report(
              CollectorGroup.TOPIC,
              c.name(),
              c,
              topicLabels(c),
              countTopics(c),
              c.maximumGroups(),
              false,
              budget,
              out);
    }
    return new CollectorSamples(out, omitted);
  }

  /** Group values to counts: [sessions, queued]. */
  private Map<List<String>, long[]> countSessions(SessionMetricCollector c) {
    SessionFilter filter = filters.compile(c.sessionFilter());
    List<String> by = c.groupByProperties();
    Map<List<String>, long[]> counts = new HashMap<>();
    for (Session session : sessions.all()) {
      if (!session.isOpen() || !filter.matches(session)) {
        continue;
      }
      String[] values = new String[by.size()];
      for (int i = 0; i < values.length; i++) {
        String value = session.property(by.get(i));
        values[i] = value == null ? "" : value;
      }
      long[] count = counts.computeIfAbsent(Arrays.asList(values), k -> new long[2]);
      count[0]++;
      Connection connection = session.connection();
      count[1] += connection == null ? 0 : connection.queued();
    }
    return counts;
  }

  /** Group values to counts: [topics, subscriptions, updates]. */
  private Map<List<String>, long[]> countTopics(TopicMetricCollector c) {
    TopicSelector selector = selectors.compile(c.topicSelector());
    Map<List<String>, long[]> counts = new HashMap<>();
    topics.forEachMatching(
        selector,
        topic -> {
          List<String> values = new ArrayList<>(3);
          if (c.groupByTopicType()) {
            values.add(topic.type().name());
          }
          if (c.groupByTopicView()) {
            values.add("");
          }
          if (c.groupByPathPrefixParts() > 0) {
            values.add(prefix(topic.path(), c.groupByPathPrefixParts()));
          }
          long[] count = counts.computeIfAbsent(values, k -> new long[3]);
          count[0]++;
          count[1] += topic.subscribers().length;
          count[2] += topic.sequence();
        });
    return counts;
  }

  private static List<String> topicLabels(TopicMetricCollector c) {
    List<String> labels = new ArrayList<>(3);
    if (c.groupByTopicType()) {
      labels.add("type");
    }
    if (c.groupByTopicView()) {
      labels.add("view");
    }
    if (c.groupByPathPrefixParts() > 0) {
      labels.add("path");
    }
    return labels;
  }

  /** The first {@code parts} parts of {@code path}, or the whole path if it has no more. */
  static String prefix(String path, int parts) {
    int at = -1;
    for (int i = 0; i < parts; i++) {
      at = path.indexOf('/', at + 1);
      if (at < 0) {
        return path;
      }
    }
    return path.substring(0, at);
  }

  private long report(
      String kind,
      String name,
      Object definition,
      List<String> labelNames,
      Map<List<String>, long[]> counts,
      int maximumGroups,
      boolean removeEmpty,
      long[] budget,
      List<CollectorGroup> out) {
    Seen before =
        seen.computeIfAbsent(key(kind, name), k -> new Seen(definition, new LinkedHashSet<>()));
    List<List<String>> order = new ArrayList<>(before.groups());
    List<List<String>> fresh = new ArrayList<>();
    for (List<String> group : counts.keySet()) {
      if (!before.groups().contains(group)) {
        fresh.add(group);
      }
    }
    fresh.sort(CollectorSampler::compare);
    order.addAll(fresh);
    int reported = 0;
    long omitted = 0;
    Set<List<String>> kept = new LinkedHashSet<>();
    for (List<String> group : order) {
      long[] count = counts.get(group);
      if (count == null && removeEmpty) {
        continue;
      }
      if (reported >= maximumGroups || budget[0] <= 0) {
        omitted++;
        continue;
      }
      reported++;
      budget[0]--;
      kept.add(group);
      out.add(new CollectorGroup(kind, name, labels(labelNames, group), values(kind, count)));
    }
    before.groups().clear();
    before.groups().addAll(kept);
    return omitted;
  }

  private static Map<String, String> labels(List<String> names, List<String> values) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      labels.put(names.get(i), values.get(i));
    }
    return labels;
  }

  private static Map<String, Long> values(String kind, long[] count) {
    Map<String, Long> values = new LinkedHashMap<>();
    if (CollectorGroup.SESSION.equals(kind)) {
      values.put("sessions", count == null ? 0 : count[0]);
      values.put("queued", count == null ? 0 : count[1]);
    } else {
      values.put("topics", count == null ? 0 : count[0]);
      values.put("subscriptions", count == null ? 0 : count[1]);
      values.put("updates", count == null ? 0 : count[2]);
    }
    return values;
  }

  private static int compare(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static String key(String kind, String name) {
    return kind + '\n' + name;
  }
}
