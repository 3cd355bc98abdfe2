package dev.osmosis.client;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A request for metric collectors' groups (Diffusion's {@code MetricsRequest}, reduced to what
 * Osmosis has: this server's collectors), from {@link Metrics#metricsRequest()}. Immutable: {@link
 * #filter(Collection)} returns a new request.
 *
 * <pre>{@code
 * Metrics.MetricsResult result =
 *     session.metrics().metricsRequest().filter(List.of("by-client")).fetch().join();
 * }</pre>
 */
public final class MetricsRequest {

  private final Connection connection;
  private final List<String> filter;

  MetricsRequest(Connection connection, List<String> filter) {
    this.connection = connection;
    this.filter = filter;
  }

  /**
   * A request for the groups of the collectors of these names only (session or topic); an empty
   * collection asks for every collector's, as does a request never filtered.
   */
  public MetricsRequest filter(Collection<String> collectors) {
    for (String name : Objects.requireNonNull(collectors, "collectors")) {
      Objects.requireNonNull(name, "a collector name");
    }
    return new MetricsRequest(connection, List.copyOf(new LinkedHashSet<>(collectors)));
  }

  /** The collectors' names this request is narrowed to; empty: every collector. */
  public List<String> filter() {
    return filter;
  }

  /**
   * The groups, computed by the server now; needs VIEW_SERVER (else a {@link SessionException}
   * 3001).
   */
  public CompletableFuture<Metrics.MetricsResult> fetch() {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (!filter.isEmpty()) {
      fields.put("filter", filter);
    }
    return connection.request("fetchMetrics", fields).thenApply(Metrics.MetricsResult::of);
  }
}
