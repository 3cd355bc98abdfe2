package dev.osmosis.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One group of one collector, sampled: {@code kind} {@code "session"} or {@code "topic"}; {@code
 * labels} the group-by values in order (a session property name to its value; {@code "type"} to the
 * topic type, {@code "view"} to the topic view, {@code "path"} to the path prefix); {@code values}
 * metric name to value ({@code sessions}, {@code queued}; {@code topics}, {@code subscriptions},
 * {@code updates}).
 */
public record CollectorGroup(
    String kind, String collector, Map<String, String> labels, Map<String, Long> values) {

  public static final String SESSION = "session";
  public static final String TOPIC = "topic";

  public CollectorGroup {
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
