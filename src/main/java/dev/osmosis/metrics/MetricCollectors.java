package dev.osmosis.metrics;

import dev.osmosis.error.RequestException;
import dev.osmosis.filter.FilterSyntaxException;
import dev.osmosis.filter.SessionFilters;
import dev.osmosis.selector.SelectorSyntaxException;
import dev.osmosis.selector.TopicSelectors;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.wire.ErrorCode;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The server's metric collectors (Diffusion's {@code Metrics} feature): put (create or replace by
 * name), remove, list, and {@link #sample()}. A change is validated, stored ({@link
 * CollectorStorage}) and shared with the other nodes ({@link Sharing}) before it returns; a failure
 * to store or share is {@link ErrorCode#UNAVAILABLE} and nothing changed. Permissions
 * (CONTROL_SERVER to change, VIEW_SERVER to read) are checked by the callers: the admin API and the
 * connection layer. Thread safe: changes are serialised, reads and samples read one snapshot.
 */
public final class MetricCollectors {
  private static final System.Logger LOG = System.getLogger(MetricCollectors.class.getName());

  /** The longest collector name and group-by property name, in characters. */
  public static final int MAX_NAME_LENGTH = 256;

  /** The most group-by properties of one session collector. */
  public static final int MAX_GROUP_BY = 16;

  /** Hears every collector set this node adopts or changes to (the Prometheus export). */
  @FunctionalInterface
  public interface Listener {
    void changed(CollectorSet before, CollectorSet after);
  }

  /**
   * How changes are shared with the other nodes of a cluster (the grid's {@code GridCollectors}),
   * as {@code control.SecurityControl.Sharing} does for the security store.
   */
  public interface Sharing {
    /** No cluster: the change runs on this node's set, and nothing is shared. */
    Sharing ALONE = change -> change.apply(null);

    /**
     * Runs {@code change} once, excluding concurrent changes on every node, giving it the cluster's
     * latest set (null: none shared yet, this node's is the latest); then shares the set it
     * returns. If it throws, nothing is shared and the exception propagates.
     */
    CollectorSet change(UnaryOperator<CollectorSet> change);

    /** Connects the collectors the sharing adopts other nodes' changes into; once, at start. */
    default void attach(MetricCollectors collectors) {}
  }

  private final AtomicReference<CollectorSet> current = new AtomicReference<>(CollectorSet.EMPTY);
  private final CollectorStorage storage;
  private final SessionFilters filters;
  private final TopicSelectors selectors;
  private final MetricSettings settings;
  private final CollectorSampler sampler;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile Sharing sharing = Sharing.ALONE;

  public MetricCollectors(
      SessionRegistry sessions,
      TopicTree topics,
      SessionFilters filters,
      TopicSelectors selectors,
      MetricSettings settings,
      CollectorStorage storage) {
    this.filters = Objects.requireNonNull(filters, "filters");
    this.selectors = Objects.requireNonNull(selectors, "selectors");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.storage = Objects.requireNonNull(storage, "storage");
    this.sampler = new CollectorSampler(sessions, topics, filters, selectors, settings);
  }

  /**
   * Loads the stored collectors, if any (at start, before the server takes sessions). A stored
   * collector that no longer validates (a setting lowered) is kept: it was valid when stored.
   *
   * @throws IllegalStateException if the storage cannot be read
   */
  public void load() {
    storage.load().ifPresent(set -> publish(current.get(), set));
  }

  /** Shares changes through {@code sharing} from now on (a clustered node, at start). */
  public void share(Sharing sharing) {
    this.sharing = Objects.requireNonNull(sharing, "sharing");
    sharing.attach(this);
  }

  /** Adds a listener of the collector sets this node changes to. */
  public void listen(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Creates or replaces (by name) a session metric collector. */
  public void putSessionCollector(SessionMetricCollector collector) {
    validate(collector);
    change(set -> checkLimit(set, set.hasSession(collector.name())).with(collector));
  }

  /** Removes a session metric collector; false when there was none (not an error). */
  public boolean removeSessionCollector(String name) {
    boolean[] removed = {false};
    change(
        set -> {
          removed[0] = name != null && set.hasSession(name);
          return removed[0] ? set.withoutSession(name) : set;
        });
    return removed[0];
  }

  /** The session metric collectors, in creation order. */
  public List<SessionMetricCollector> sessionCollectors() {
    return current.get().sessionCollectors();
  }

  /** Creates or replaces (by name) a topic metric collector. */
  public void putTopicCollector(TopicMetricCollector collector) {
    validate(collector);
    change(set -> checkLimit(set, set.hasTopic(collector.name())).with(collector));
  }

  /** Removes a topic metric collector; false when there was none (not an error). */
  public boolean removeTopicCollector(String name) {
    boolean[] removed = {false};
    change(
        set -> {
          removed[0] = name != null && set.hasTopic(name);
          return removed[0] ? set.withoutTopic(name) : set;
        });
    return removed[0];
  }

  /** The topic metric collectors, in creation order. */
  public List<TopicMetricCollector> topicCollectors() {
    return current.get().topicCollectors();
  }

  /** Both kinds, one snapshot. */
  public CollectorSet collectors() {
    return current.get();
  }

  /** Every collector's groups with their values, computed now. */
  public List<CollectorGroup> sample() {
    return samples().groups();
  }

  /** Every collector's groups computed now, with the number of groups left out by the limits. */
  public CollectorSamples samples() {
    return sampler.sample(current.get());
  }

  /** The groups of the collectors with {@code exportToPrometheus} only (the export). */
  public CollectorSamples exportedSamples() {
    CollectorSet set = current.get();
    return sampler.sample(
        new CollectorSet(
            set.sessionCollectors().stream()
                .filter(SessionMetricCollector::exportToPrometheus)
                .toList(),
            set.topicCollectors().stream()
                .filter(TopicMetricCollector::exportToPrometheus)
                .toList()));
  }

  /**
   * Adopts another node's set (no validation: that node validated it), after storing it if {@code
   * persist} (this node has a database of its own). {@code newer} is called under this node's lock
   * and answers null if the change is not newer than what this node has.
   *
   * @return whether a set was adopted
   */
  public boolean adopt(Supplier<CollectorSet> newer, boolean persist) {
    synchronized (this) {
      CollectorSet after = newer.get();
      if (after == null) {
        return false;
      }
      if (persist) {
        try {
          storage.replace(after);
        } catch (RuntimeException e) {
          LOG.log(
              System.Logger.Level.ERROR,
              "metric collectors from another node apply but could not be written to this node's"
                  + " database",
              e);
        }
      }
      publish(current.get(), after);
      return true;
    }
  }

  /**
   * Validates a session collector as {@link #putSessionCollector} does.
   *
   * @throws RequestException INVALID_ARGUMENT naming the field, with the filter parser's message
   */
  public void validate(SessionMetricCollector c) {
    Objects.requireNonNull(c, "collector");
    checkName(c.name());
    checkMaximumGroups(c.maximumGroups());
    if (c.sessionFilter() == null || c.sessionFilter().isEmpty()) {
      throw invalid("sessionFilter: a session filter is required");
    }
    try {
      filters.compile(c.sessionFilter());
    } catch (FilterSyntaxException e) {
      throw invalid("sessionFilter: " + e.getMessage());
    }
    if (c.groupByProperties().size() > MAX_GROUP_BY) {
      throw invalid(
          "groupByProperties: "
              + c.groupByProperties().size()
              + " properties, more than "
              + MAX_GROUP_BY);
    }
    Set<String> names = new HashSet<>();
    for (String property : c.groupByProperties()) {
      if (property == null || property.isEmpty()) {
        throw invalid("groupByProperties: a property name is empty");
      }
      if (property.length() > MAX_NAME_LENGTH) {
        throw invalid(
            "groupByProperties: a property name of "
                + property.length()
                + " characters, more than "
                + MAX_NAME_LENGTH);
      }
      if (!names.add(property)) {
        throw invalid("groupByProperties: \"" + property + "\" is named twice");
      }
    }
  }

  /**
   * Validates a topic collector as {@link #putTopicCollector} does.
   *
   * @throws RequestException INVALID_ARGUMENT naming the field, with the selector parser's message
   */
  public void validate(TopicMetricCollector c) {
    Objects.requireNonNull(c, "collector");
    checkName(c.name());
    checkMaximumGroups(c.maximumGroups());
    if (c.topicSelector() == null || c.topicSelector().isEmpty()) {
      throw invalid("topicSelector: a topic selector is required");
    }
    try {
      selectors.compile(c.topicSelector());
    } catch (SelectorSyntaxException e) {
      throw invalid("topicSelector: " + e.getMessage());
    }
    if (c.groupByPathPrefixParts() < 0) {
      throw invalid("groupByPathPrefixParts: must be 0 or more, was " + c.groupByPathPrefixParts());
    }
  }

  private void change(UnaryOperator<CollectorSet> change) {
    synchronized (this) {
      CollectorSet before = current.get();
      boolean[] published = {false};
      try {
        sharing.change(
            shared -> {
              CollectorSet after = apply(change, shared);
              published[0] = true;
              return after;
            });
      } catch (RuntimeException e) {
        if (published[0]) {
          undo(before);
        }
        if (e instanceof RequestException refused) {
          throw refused;
        }
        LOG.log(System.Logger.Level.WARNING, "metric collectors could not be shared", e);
        throw new RequestException(
            ErrorCode.UNAVAILABLE,
            "the metric collectors cannot be shared with the cluster now; nothing changed");
      }
    }
  }

  /** Puts {@code before} back after a change was stored here but could not be shared. */
  private void undo(CollectorSet before) {
    try {
      storage.replace(before);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "metric collectors: a change that could not be shared stays in this node's database",
          e);
    }
    publish(current.get(), before);
  }

  /** One change under this node's lock and the cluster's: returns the new set. */
  private CollectorSet apply(UnaryOperator<CollectorSet> change, CollectorSet shared) {
    CollectorSet before = current.get();
    CollectorSet after = change.apply(shared != null ? shared : before);
    if (after.equals(before) && shared == null) {
      return after;
    }
    try {
      storage.replace(after);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "metric collectors could not be stored", e);
      throw new RequestException(
          ErrorCode.UNAVAILABLE, "the metric collectors cannot be stored now; nothing changed");
    }
    publish(before, after);
    return after;
  }

  private void publish(CollectorSet before, CollectorSet after) {
    current.set(after);
    sampler.retain(after);
    for (Listener listener : listeners) {
      try {
        listener.changed(before, after);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a metric collector listener failed", e);
      }
    }
  }

  private CollectorSet checkLimit(CollectorSet set, boolean replaces) {
    if (!replaces && set.size() >= settings.maxCollectors()) {
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "there are "
              + set.size()
              + " metric collectors, the most osmosis.metrics.maxCollectors allows");
    }
    return set;
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw invalid("name: a collector name is required");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw invalid("name: " + name.length() + " characters, more than " + MAX_NAME_LENGTH);
    }
  }

  private static void checkMaximumGroups(int maximumGroups) {
    if (maximumGroups < 1) {
      throw invalid("maximumGroups: must be at least 1, was " + maximumGroups);
    }
  }

  private static RequestException invalid(String message) {
    return new RequestException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
