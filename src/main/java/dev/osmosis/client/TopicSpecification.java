package dev.osmosis.client;

import dev.osmosis.wire.SpecificationKeys;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A topic's type and properties (TOPICS.md "Specifications"). Immutable: {@link #withProperty}
 * returns a new specification. Property names and values are checked by the server when a topic is
 * added (error 4001 naming the problem); this class only refuses {@code null}s. Two specifications
 * are equal when type and properties are equal.
 */
public final class TopicSpecification {

  /** {@code true}/{@code false}: updates are sent as values, never as deltas. */
  public static final String PUBLISH_VALUES_ONLY = SpecificationKeys.PUBLISH_VALUES_ONLY;

  /**
   * {@code true}/{@code false}: no value is retained; subscribers get no initial value, clients
   * cache none.
   */
  public static final String DONT_RETAIN_VALUE = SpecificationKeys.DONT_RETAIN_VALUE;

  /** {@code true}/{@code false}. */
  public static final String TIDY_ON_UNSUBSCRIBE = SpecificationKeys.TIDY_ON_UNSUBSCRIBE;

  /**
   * {@code true}/{@code false}: the server also refuses values that would not reach every client
   * unchanged (a duplicate JSON member name, an unpaired surrogate, a JSON number beyond a double).
   */
  public static final String VALIDATE_VALUES = SpecificationKeys.VALIDATE_VALUES;

  /** {@code off}, {@code conflate} (default), {@code unsubscribe}, {@code always}. */
  public static final String CONFLATION = SpecificationKeys.CONFLATION;

  /** {@code low}, {@code default} (default), {@code high}. */
  public static final String PRIORITY = SpecificationKeys.PRIORITY;

  /** {@code $Principal is "name"}: that principal may read, update and modify the topic. */
  public static final String OWNER = SpecificationKeys.OWNER;

  /** {@code true}/{@code false}. */
  public static final String PERSISTENT = SpecificationKeys.PERSISTENT;

  /** A removal rule. */
  public static final String REMOVAL = SpecificationKeys.REMOVAL;

  /**
   * How many of its last updates the topic keeps for sessions that resume after missing them (0,
   * the default: none; at most the server's {@code osmosis.maxTopicHistory}). docs/TOPICS.md.
   */
  public static final String HISTORY_SIZE = SpecificationKeys.HISTORY_SIZE;

  /** How long (ms) a kept update counts for a replay; 0 (default): as long as it is kept. */
  public static final String HISTORY_TTL = SpecificationKeys.HISTORY_TTL;

  /**
   * {@code default} or {@code acked}: an acked topic keeps every update a sequenced session has not
   * acknowledged (up to the server's {@code osmosis.maxAckedBacklog}), so a session that resumes,
   * on its server or another, gets every update it missed; implies {@code CONFLATION off}.
   * docs/TOPICS.md "Acked delivery".
   */
  public static final String DELIVERY = SpecificationKeys.DELIVERY;

  /** {@code off} (default), {@code low}, {@code medium}, {@code high}. docs/TOPICS.md. */
  public static final String COMPRESSION = SpecificationKeys.COMPRESSION;

  /**
   * A JSON topic's JSON Schema (a subset, docs/TOPICS.md "SCHEMA"): the server refuses an update
   * that does not match it (4001).
   */
  public static final String SCHEMA = SpecificationKeys.SCHEMA;

  private final TopicType type;
  private final Map<String, String> properties;

  private TopicSpecification(TopicType type, Map<String, String> properties) {
    this.type = type;
    this.properties = properties;
  }

  /** A specification of the type without properties. */
  public static TopicSpecification of(TopicType type) {
    return new TopicSpecification(Objects.requireNonNull(type, "type"), Map.of());
  }

  /** A specification of the type with these properties (copied). */
  public static TopicSpecification of(TopicType type, Map<String, String> properties) {
    return of(type).withProperties(properties);
  }

  /** This specification with one more property, or one replaced. */
  public TopicSpecification withProperty(String name, String value) {
    return withProperties(
        Map.of(
            Objects.requireNonNull(name, "name"),
            Objects.requireNonNull(value, () -> "the value of " + name)));
  }

  /** This specification with more properties, or some replaced. */
  public TopicSpecification withProperties(Map<String, String> more) {
    Map<String, String> copy = new TreeMap<>(properties);
    for (Map.Entry<String, String> entry : Objects.requireNonNull(more, "properties").entrySet()) {
      String name = Objects.requireNonNull(entry.getKey(), "a property name");
      copy.put(name, Objects.requireNonNull(entry.getValue(), () -> "the value of " + name));
    }
    return new TopicSpecification(type, Collections.unmodifiableMap(copy));
  }

  /** The topic type. */
  public TopicType getType() {
    return type;
  }

  /** The properties, sorted by name (unmodifiable). */
  public Map<String, String> getProperties() {
    return properties;
  }

  /** True if the property is set to {@code true} (ignoring case). */
  boolean isTrue(String name) {
    return "true".equalsIgnoreCase(properties.get(name));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TopicSpecification)) {
      return false;
    }
    TopicSpecification other = (TopicSpecification) o;
    return type == other.type && properties.equals(other.properties);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + properties.hashCode();
  }

  @Override
  public String toString() {
    return type + (properties.isEmpty() ? "" : " " + properties);
  }
}
