package dev.osmosis.metrics;

import java.util.List;

/**
 * A sample of every collector: the groups reported, and how many groups were left out because a
 * collector's {@code maximumGroups} or the server's cap {@code osmosis.metrics.maxGroups} was
 * reached.
 */
public record CollectorSamples(List<CollectorGroup> groups, long omitted) {
  public CollectorSamples {
    groups = List.copyOf(groups);
  }
}
