package dev.osmosis.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answer to a {@link FetchRequest}: the results in path order and whether limits left matching
 * topics out.
 */
public final class FetchResult {

  private final List<TopicResult> results;
  private final boolean hasMore;

  private FetchResult(List<TopicResult> results, boolean hasMore) {
    this.results = results;
    this.hasMore = hasMore;
  }

  /** The results, in path order (unmodifiable). */
  public List<TopicResult> results() {
    return results;
  }

  /**
   * True if {@link FetchRequest#first}, {@link FetchRequest#last} or the size limit left out topics
   * that matched ({@link FetchRequest#limitDeepBranches} does not count).
   */
  public boolean hasMore() {
    return hasMore;
  }

  static FetchResult from(Map<String, Object> ok) {
    List<TopicResult> results = new ArrayList<>();
    Object list = ok.get("results");
    if (list instanceof List) {
      for (Object element : (List<?>) list) {
        if (element instanceof Map) {
          @SuppressWarnings("unchecked")
          Map<String, Object> fields = (Map<String, Object>) element;
          Optional<TopicType> type = TopicType.fromName(Messages.string(fields, "type", ""));
          if (type.isPresent()) { // a type this client does not know is skipped
            results.add(
                new TopicResult(
                    Messages.string(fields, "path", ""),
                    TopicSpecification.of(type.get(), Messages.stringMap(fields, "properties")),
                    fields.containsKey("v"),
                    fields.get("v")));
          }
        }
      }
    }
    return new FetchResult(
        Collections.unmodifiableList(results), Boolean.TRUE.equals(ok.get("hasMore")));
  }

  @Override
  public String toString() {
    return "FetchResult" + results + (hasMore ? " (more)" : "");
  }

  /** One fetched topic. Immutable. */
  public static final class TopicResult {
    private final String path;
    private final TopicSpecification specification;
    private final boolean hasValue;
    private final Object wire;

    TopicResult(String path, TopicSpecification specification, boolean hasValue, Object wire) {
      this.path = path;
      this.specification = specification;
      this.hasValue = hasValue;
      this.wire = wire;
    }

    public String path() {
      return path;
    }

    public TopicType type() {
      return specification.getType();
    }

    /** The type and, if {@link FetchRequest#withProperties()} was asked for, the properties. */
    public TopicSpecification specification() {
      return specification;
    }

    /**
     * The value as the class of the topic's type; {@code null} if values were not asked for or the
     * topic has none (never set, or {@code DONT_RETAIN_VALUE}).
     *
     * @throws IllegalArgumentException if the class is not the value class of the topic's type
     */
    public <V> V value(Class<V> type) {
      if (TopicType.forClass(type) != type()) {
        throw new IllegalArgumentException(
            path
                + " is a "
                + type()
                + " topic; its values are "
                + type().valueClass().getSimpleName());
      }
      return hasValue ? type.cast(TopicValues.fromWire(type(), wire)) : null;
    }

    @Override
    public String toString() {
      return path + " " + specification + (hasValue ? " = " + Json.write(wire) : "");
    }
  }
}
