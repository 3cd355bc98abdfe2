package dev.osmosis.client;

import java.util.Objects;

/**
 * Builds a {@link Metrics.TopicMetricCollector} (Diffusion's {@code TopicMetricCollector.Builder}),
 * from {@link Osmosis#newTopicMetricCollectorBuilder()}. Immutable: each method returns a new
 * builder. By default a collector is not exported to Prometheus, does not group by topic type,
 * topic view or path prefix, and has unlimited groups.
 *
 * <pre>{@code
 * Metrics.TopicMetricCollector collector =
 *     Osmosis.newTopicMetricCollectorBuilder()
 *         .groupByTopicType(true)
 *         .groupByPathPrefixParts(2)
 *         .create("prices", "?prices//");
 * }</pre>
 */
public final class TopicMetricCollectorBuilder {

  private final boolean exportToPrometheus;
  private final int maximumGroups;
  private final boolean groupByTopicType;
  private final boolean groupByTopicView;
  private final int groupByPathPrefixParts;

  TopicMetricCollectorBuilder() {
    this(false, Metrics.UNLIMITED_GROUPS, false, false, 0);
  }

  private TopicMetricCollectorBuilder(
      boolean exportToPrometheus,
      int maximumGroups,
      boolean groupByTopicType,
      boolean groupByTopicView,
      int groupByPathPrefixParts) {
    this.exportToPrometheus = exportToPrometheus;
    this.maximumGroups = maximumGroups;
    this.groupByTopicType = groupByTopicType;
    this.groupByTopicView = groupByTopicView;
    this.groupByPathPrefixParts = groupByPathPrefixParts;
  }

  /** Whether the collector's groups are exported to {@code /metrics}; default false. */
  public TopicMetricCollectorBuilder exportToPrometheus(boolean export) {
    return new TopicMetricCollectorBuilder(
        export, maximumGroups, groupByTopicType, groupByTopicView, groupByPathPrefixParts);
  }

  /**
   * The most groups the collector reports; default unlimited.
   *
   * @throws IllegalArgumentException if {@code limit} is below 1
   */
  public TopicMetricCollectorBuilder maximumGroups(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("maximumGroups must be at least 1, not " + limit);
    }
    return new TopicMetricCollectorBuilder(
        exportToPrometheus, limit, groupByTopicType, groupByTopicView, groupByPathPrefixParts);
  }

  /** Whether groups are keyed by topic type; default false. */
  public TopicMetricCollectorBuilder groupByTopicType(boolean group) {
    return new TopicMetricCollectorBuilder(
        exportToPrometheus, maximumGroups, group, groupByTopicView, groupByPathPrefixParts);
  }

  /** Whether groups are keyed by topic view; default false (Osmosis has no topic views). */
  public TopicMetricCollectorBuilder groupByTopicView(boolean group) {
    return new TopicMetricCollectorBuilder(
        exportToPrometheus, maximumGroups, groupByTopicType, group, groupByPathPrefixParts);
  }

  /**
   * How many leading path parts groups are keyed by; 0 (the default) for none.
   *
   * @throws IllegalArgumentException if {@code parts} is negative
   */
  public TopicMetricCollectorBuilder groupByPathPrefixParts(int parts) {
    if (parts < 0) {
      throw new IllegalArgumentException("groupByPathPrefixParts must be 0 or more, not " + parts);
    }
    return new TopicMetricCollectorBuilder(
        exportToPrometheus, maximumGroups, groupByTopicType, groupByTopicView, parts);
  }

  /** A builder with the defaults. */
  public TopicMetricCollectorBuilder reset() {
    return new TopicMetricCollectorBuilder();
  }

  /**
   * A collector with this builder's settings. The server checks the selector when it is put.
   *
   * @throws IllegalArgumentException if {@code name} is empty
   */
  public Metrics.TopicMetricCollector create(String name, String topicSelector) {
    if (Objects.requireNonNull(name, "name").isEmpty()) {
      throw new IllegalArgumentException("a metric collector's name must not be empty");
    }
    return new Metrics.TopicMetricCollector(
        name,
        Objects.requireNonNull(topicSelector, "topicSelector"),
        groupByTopicType,
        groupByTopicView,
        groupByPathPrefixParts,
        exportToPrometheus,
        maximumGroups);
  }
}
