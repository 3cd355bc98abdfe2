package dev.osmosis.metrics;

/**
 * Diffusion's topic metric collector: the topics matching {@code topicSelector}, grouped by their
 * type ({@code groupByTopicType}), by the view that created them ({@code groupByTopicView}: Osmosis
 * has no topic views, so every topic is in the group of the empty view) and by the first {@code
 * groupByPathPrefixParts} parts of their path (0: no grouping by path). {@code maximumGroups}:
 * {@link Integer#MAX_VALUE} is unlimited (Diffusion's default). Validated by {@link
 * MetricCollectors#putTopicCollector}, not here.
 */
public record TopicMetricCollector(
    String name,
    String topicSelector,
    boolean groupByTopicType,
    boolean groupByTopicView,
    int groupByPathPrefixParts,
    boolean exportToPrometheus,
    int maximumGroups) {

  /** A collector with Diffusion's defaults: no grouping, not exported, unlimited groups. */
  public static TopicMetricCollector of(String name, String topicSelector) {
    return new TopicMetricCollector(name, topicSelector, false, false, 0, false, Integer.MAX_VALUE);
  }
}
