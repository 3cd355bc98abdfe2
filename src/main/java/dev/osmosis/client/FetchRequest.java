package dev.osmosis.client;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A fetch query (TOPICS.md "Fetch", PROTOCOL.md §9 "Fetch"), from {@link Session#fetchRequest()}:
 * an immutable builder whose methods each return a new request, and {@link #fetch} to run it. A
 * fetch reads the current state of the matching topics the session may read (READ_TOPIC, and
 * SELECT_TOPIC at the selector's prefix); it subscribes to nothing.
 *
 * <p>Paths are ordered segment by segment ({@code a < a/b < a/b/c < a/c < a-b < b}); the range
 * methods bound that order and results come in it. {@link #first} and {@link #last} are
 * alternatives (the later call wins), as are {@link #from}/{@link #after} and {@link #to}/{@link
 * #before}. Limits left out are the server's: at most 1 MiB of results ({@link
 * #maximumResultSize}).
 *
 * <pre>{@code
 * FetchResult result = session.fetchRequest()
 *     .from("prices/A").before("prices/M")
 *     .withValues(JsonValue.class)
 *     .first(10)
 *     .fetch("?prices/.*").get();
 * }</pre>
 */
public final class FetchRequest {

  private final Connection connection;
  private final String lower;
  private final boolean lowerInclusive;
  private final String upper;
  private final boolean upperInclusive;
  private final Set<TopicType> types;
  private final Class<?> values;
  private final boolean properties;
  private final int first;
  private final int last;
  private final long maximumResultSize;
  private final int deepBranchDepth;
  private final int deepBranchLimit;

  FetchRequest(Connection connection) {
    this(connection, null, true, null, true, Set.of(), null, false, 0, 0, 0, 0, 0);
  }

  private FetchRequest(
      Connection connection,
      String lower,
      boolean lowerInclusive,
      String upper,
      boolean upperInclusive,
      Set<TopicType> types,
      Class<?> values,
      boolean properties,
      int first,
      int last,
      long maximumResultSize,
      int deepBranchDepth,
      int deepBranchLimit) {
    this.connection = connection;
    this.lower = lower;
    this.lowerInclusive = lowerInclusive;
    this.upper = upper;
    this.upperInclusive = upperInclusive;
    this.types = types;
    this.values = values;
    this.properties = properties;
    this.first = first;
    this.last = last;
    this.maximumResultSize = maximumResultSize;
    this.deepBranchDepth = deepBranchDepth;
    this.deepBranchLimit = deepBranchLimit;
  }

  /** Only topics at or after the path. */
  public FetchRequest from(String path) {
    return new FetchRequest(
        connection,
        Objects.requireNonNull(path, "path"),
        true,
        upper,
        upperInclusive,
        types,
        values,
        properties,
        first,
        last,
        maximumResultSize,
        deepBranchDepth,
        deepBranchLimit);
  }

  /** Only topics strictly after the path. */
  public FetchRequest after(String path) {
    return new FetchRequest(
        connection,
        Objects.requireNonNull(path, "path"),
        false,
        upper,
        upperInclusive,
        types,
        values,
        properties,
        first,
        last,
        maximumResultSize,
        deepBranchDepth,
        deepBranchLimit);
  }

  /** Only topics at or before the path. */
  public FetchRequest to(String path) {
    return new FetchRequest(
        connection,
        lower,
        lowerInclusive,
        Objects.requireNonNull(path, "path"),
        true,
        types,
        values,
        properties,
        first,
        last,
        maximumResultSize,
        deepBranchDepth,
        deepBranchLimit);
  }

  /** Only topics strictly before the path. */
  public FetchRequest before(String path) {
    return new FetchRequest(
        connection,
        lower,
        lowerInclusive,
        Objects.requireNonNull(path, "path"),
        false,
        types,
        values,
        properties,
        first,
        last,
        maximumResultSize,
        deepBranchDepth,
        deepBranchLimit);
  }

  /** Only topics of these types (an empty set: every type, the default). */
  public FetchRequest topicTypes(Set<TopicType> topicTypes) {
    Set<TopicType> copy =
        topicTypes.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(
                EnumSet.copyOf(Objects.requireNonNull(topicTypes, "topicTypes")));
    return new FetchRequest(
        connection,
        lower,
        lowerInclusive,
        upper,
        upperInclusive,
        copy,
        values,
        properties,
        first,
        last,
        maximumResultSize,
        deepBranchDepth,
        deepBranchLimit);
  }

  /**
   * Fetches values too, and only topics of the class's type ({@link TopicType#forClass}); {@code
   * Object.class} fetches the values of topics of every type.
   *
   * @throws IllegalArgumentException for a class that is no topic type's value class
   */
  public FetchRequest withValues(Class<?> type) {
    if (Objects.requireNonNull(type, "type") != Object.class) {
      TopicType.forClass(type);
    }
    return new FetchRequest(
        connection,
        lower,
        lowerInclusive,
        upper,
        upperInclusive,
        types,
        type,
        properties,
        first,
        last,
        maximumResultSize,
        deepBranchDepth,
        deepBranchLimit);
  }

  /**
   * Each result carries its topic's properties too ({@link
   * FetchResult.TopicResult#specification()}).
   */
  public FetchRequest withProperties() {
    return new FetchRequest(
        connection,
        lower,
        lowerInclusive,
        upper,
        upperInclusive,
        types,
        values,
        true,
        first,
        last,
        maximumResultSize,
        deepBranchDepth,
        deepBranchLimit);
  }

  /**
   * At most {@code n} results, from the start of the range; {@link FetchResult#hasMore()} tells if
   * more matched.
   */
  public FetchRequest first(int n) {
    return new FetchRequest(
        connection,
        lower,
        lowerInclusive,
        upper,
        upperInclusive,
        types,
        values,
        properties,
        positive(n, "n"),
        0,
        maximumResultSize,
        deepBranchDepth,
        deepBranchLimit);
  }

  /** At most {@code n} results, from the end of the range (still returned in path order). */
  public FetchRequest last(int n) {
    return new FetchRequest(
        connection,
        lower,
        lowerInclusive,
        upper,
        upperInclusive,
        types,
        values,
        properties,
        0,
        positive(n, "n"),
        maximumResultSize,
        deepBranchDepth,
        deepBranchLimit);
  }

  /**
   * At most this many bytes of results (the UTF-8 of each path and value as the server sends them);
   * the result stops before the one that would pass it and says {@link FetchResult#hasMore()}. The
   * server caps it at 1 MiB.
   */
  public FetchRequest maximumResultSize(long bytes) {
    return new FetchRequest(
        connection,
        lower,
        lowerInclusive,
        upper,
        upperInclusive,
        types,
        values,
        properties,
        first,
        last,
        positive(bytes, "bytes"),
        deepBranchDepth,
        deepBranchLimit);
  }

  /**
   * At most {@code count} results in each branch whose root has {@code depth} segments: topics with
   * fewer segments are not limited. With {@link #last} the count is taken from the end of each
   * branch.
   */
  public FetchRequest limitDeepBranches(int depth, int count) {
    return new FetchRequest(
        connection,
        lower,
        lowerInclusive,
        upper,
        upperInclusive,
        types,
        values,
        properties,
        first,
        last,
        maximumResultSize,
        (int) positive(depth, "depth"),
        (int) positive(count, "count"));
  }

  /**
   * Runs the query for the topics the selector matches. Fails with a {@link SessionException}:
   * {@code 4001} a bad selector or bound path, {@code 3001} SELECT_TOPIC missing at the selector's
   * prefix; with a {@link SessionClosedException} if the session closes first.
   */
  public CompletableFuture<FetchResult> fetch(String selector) {
    return connection.request("fetch", fields(selector)).thenApply(FetchResult::from);
  }

  /** The request's fields as sent (package-private for tests). */
  Map<String, Object> fields(String selector) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("selector", Objects.requireNonNull(selector, "selector"));
    if (lower != null) {
      fields.put(lowerInclusive ? "from" : "after", lower);
    }
    if (upper != null) {
      fields.put(upperInclusive ? "to" : "before", upper);
    }
    if (!types.isEmpty()) {
      fields.put(
          "types",
          types.stream().map(Enum::name).sorted().collect(java.util.stream.Collectors.toList()));
    }
    if (values != null) {
      fields.put(
          "values",
          values == Object.class ? (Object) Boolean.TRUE : TopicType.forClass(values).name());
    }
    if (properties) {
      fields.put("properties", true);
    }
    if (first > 0) {
      fields.put("first", first);
    }
    if (last > 0) {
      fields.put("last", last);
    }
    if (maximumResultSize > 0) {
      fields.put("maxResultSize", maximumResultSize);
    }
    if (deepBranchDepth > 0) {
      fields.put("deepBranchDepth", deepBranchDepth);
      fields.put("deepBranchLimit", deepBranchLimit);
    }
    return fields;
  }

  private static long positive(long n, String name) {
    if (n < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + n);
    }
    return n;
  }

  private static int positive(int n, String name) {
    return (int) positive((long) n, name);
  }

  @Override
  public String toString() {
    return "FetchRequest"
        + fields("<selector>").entrySet().stream()
            .skip(1)
            .map(Object::toString)
            .collect(java.util.stream.Collectors.toList());
  }
}
