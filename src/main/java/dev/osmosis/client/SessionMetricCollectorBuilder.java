package dev.osmosis.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link Metrics.SessionMetricCollector} (Diffusion's {@code
 * SessionMetricCollector.Builder}), from {@link Osmosis#newSessionMetricCollectorBuilder()}.
 * Immutable: each method returns a new builder, so one may be shared and branched. By default a
 * collector is not exported to Prometheus, has no group-by property, unlimited groups, and keeps
 * groups that no longer match.
 *
 * <pre>{@code
 * Metrics.SessionMetricCollector collector =
 *     Osmosis.newSessionMetricCollectorBuilder()
 *         .groupByProperties(List.of("$ClientType", "Department"))
 *         .maximumGroups(50)
 *         .create("by-department", "Department is 'Sales' or Department is 'Support'");
 * }</pre>
 */
public final class SessionMetricCollectorBuilder {

  private final boolean exportToPrometheus;
  private final int maximumGroups;
  private final List<String> groupByProperties;
  private final boolean removeMetricsWithNoMatches;

  SessionMetricCollectorBuilder() {
    this(false, Metrics.UNLIMITED_GROUPS, List.of(), false);
  }

  private SessionMetricCollectorBuilder(
      boolean exportToPrometheus,
      int maximumGroups,
      List<String> groupByProperties,
      boolean removeMetricsWithNoMatches) {
    this.exportToPrometheus = exportToPrometheus;
    this.maximumGroups = maximumGroups;
    this.groupByProperties = groupByProperties;
    this.removeMetricsWithNoMatches = removeMetricsWithNoMatches;
  }

  /** Whether the collector's groups are exported to {@code /metrics}; default false. */
  public SessionMetricCollectorBuilder exportToPrometheus(boolean export) {
    return new SessionMetricCollectorBuilder(
        export, maximumGroups, groupByProperties, removeMetricsWithNoMatches);
  }

  /**
   * The most groups the collector reports; default unlimited.
   *
   * @throws IllegalArgumentException if {@code limit} is below 1
   */
  public SessionMetricCollectorBuilder maximumGroups(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("maximumGroups must be at least 1, not " + limit);
    }
    return new SessionMetricCollectorBuilder(
        exportToPrometheus, limit, groupByProperties, removeMetricsWithNoMatches);
  }

  /** Adds a session property to group by, after those already set. */
  public SessionMetricCollectorBuilder groupByProperty(String propertyName) {
    List<String> properties = new ArrayList<>(groupByProperties);
    properties.add(Objects.requireNonNull(propertyName, "propertyName"));
    return new SessionMetricCollectorBuilder(
        exportToPrometheus, maximumGroups, List.copyOf(properties), removeMetricsWithNoMatches);
  }

  /** The session properties to group by, in order, replacing those set before. */
  public SessionMetricCollectorBuilder groupByProperties(List<String> propertyNames) {
    return new SessionMetricCollectorBuilder(
        exportToPrometheus,
        maximumGroups,
        List.copyOf(Objects.requireNonNull(propertyNames, "propertyNames")),
        removeMetricsWithNoMatches);
  }

  /**
   * Whether a group that no longer has a matching session disappears; default false (it is reported
   * with 0).
   */
  public SessionMetricCollectorBuilder removeMetricsWithNoMatches(boolean remove) {
    return new SessionMetricCollectorBuilder(
        exportToPrometheus, maximumGroups, groupByProperties, remove);
  }

  /** A builder with the defaults. */
  public SessionMetricCollectorBuilder reset() {
    return new SessionMetricCollectorBuilder();
  }

  /**
   * A collector with this builder's settings. The server checks the filter when it is put.
   *
   * @throws IllegalArgumentException if {@code name} is empty
   */
  public Metrics.SessionMetricCollector create(String name, String sessionFilter) {
    if (Objects.requireNonNull(name, "name").isEmpty()) {
      throw new IllegalArgumentException("a metric collector's name must not be empty");
    }
    return new Metrics.SessionMetricCollector(
        name,
        Objects.requireNonNull(sessionFilter, "sessionFilter"),
        groupByProperties,
        exportToPrometheus,
        maximumGroups,
        removeMetricsWithNoMatches);
  }
}
