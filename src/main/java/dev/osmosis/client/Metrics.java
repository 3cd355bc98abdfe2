package dev.osmosis.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Metric collectors (PROTOCOL.md §15), reached by {@link Session#metrics()}: Diffusion's {@code
 * Metrics} feature. A session metric collector counts the open sessions a session filter matches,
 * grouped by session properties; a topic metric collector counts the topics a topic selector
 * matches and their subscriptions, grouped by topic type and/or path prefix. The server computes
 * their groups when asked ({@link #metricsRequest()}), and exports those of collectors with {@code
 * exportToPrometheus} to {@code /metrics} (docs/OPERATIONS.md "Metric collectors").
 *
 * <pre>{@code
 * Metrics metrics = session.metrics();
 * metrics.putSessionMetricCollector(
 *         Osmosis.newSessionMetricCollectorBuilder()
 *             .groupByProperty("$ClientType")
 *             .exportToPrometheus(true)
 *             .create("by-client", "$Principal ne 'probe'"))
 *     .join();
 * }</pre>
 *
 * <p>Each future fails with a {@link SessionException} when the server refuses: {@code 3001}
 * CONTROL_SERVER (to put or remove) or VIEW_SERVER (to list or fetch) is missing; {@code 4001} the
 * collector is wrong (an empty name, {@code maximumGroups} below 1, a bad session filter or topic
 * selector: the message names the field and the column, e.g. {@code sessionFilter: column 12:
 * expected a value}); {@code 4029} the server holds as many collectors as it allows; {@code 5003}
 * the change could not be stored or shared (nothing changed); with a {@link SessionClosedException}
 * if this session closes first. Futures complete on the session's event thread.
 */
public final class Metrics {

  /** {@code maximumGroups} when not limited (Diffusion's default). */
  public static final int UNLIMITED_GROUPS = Integer.MAX_VALUE;

  private final Connection connection;

  Metrics(Connection connection) {
    this.connection = connection;
  }

  /** Adds a session metric collector, replacing any of the same name; needs CONTROL_SERVER. */
  public CompletableFuture<Void> putSessionMetricCollector(SessionMetricCollector collector) {
    Objects.requireNonNull(collector, "collector");
    return put("putSessionMetricCollector", collector.toJson());
  }

  /** The session metric collectors, in the order they were first put; needs VIEW_SERVER. */
  public CompletableFuture<List<SessionMetricCollector>> listSessionMetricCollectors() {
    return list("listSessionMetricCollectors")
        .thenApply(all -> all.stream().map(SessionMetricCollector::of).toList());
  }

  /** Removes the session metric collector of that name if there is one; needs CONTROL_SERVER. */
  public CompletableFuture<Void> removeSessionMetricCollector(String name) {
    return remove("removeSessionMetricCollector", name);
  }

  /** Adds a topic metric collector, replacing any of the same name; needs CONTROL_SERVER. */
  public CompletableFuture<Void> putTopicMetricCollector(TopicMetricCollector collector) {
    Objects.requireNonNull(collector, "collector");
    return put("putTopicMetricCollector", collector.toJson());
  }

  /** The topic metric collectors, in the order they were first put; needs VIEW_SERVER. */
  public CompletableFuture<List<TopicMetricCollector>> listTopicMetricCollectors() {
    return list("listTopicMetricCollectors")
        .thenApply(all -> all.stream().map(TopicMetricCollector::of).toList());
  }

  /** Removes the topic metric collector of that name if there is one; needs CONTROL_SERVER. */
  public CompletableFuture<Void> removeTopicMetricCollector(String name) {
    return remove("removeTopicMetricCollector", name);
  }

  /**
   * A request for every collector's groups, computed by the server when {@link
   * MetricsRequest#fetch() fetched} (needs VIEW_SERVER); {@link
   * MetricsRequest#filter(java.util.Collection)} narrows it to named collectors.
   */
  public MetricsRequest metricsRequest() {
    return new MetricsRequest(connection, List.of());
  }

  private CompletableFuture<Void> put(String type, Map<String, Object> collector) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("collector", collector);
    return connection.request(type, fields).thenApply(ok -> null);
  }

  private CompletableFuture<Void> remove(String type, String name) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", Objects.requireNonNull(name, "name"));
    return connection.request(type, fields).thenApply(ok -> null);
  }

  private CompletableFuture<List<Map<String, Object>>> list(String type) {
    return connection
        .request(type, new LinkedHashMap<>())
        .thenApply(ok -> objects(ok.get("collectors")));
  }

  // ------------------------------------------------------------ collectors and samples

  /**
   * A session metric collector (Diffusion's {@code SessionMetricCollector}); build one with {@link
   * Osmosis#newSessionMetricCollectorBuilder()}.
   *
   * @param name its name, unique among session metric collectors
   * @param sessionFilter the sessions it counts (a session filter, docs/FILTERS.md)
   * @param groupByProperties the session properties its groups are keyed by, in order; a session
   *     without one is grouped under the empty string
   * @param exportToPrometheus whether its groups are exported to {@code /metrics}
   * @param maximumGroups the most groups it reports ({@link #UNLIMITED_GROUPS}: not limited)
   * @param removeMetricsWithNoMatches whether a group that no longer has a session disappears (else
   *     it is reported with 0)
   */
  public record SessionMetricCollector(
      String name,
      String sessionFilter,
      List<String> groupByProperties,
      boolean exportToPrometheus,
      int maximumGroups,
      boolean removeMetricsWithNoMatches) {
    public SessionMetricCollector {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(sessionFilter, "sessionFilter");
      groupByProperties = List.copyOf(groupByProperties);
    }

    Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("name", name);
      json.put("sessionFilter", sessionFilter);
      json.put("groupByProperties", groupByProperties);
      json.put("exportToPrometheus", exportToPrometheus);
      json.put("maximumGroups", maximumGroups);
      json.put("removeMetricsWithNoMatches", removeMetricsWithNoMatches);
      return json;
    }

    static SessionMetricCollector of(Map<String, Object> json) {
      return new SessionMetricCollector(
          Messages.string(json, "name", ""),
          Messages.string(json, "sessionFilter", ""),
          List.copyOf(Messages.stringSet(json, "groupByProperties")),
          Boolean.TRUE.equals(json.get("exportToPrometheus")),
          (int) Messages.number(json, "maximumGroups", UNLIMITED_GROUPS),
          Boolean.TRUE.equals(json.get("removeMetricsWithNoMatches")));
    }
  }

  /**
   * A topic metric collector (Diffusion's {@code TopicMetricCollector}); build one with {@link
   * Osmosis#newTopicMetricCollectorBuilder()}.
   *
   * @param name its name, unique among topic metric collectors
   * @param topicSelector the topics it counts (a topic selector, docs/TOPICS.md)
   * @param groupByTopicType whether its groups are keyed by topic type
   * @param groupByTopicView whether its groups are keyed by the topic view that made the topic
   *     (Osmosis has no topic views: one group, the empty string)
   * @param groupByPathPrefixParts how many leading path parts its groups are keyed by (0: none)
   * @param exportToPrometheus whether its groups are exported to {@code /metrics}
   * @param maximumGroups the most groups it reports ({@link #UNLIMITED_GROUPS}: not limited)
   */
  public record TopicMetricCollector(
      String name,
      String topicSelector,
      boolean groupByTopicType,
      boolean groupByTopicView,
      int groupByPathPrefixParts,
      boolean exportToPrometheus,
      int maximumGroups) {
    public TopicMetricCollector {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(topicSelector, "topicSelector");
    }

    Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("name", name);
      json.put("topicSelector", topicSelector);
      json.put("groupByTopicType", groupByTopicType);
      json.put("groupByTopicView", groupByTopicView);
      json.put("groupByPathPrefixParts", groupByPathPrefixParts);
      json.put("exportToPrometheus", exportToPrometheus);
      json.put("maximumGroups", maximumGroups);
      return json;
    }

    static TopicMetricCollector of(Map<String, Object> json) {
      return new TopicMetricCollector(
          Messages.string(json, "name", ""),
          Messages.string(json, "topicSelector", ""),
          Boolean.TRUE.equals(json.get("groupByTopicType")),
          Boolean.TRUE.equals(json.get("groupByTopicView")),
          (int) Messages.number(json, "groupByPathPrefixParts", 0),
          Boolean.TRUE.equals(json.get("exportToPrometheus")),
          (int) Messages.number(json, "maximumGroups", UNLIMITED_GROUPS));
    }
  }

  /**
   * One group of one collector, as the server computed it.
   *
   * @param kind {@code session} or {@code topic}
   * @param collector the collector's name
   * @param labels the group's key: a session property name → its value, {@code type} → the topic
   *     type, {@code path} → the path prefix; in the collector's order
   * @param values the group's metrics by name, e.g. {@code sessions}, {@code topics}, {@code
   *     subscriptions} (docs/OPERATIONS.md "Metric collectors")
   */
  public record MetricGroup(
      String kind, String collector, Map<String, String> labels, Map<String, Long> values) {
    public MetricGroup {
      labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    static MetricGroup of(Map<String, Object> json) {
      Map<String, Long> values = new LinkedHashMap<>();
      Messages.object(json, "values")
          .forEach(
              (name, value) -> {
                if (value instanceof Number number) {
                  values.put(name, number.longValue());
                }
              });
      return new MetricGroup(
          Messages.string(json, "kind", ""),
          Messages.string(json, "collector", ""),
          Messages.stringMap(json, "labels"),
          values);
    }
  }

  /**
   * What a {@link MetricsRequest} fetched.
   *
   * @param groups every group of the collectors asked for, session collectors' first
   * @param omitted how many groups were left out, beyond a collector's {@code maximumGroups} or the
   *     server's cap
   */
  public record MetricsResult(List<MetricGroup> groups, long omitted) {
    public MetricsResult {
      groups = List.copyOf(groups);
    }

    /** The groups of the collector of that name, in order. */
    public List<MetricGroup> groups(String collector) {
      return groups.stream().filter(g -> g.collector().equals(collector)).toList();
    }

    static MetricsResult of(Map<String, Object> json) {
      List<MetricGroup> groups = new ArrayList<>();
      for (Map<String, Object> group : objects(json.get("groups"))) {
        groups.add(MetricGroup.of(group));
      }
      return new MetricsResult(groups, Messages.number(json, "omitted", 0));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> objects(Object value) {
    List<Map<String, Object>> objects = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object element : list) {
        if (element instanceof Map) {
          objects.add((Map<String, Object>) element);
        }
      }
    }
    return objects;
  }
}
