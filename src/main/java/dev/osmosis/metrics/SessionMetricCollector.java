package dev.osmosis.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Diffusion's session metric collector: the open sessions matching {@code sessionFilter}, grouped
 * by the values of {@code groupByProperties} in order (a session without a property is grouped
 * under the empty string). {@code maximumGroups}: {@link Integer#MAX_VALUE} is unlimited
 * (Diffusion's default); the server cap {@code osmosis.metrics.maxGroups} applies as well. {@code
 * removeMetricsWithNoMatches}: a group seen before and now empty is left out of samples instead of
 * being reported with 0. Validated by {@link MetricCollectors#putSessionCollector}, not here.
 */
public record SessionMetricCollector(
    String name,
    String sessionFilter,
    List<String> groupByProperties,
    boolean exportToPrometheus,
    int maximumGroups,
    boolean removeMetricsWithNoMatches) {

  public SessionMetricCollector {
    groupByProperties =
        groupByProperties == null
            ? List.of()
            : Collections.unmodifiableList(new ArrayList<>(groupByProperties));
  }

  /** A collector with Diffusion's defaults: not exported, unlimited groups, empty groups kept. */
  public static SessionMetricCollector of(
      String name, String sessionFilter, String... groupByProperties) {
    return new SessionMetricCollector(
        name, sessionFilter, List.of(groupByProperties), false, Integer.MAX_VALUE, false);
  }
}
