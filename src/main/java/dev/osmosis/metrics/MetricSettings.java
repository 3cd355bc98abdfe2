package dev.osmosis.metrics;

/**
 * The server's bounds on metric collectors: {@code maxCollectors} ({@code
 * osmosis.metrics.maxCollectors}, default 100) session and topic collectors together, and {@code
 * maxGroups} ({@code osmosis.metrics.maxGroups}, default 1,000) groups in one sample of all the
 * collectors together, whatever their {@code maximumGroups}: the bound on the cardinality of the
 * exported series.
 */
public record MetricSettings(int maxCollectors, int maxGroups) {

  public static final int DEFAULT_MAX_COLLECTORS = 100;
  public static final int DEFAULT_MAX_GROUPS = 1_000;

  public MetricSettings {
    if (maxCollectors < 0 || maxGroups < 1) {
      throw new IllegalArgumentException(
          "osmosis.metrics.maxCollectors must be >= 0 and osmosis.metrics.maxGroups >= 1");
    }
  }

  public static MetricSettings defaults() {
    return new MetricSettings(DEFAULT_MAX_COLLECTORS, DEFAULT_MAX_GROUPS);
  }
}
