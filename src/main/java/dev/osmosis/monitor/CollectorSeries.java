package dev.osmosis.monitor;

import dev.osmosis.metrics.CollectorGroup;
import dev.osmosis.metrics.CollectorSamples;
import dev.osmosis.metrics.MetricCollectors;
import dev.osmosis.sweep.Sweep;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * The groups of the metric collectors with {@code exportToPrometheus} as labelled gauges on {@code
 * /metrics} (docs/OPERATIONS.md "Metric collectors"): {@code
 * osmosis_session_collector_<collector>_<value>{collector="<collector>", <label>="..."}} and {@code
 * osmosis_topic_collector_<collector>_<value>{...}}. The collector's name is in the metric's name
 * because MicroProfile Metrics refuses one name with different tag keys, and collectors group by
 * different properties. Label names are the group-by property names made valid ({@code $ClientType}
 * becomes {@code ClientType}; see {@link #labelNames}).
 *
 * <p>Kept in step with the collectors once a second (a {@link Sweep}) and on every collector
 * change: a new group's series is registered, a group or collector that went is removed from the
 * registry. The gauges read the values of the last sample, taken again when a scrape finds it older
 * than {@value #MAX_AGE_MILLIS} ms. Nothing here is on the fan-out.
 */
@ApplicationScoped
public class CollectorSeries implements Sweep {
  private static final System.Logger LOG = System.getLogger(CollectorSeries.class.getName());
  static final long MAX_AGE_MILLIS = 200;

  @Inject
  @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
  MetricRegistry registry;

  @Inject MetricCollectors collectors;

  /** The series registered now. */
  private final Set<MetricID> registered = new HashSet<>();

  private volatile Map<MetricID, Long> values = Map.of();
  private volatile long sampledAt = Long.MIN_VALUE;
  private final Set<String> clashes = new HashSet<>();

  /** Held while sampling; never while calling the registry, which a scrape may hold. */
  private final Object sampling = new Object();

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    collectors.listen((before, after) -> sync());
    sync();
  }

  @Override
  public void sweep(long now) {
    sync();
  }

  @Override
  public String sweepName() {
    return "collector series";
  }

  /** Samples the exported collectors and registers and removes series to match. */
  synchronized void sync() {
    Map<MetricID, Long> next;
    synchronized (sampling) {
      next = sample();
    }
    for (MetricID id : new ArrayList<>(registered)) {
      if (!next.containsKey(id)) {
        registry.remove(id);
        registered.remove(id);
      }
    }
    for (MetricID id : next.keySet()) {
      if (!registered.contains(id)) {
        try {
          registry.gauge(
              Metadata.builder().withName(id.getName()).withDescription(help(id)).build(),
              () -> value(id),
              id.getTagsAsArray());
          registered.add(id);
        } catch (IllegalArgumentException e) {
          if (clashes.add(id.getName())) {
            LOG.log(
                System.Logger.Level.WARNING,
                "metric collector series " + id + " not exported: " + e.getMessage());
          }
        }
      }
    }
  }

  /** The value a gauge shows: from a sample at most {@value #MAX_AGE_MILLIS} ms old. */
  private long value(MetricID id) {
    long now = System.currentTimeMillis();
    long at = sampledAt;
    if (now - at >= MAX_AGE_MILLIS || now < at) {
      synchronized (sampling) {
        if (sampledAt == at) {
          sample();
        }
      }
    }
    Long value = values.get(id);
    return value == null ? 0 : value;
  }

  private Map<MetricID, Long> sample() {
    CollectorSamples samples = collectors.exportedSamples();
    Map<MetricID, Long> next = new LinkedHashMap<>();
    Map<String, List<String>> labelNames = new HashMap<>();
    for (CollectorGroup group : samples.groups()) {
      List<String> names =
          labelNames.computeIfAbsent(
              group.kind() + "\n" + group.collector(),
              k -> labelNames(new ArrayList<>(group.labels().keySet())));
      List<Tag> tags = new ArrayList<>();
      tags.add(new Tag("collector", group.collector()));
      int i = 0;
      for (String value : group.labels().values()) {
        tags.add(new Tag(names.get(i++), value));
      }
      Tag[] array = tags.toArray(new Tag[0]);
      group
          .values()
          .forEach(
              (name, value) ->
                  next.put(
                      new MetricID(seriesName(group.kind(), group.collector(), name), array),
                      value));
    }
    values = next;
    sampledAt = System.currentTimeMillis();
    return next;
  }

  /** {@code osmosis_<kind>_collector_<collector, made valid>_<value>}. */
  static String seriesName(String kind, String collector, String value) {
    return "osmosis_" + kind + "_collector_" + valid(collector) + "_" + value;
  }

  /**
   * Label names from group-by names: a leading {@code $} dropped, characters outside {@code
   * [a-zA-Z0-9_]} replaced by {@code _}, a name starting with a digit or empty prefixed with {@code
   * p_}; a name equal to {@code collector}, {@code mp_scope} or to an earlier one gets {@code _}
   * and its position among the group-by names (from 1).
   */
  static List<String> labelNames(List<String> groupBy) {
    List<String> out = new ArrayList<>();
    Set<String> taken = new HashSet<>(Set.of("collector", "mp_scope"));
    for (int i = 0; i < groupBy.size(); i++) {
      String name =
          valid(groupBy.get(i).startsWith("$") ? groupBy.get(i).substring(1) : groupBy.get(i));
      if (name.isEmpty() || Character.isDigit(name.charAt(0)) || name.startsWith("__")) {
        name = "p_" + name;
      }
      if (!taken.add(name)) {
        name = name + "_" + (i + 1);
        taken.add(name);
      }
      out.add(name);
    }
    return out;
  }

  private static String valid(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_');
      out.append(ok ? c : '_');
    }
    return out.toString();
  }

  private static String help(MetricID id) {
    String name = id.getName();
    String collector = id.getTags().get("collector");
    String value = name.substring(name.lastIndexOf('_') + 1);
    String kind = name.startsWith("osmosis_session_") ? "session" : "topic";
    return "Metric collector "
        + collector
        + " ("
        + kind
        + "): "
        + switch (value) {
          case "sessions" -> "open sessions matching its filter, by group";
          case "queued" -> "messages queued to those sessions, by group";
          case "topics" -> "topics matching its selector, by group";
          case "subscriptions" -> "subscriptions to those topics, by group";
          case "updates" -> "updates of those topics (their update numbers summed), by group";
          default -> value;
        };
  }
}
