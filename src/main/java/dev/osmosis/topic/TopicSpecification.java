package dev.osmosis.topic;

import dev.osmosis.filter.FilterSyntaxException;
import dev.osmosis.filter.SessionFilter;
import dev.osmosis.wire.SpecificationKeys;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A topic's type and properties, validated on construction. Property names and values follow
 * Diffusion's; an unknown name or a bad value is an {@link InvalidSpecificationException}. Two
 * specifications are equal when their types and property maps are equal, which is how {@link
 * TopicTree#add} tells EXISTS from a conflict. Immutable.
 *
 * <p>What each property does, and which issue enforces it, is in {@code docs/TOPICS.md}; the tree
 * enforces {@link #DONT_RETAIN_VALUE} and {@link #PUBLISH_VALUES_ONLY} now.
 */
public final class TopicSpecification {

  /** {@code "true"}: subscribers get whole values, never deltas. */
  public static final String PUBLISH_VALUES_ONLY = SpecificationKeys.PUBLISH_VALUES_ONLY;

  /** {@code "true"}: a stateless topic, no cached value and no initial value for subscribers. */
  public static final String DONT_RETAIN_VALUE = SpecificationKeys.DONT_RETAIN_VALUE;

  /** {@code "true"}: unsubscribing removes the topic's client-side cache entry. */
  public static final String TIDY_ON_UNSUBSCRIBE = SpecificationKeys.TIDY_ON_UNSUBSCRIBE;

  /**
   * {@code "true"}: on top of the checks every value passes, an update must survive every client
   * unchanged (no duplicate JSON member name, no unpaired surrogate, no JSON number beyond a
   * double's range: {@code StrictValues}); refused otherwise, the topic keeping its value.
   */
  public static final String VALIDATE_VALUES = SpecificationKeys.VALIDATE_VALUES;

  /** {@code off}, {@code conflate}, {@code unsubscribe} or {@code always}. */
  public static final String CONFLATION = SpecificationKeys.CONFLATION;

  /** {@code low}, {@code default} or {@code high}. */
  public static final String PRIORITY = SpecificationKeys.PRIORITY;

  /** {@code $Principal is "name"}: that principal may read, update and modify the topic. */
  public static final String OWNER = SpecificationKeys.OWNER;

  /** {@code "true"}: kept across restarts (enforced by the persistence issue). */
  public static final String PERSISTENT = SpecificationKeys.PERSISTENT;

  /**
   * A removal policy in Diffusion's language, such as {@code when no updates for 10m}; parsed into
   * a {@link RemovalPolicy} here (a syntax error is a {@link RemovalSyntaxException} naming the
   * position) and enforced by {@code dev.osmosis.subscribe.TopicExpiry}.
   */
  public static final String REMOVAL = SpecificationKeys.REMOVAL;

  /**
   * How many of its last updates the topic keeps, with their sequence numbers, to replay to a
   * session that resumes after missing them (docs/TOPICS.md "History"): a non-negative integer, 0
   * (the default) for none. A server refuses more than its {@code osmosis.maxTopicHistory}; the
   * specification alone refuses more than {@link #MAX_HISTORY_SIZE}.
   */
  public static final String HISTORY_SIZE = SpecificationKeys.HISTORY_SIZE;

  /**
   * How long, in milliseconds, a kept update counts for a replay (a non-negative integer; 0, the
   * default, for as long as {@link #HISTORY_SIZE} keeps it).
   */
  public static final String HISTORY_TTL = SpecificationKeys.HISTORY_TTL;

  /**
   * {@code default} or {@code acked} (docs/TOPICS.md "Acked delivery"): an acked topic keeps every
   * update a subscribed sequenced session has not acknowledged, up to the server's {@code
   * osmosis.maxAckedBacklog}, so a resuming session (on this node or, after fail-over, another) is
   * replayed every update it missed. Implies {@code CONFLATION off}; any other conflation, or a
   * {@link #HISTORY_TTL}, is invalid with it.
   */
  public static final String DELIVERY = SpecificationKeys.DELIVERY;

  /**
   * {@code off} (Osmosis's default), {@code low}, {@code medium}, {@code high}, or the older {@code
   * true} ({@code medium}) and {@code false} ({@code off}): Diffusion's per-topic compression
   * policy. Validated and kept; what Osmosis does with it is in docs/TOPICS.md "COMPRESSION".
   */
  public static final String COMPRESSION = SpecificationKeys.COMPRESSION;

  /**
   * A JSON topic's JSON Schema (a subset: {@link JsonSchema}), compiled when the specification is
   * built (an unsupported or malformed schema is an {@link InvalidSpecificationException} naming
   * the JSON pointer); every update must conform or is refused, the topic keeping its value.
   */
  public static final String SCHEMA = SpecificationKeys.SCHEMA;

  /** The largest {@link #HISTORY_SIZE} a specification accepts. */
  public static final int MAX_HISTORY_SIZE = 1_000_000;

  /** Every property name accepted, in a stable order. */
  public static final List<String> PROPERTY_NAMES =
      List.of(
          PUBLISH_VALUES_ONLY,
          DONT_RETAIN_VALUE,
          TIDY_ON_UNSUBSCRIBE,
          VALIDATE_VALUES,
          CONFLATION,
          PRIORITY,
          OWNER,
          PERSISTENT,
          REMOVAL,
          HISTORY_SIZE,
          HISTORY_TTL,
          DELIVERY,
          COMPRESSION,
          SCHEMA);

  private static final List<String> BOOLEANS =
      List.of(
          PUBLISH_VALUES_ONLY, DONT_RETAIN_VALUE, TIDY_ON_UNSUBSCRIBE, VALIDATE_VALUES, PERSISTENT);
  private static final List<String> CONFLATIONS =
      List.of("off", "conflate", "unsubscribe", "always");
  private static final List<String> PRIORITIES = List.of("low", "default", "high");
  private static final List<String> DELIVERIES = List.of("default", "acked");
  private static final List<String> COMPRESSIONS =
      List.of("off", "low", "medium", "high", "true", "false");
  private static final String PRINCIPAL = "$Principal";

  private final TopicType type;
  private final Map<String, String> properties;
  private final String owner;
  private final boolean dontRetainValue;
  private final boolean publishValuesOnly;
  private final RemovalPolicy removal;
  private final int historySize;
  private final long historyTtl;
  private final boolean acked;
  private final boolean persistent;
  private final boolean validateValues;
  private final JsonSchema schema;

  /**
   * @throws InvalidSpecificationException if a property name is unknown or a value is invalid
   */
  public TopicSpecification(TopicType type, Map<String, String> properties) {
    this.type = Objects.requireNonNull(type, "type");
    TreeMap<String, String> copy = new TreeMap<>();
    String ownerName = null;
    for (Map.Entry<String, String> e : properties.entrySet()) {
      String name = Objects.requireNonNull(e.getKey(), "property name");
      String value = Objects.requireNonNull(e.getValue(), () -> "value of property " + name);
      if (name.equals(OWNER)) {
        ownerName = owner(value);
      } else {
        check(name, value);
      }
      copy.put(name, value);
    }
    this.properties = Collections.unmodifiableMap(copy);
    this.owner = ownerName;
    this.dontRetainValue = "true".equals(copy.get(DONT_RETAIN_VALUE));
    this.publishValuesOnly = "true".equals(copy.get(PUBLISH_VALUES_ONLY));
    String removalText = copy.get(REMOVAL);
    this.removal = removalText == null ? null : RemovalPolicy.parse(removalText);
    this.historySize = (int) number(copy, HISTORY_SIZE, MAX_HISTORY_SIZE);
    this.historyTtl = number(copy, HISTORY_TTL, Long.MAX_VALUE);
    this.acked = "acked".equals(copy.get(DELIVERY));
    this.persistent = !"false".equals(copy.get(PERSISTENT));
    this.validateValues = "true".equals(copy.get(VALIDATE_VALUES));
    String schemaText = copy.get(SCHEMA);
    if (schemaText != null && type != TopicType.JSON) {
      throw new InvalidSpecificationException(
          "property SCHEMA applies to JSON topics only, not to " + type + " topics");
    }
    this.schema = schemaText == null ? null : JsonSchema.parse(schemaText);
    if (acked) {
      String conflation = copy.getOrDefault(CONFLATION, "off");
      if (!conflation.equals("off")) {
        throw new InvalidSpecificationException(
            "property CONFLATION must be off with DELIVERY acked (an acked topic sends every"
                + " update), was "
                + TopicPath.quote(conflation));
      }
      if (historyTtl != 0) {
        throw new InvalidSpecificationException(
            "property HISTORY_TTL must be 0 with DELIVERY acked (an update is kept until it is"
                + " acknowledged), was "
                + historyTtl);
      }
    }
  }

  private static long number(Map<String, String> properties, String name, long max) {
    String text = properties.get(name);
    if (text == null) {
      return 0;
    }
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 0 || value > max || !text.equals(Long.toString(value))) {
      throw new InvalidSpecificationException(
          String.format(
              "property %s must be an integer from 0 to %d, was %s",
              name, max, TopicPath.quote(text)));
    }
    return value;
  }

  /** A specification with no properties. */
  public static TopicSpecification of(TopicType type) {
    return new TopicSpecification(type, Map.of());
  }

  /** A copy with one more (or a replaced) property. */
  public TopicSpecification withProperty(String name, String value) {
    TreeMap<String, String> copy = new TreeMap<>(properties);
    copy.put(name, value);
    return new TopicSpecification(type, copy);
  }

  private static void check(String name, String value) {
    if (BOOLEANS.contains(name)) {
      oneOf(name, value, List.of("true", "false"));
    } else if (name.equals(CONFLATION)) {
      oneOf(name, value, CONFLATIONS);
    } else if (name.equals(PRIORITY)) {
      oneOf(name, value, PRIORITIES);
    } else if (name.equals(DELIVERY)) {
      oneOf(name, value, DELIVERIES);
    } else if (name.equals(COMPRESSION)) {
      oneOf(name, value, COMPRESSIONS);
    } else if (name.equals(REMOVAL)
        || name.equals(HISTORY_SIZE)
        || name.equals(HISTORY_TTL)
        || name.equals(SCHEMA)) {
      return; // parsed once into their fields by the constructor
    } else {
      throw new InvalidSpecificationException(
          "unknown topic property "
              + TopicPath.quote(name)
              + "; known properties are "
              + String.join(", ", PROPERTY_NAMES));
    }
  }

  private static void oneOf(String name, String value, List<String> allowed) {
    if (!allowed.contains(value)) {
      throw new InvalidSpecificationException(
          String.format(
              "property %s must be one of %s, was %s",
              name, String.join(", ", allowed), TopicPath.quote(value)));
    }
  }

  /** Parses {@code $Principal is "name"} with the session filter parser; nothing else passes. */
  private static String owner(String value) {
    SessionFilter filter;
    try {
      filter = SessionFilter.parse(value);
    } catch (FilterSyntaxException e) {
      throw new InvalidSpecificationException(
          "property OWNER must be $Principal is \"name\": " + e.getMessage());
    }
    if (filter instanceof SessionFilter.Equals
        && ((SessionFilter.Equals) filter).key().equals(PRINCIPAL)) {
      return ((SessionFilter.Equals) filter).value();
    }
    throw new InvalidSpecificationException(
        "property OWNER must be $Principal is \"name\", was " + TopicPath.quote(value));
  }

  public TopicType type() {
    return type;
  }

  /** The properties as given, sorted by name; unmodifiable. */
  public Map<String, String> properties() {
    return properties;
  }

  /** Returns the property's value, or {@code null} when it is not set. */
  public String property(String name) {
    return properties.get(name);
  }

  /** The principal named by {@link #OWNER}, or {@code null} when the topic has no owner. */
  public String owner() {
    return owner;
  }

  /** The compiled {@link #REMOVAL} policy, or {@code null} when the topic has none. */
  public RemovalPolicy removal() {
    return removal;
  }

  /** The {@link #HISTORY_SIZE}: updates kept, 0 for none. */
  public int historySize() {
    return historySize;
  }

  /** The {@link #HISTORY_TTL} in milliseconds, 0 for no expiry. */
  public long historyTtl() {
    return historyTtl;
  }

  public boolean dontRetainValue() {
    return dontRetainValue;
  }

  public boolean publishValuesOnly() {
    return publishValuesOnly;
  }

  /**
   * Whether the topic survives a restart ({@link #PERSISTENT}): true unless the property says
   * {@code false}, Diffusion's default (docs/PERSISTENCE.md).
   */
  public boolean persistent() {
    return persistent;
  }

  /** Whether {@link #VALIDATE_VALUES} is {@code true}. */
  public boolean validateValues() {
    return validateValues;
  }

  /** Whether the topic has a {@link #SCHEMA}. */
  public boolean hasSchema() {
    return schema != null;
  }

  /**
   * The {@link #COMPRESSION} policy as one of {@code off}, {@code low}, {@code medium}, {@code
   * high} ({@code true} reads as {@code medium}, {@code false} as {@code off}); {@code off} when
   * not set.
   */
  public String compression() {
    String value = properties.getOrDefault(COMPRESSION, "off");
    return switch (value) {
      case "true" -> "medium";
      case "false" -> "off";
      default -> value;
    };
  }

  /**
   * Checks a value of this specification's type against {@link #VALIDATE_VALUES} and {@link
   * #SCHEMA}, when set; {@code parsed} is the value's JSON-P form when the caller has it (else
   * null: parsed here if a schema needs it). Called by {@code subscribe.TopicControl} on every
   * update from a client or the admin API, before the value reaches the topic (or the grid).
   *
   * @throws InvalidValueException naming the topic and the problem
   */
  public void validate(String path, TopicValue value, jakarta.json.JsonValue parsed) {
    if (validateValues) {
      String problem = StrictValues.problem(value);
      if (problem != null) {
        throw new InvalidValueException(
            "value for " + type + " topic " + path + " " + problem + " (VALIDATE_VALUES)");
      }
    }
    if (schema != null && value instanceof TopicValue.OfJson json) {
      jakarta.json.JsonValue document = parsed;
      if (document == null) {
        try {
          document = JsonSupport.parse(json.text());
        } catch (JsonSupport.Malformed e) {
          throw new IllegalStateException("a validated JSON value no longer parses", e);
        }
      }
      String violation = schema.violation(document);
      if (violation != null) {
        throw new InvalidValueException(
            "value for JSON topic " + path + " does not match its SCHEMA " + violation);
      }
    }
  }

  /** Whether {@link #DELIVERY} is {@code acked}. */
  public boolean acked() {
    return acked;
  }

  /**
   * The {@link #CONFLATION} setting, {@code "conflate"} when not set (Diffusion's default), {@code
   * "off"} for an acked topic.
   */
  public String conflation() {
    return properties.getOrDefault(CONFLATION, acked ? "off" : "conflate");
  }

  /** The {@link #PRIORITY} setting, {@code "default"} when not set. */
  public String priority() {
    return properties.getOrDefault(PRIORITY, "default");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopicSpecification
        && ((TopicSpecification) o).type == type
        && ((TopicSpecification) o).properties.equals(properties);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + properties.hashCode();
  }

  @Override
  public String toString() {
    return properties.isEmpty() ? type.toString() : type + " " + properties;
  }
}
