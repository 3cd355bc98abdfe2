package dev.osmosis.subscribe;

import dev.osmosis.cluster.SessionDirectory;
import dev.osmosis.filter.SessionFilter;
import dev.osmosis.selector.TopicSelectors;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.sweep.Sweep;
import dev.osmosis.topic.RemovalPolicy;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicListener;
import dev.osmosis.topic.TopicMatcher;
import dev.osmosis.topic.TopicTree;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;

/**
 * Enforces topics' {@link dev.osmosis.topic.TopicSpecification#REMOVAL} policies. Only topics with
 * a policy are tracked (indexed as the tree adds and removes them), so a {@link #sweep} costs in
 * proportion to those, plus one pass over the open sessions per distinct {@code no session has}
 * filter. The platform calls {@link #sweep} about once a second; {@code this session closes} is
 * evaluated at once when the creating session closes.
 *
 * <p>Times come from the injected {@link Clock} (the tree's topics record creation and update times
 * by the same clock), so tests drive time by hand. "For P" on {@code subscriptions <} and {@code no
 * session has} is measured from the first sweep that observed the condition (the creation, for a
 * topic added with too few subscriptions), so removal is at most one sweep late; {@code no updates
 * for P} is measured from the last update exactly. In an {@code and}, a {@code time after T} moves
 * the start of its siblings' {@code after}/{@code for} periods from the creation to T, as Diffusion
 * documents.
 *
 * <p>A policy fires once: it removes the topics of its {@code remove} selector (default: the topic
 * itself) and is then retired, even if the topic itself was not removed. Thread-safe.
 */
public final class TopicExpiry implements TopicListener, Sweep {
  private static final System.Logger LOG = System.getLogger(TopicExpiry.class.getName());
  private static final long NEVER = Long.MIN_VALUE;

  private final TopicTree tree;
  private final SessionRegistry registry;
  private final TopicSelectors selectors;
  private final Clock clock;
  private final ConcurrentHashMap<Long, Tracked> tracked = new ConcurrentHashMap<>();
  private final ToIntFunction<TopicMatcher> remover;

  /** Every node's sessions in a cluster (docs/CLUSTER.md "Topics"); null on one node. */
  private final SessionDirectory directory;

  /** Every node's subscriber counts in a cluster; null on one node. */
  private final SubscriberCounts counts;

  /** Registers with the tree: create this before topics with policies are added. */
  public TopicExpiry(
      TopicTree tree, SessionRegistry registry, TopicSelectors selectors, Clock clock) {
    this(tree, registry, selectors, clock, matcher -> tree.remove(matcher).size(), null, null);
  }

  /**
   * As {@link #TopicExpiry(TopicTree, SessionRegistry, TopicSelectors, Clock)}, removing through
   * {@code replication} (in a cluster, the removal reaches every node).
   */
  public TopicExpiry(
      TopicTree tree,
      SessionRegistry registry,
      TopicSelectors selectors,
      Clock clock,
      TopicReplication replication) {
    this(tree, registry, selectors, clock, replication::remove, null, null);
  }

  /**
   * As {@link #TopicExpiry(TopicTree, SessionRegistry, TopicSelectors, Clock, TopicReplication)},
   * on a node of a cluster: {@code no session has} counts the sessions of every node ({@code
   * directory}), and {@code this session closes} of a topic added by a session of another node
   * holds once the directory no longer lists that session (it closed, or its node left).
   */
  public TopicExpiry(
      TopicTree tree,
      SessionRegistry registry,
      TopicSelectors selectors,
      Clock clock,
      TopicReplication replication,
      SessionDirectory directory) {
    this(tree, registry, selectors, clock, replication::remove, directory, null);
  }

  /**
   * As {@link #TopicExpiry(TopicTree, SessionRegistry, TopicSelectors, Clock, TopicReplication,
   * SessionDirectory)}, and {@code subscriptions <} (not {@code local}) counts the subscribers of
   * every node: this node publishes its count of such topics at each sweep ({@code counts}, only
   * when it changed) and adds the other nodes' last published counts.
   */
  public TopicExpiry(
      TopicTree tree,
      SessionRegistry registry,
      TopicSelectors selectors,
      Clock clock,
      TopicReplication replication,
      SessionDirectory directory,
      SubscriberCounts counts) {
    this(tree, registry, selectors, clock, replication::remove, directory, counts);
  }

  private TopicExpiry(
      TopicTree tree,
      SessionRegistry registry,
      TopicSelectors selectors,
      Clock clock,
      ToIntFunction<TopicMatcher> remover,
      SessionDirectory directory,
      SubscriberCounts counts) {
    this.remover = remover;
    this.directory = directory;
    this.counts = counts;
    this.tree = tree;
    this.registry = registry;
    this.selectors = selectors;
    this.clock = clock;
    tree.addListener(this);
  }

  /** A tracked topic and the state its continuous ("for P") conditions need. */
  private static final class Tracked {
    final Topic topic;
    final RemovalPolicy policy;
    final int clusterCap; // the greatest n of its cluster-wide "subscriptions < n"; 0: none
    volatile boolean creatorClosed;
    volatile boolean creatorElsewhere; // a session of another node: the directory tells its close
    long belowSince = NEVER; // guarded by this
    long absentSince = NEVER; // guarded by this

    Tracked(Topic topic, RemovalPolicy policy) {
      this.topic = topic;
      this.policy = policy;
      this.clusterCap = clusterCap(policy.condition());
    }

    private static int clusterCap(RemovalPolicy.Condition c) {
      if (c instanceof RemovalPolicy.SubscriptionsBelow sb) {
        return sb.local() ? 0 : sb.count();
      }
      List<RemovalPolicy.Condition> operands =
          c instanceof RemovalPolicy.And and
              ? and.operands()
              : c instanceof RemovalPolicy.Or or ? or.operands() : List.of();
      int cap = 0;
      for (RemovalPolicy.Condition operand : operands) {
        cap = Math.max(cap, clusterCap(operand));
      }
      return cap;
    }
  }

  @Override
  public void topicAdded(Topic topic) {
    RemovalPolicy policy = topic.specification().removal();
    if (policy == null) {
      return;
    }
    Tracked t = new Tracked(topic, policy);
    RemovalPolicy.SubscriptionsBelow below = policy.find(RemovalPolicy.SubscriptionsBelow.class);
    if (below != null && topic.subscribers().length < below.count()) {
      t.belowSince = topic.created();
    }
    tracked.put(topic.id(), t);
    if (policy.find(RemovalPolicy.ThisSessionCloses.class) != null) {
      watchCreator(t);
    }
  }

  @Override
  public void topicRemoved(Topic topic) {
    retire(tracked.remove(topic.id()));
  }

  /** A topic no longer tracked: in a cluster, its subscriber count is withdrawn. */
  private void retire(Tracked t) {
    if (t != null && t.clusterCap > 0 && counts != null) {
      counts.withdraw(t.topic.path());
    }
  }

  /**
   * Evaluates every tracked policy at the clock's time and removes the topics of those that hold.
   *
   * @return how many topics were removed
   */
  public int sweep() {
    long now = clock.millis();
    Map<Object, Boolean> present = new HashMap<>();
    int removed = 0;
    for (Tracked t : tracked.values()) {
      try {
        if (t.topic.isRemoved()) {
          if (tracked.remove(t.topic.id(), t)) {
            retire(t);
          }
        } else if (holds(t, now, present)) {
          removed += fire(t);
        }
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.ERROR,
            "evaluating the REMOVAL policy of " + t.topic.path() + " failed",
            e);
      }
    }
    return removed;
  }

  /**
   * The platform's tick: {@link #sweep()} at the clock's time (the same injected clock as {@code
   * now}).
   */
  @Override
  public void sweep(long now) {
    sweep();
  }

  @Override
  public String sweepName() {
    return "the topic REMOVAL sweep";
  }

  /** The number of topics with a REMOVAL policy being watched. */
  public int tracked() {
    return tracked.size();
  }

  private void watchCreator(Tracked t) {
    String creator = t.topic.creator();
    if (creator == null) {
      return; // added by the admin API or the server: no session to close, so the condition never
      // holds
    }
    Optional<Session> session = registry.get(SessionId.parse(creator));
    if (session.isEmpty() && directory != null && directory.session(creator).isPresent()) {
      t.creatorElsewhere = true; // open on another node: each sweep asks the directory
      return;
    }
    if (session.isEmpty()) {
      t.creatorClosed = true; // closed before its topic was indexed: the next sweep removes it
      return;
    }
    AtomicBoolean registering = new AtomicBoolean(true);
    session
        .get()
        .onClose(
            (s, reason) -> {
              if (directory != null && directory.elsewhere(creator)) {
                // a stale copy closed here while the session lives on on another node (fail-over):
                // the directory tells its close there
                t.creatorElsewhere = true;
                return;
              }
              t.creatorClosed = true;
              // Not from inside topicAdded (a close that raced the add): removing a topic while the
              // tree is still
              // telling listeners about its addition would confuse later listeners; the next sweep
              // handles it.
              if (!registering.get() && !t.topic.isRemoved()) {
                evaluateNow(t);
              }
            });
    registering.set(false);
  }

  private void evaluateNow(Tracked t) {
    try {
      if (holds(t, clock.millis(), new HashMap<>())) {
        fire(t);
      }
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "evaluating the REMOVAL policy of " + t.topic.path() + " failed",
          e);
    }
  }

  private boolean holds(Tracked t, long now, Map<Object, Boolean> present) {
    synchronized (t) {
      return holds(t.policy.condition(), t, now, t.topic.created(), present);
    }
  }

  /** Evaluates every operand (no short cut), so each continuous condition's state stays current. */
  private boolean holds(
      RemovalPolicy.Condition c, Tracked t, long now, long origin, Map<Object, Boolean> present) {
    if (c instanceof RemovalPolicy.TimeAfter) {
      return now >= ((RemovalPolicy.TimeAfter) c).epochMillis();
    }
    if (c instanceof RemovalPolicy.SubscriptionsBelow) {
      RemovalPolicy.SubscriptionsBelow sb = (RemovalPolicy.SubscriptionsBelow) c;
      int subscribers = t.topic.subscribers().length;
      if (!sb.local() && counts != null) {
        // capped: a count at or above the threshold changes nothing anywhere, so it is not sent
        counts.publish(t.topic.path(), Math.min(subscribers, t.clusterCap));
        subscribers += counts.others(t.topic.path());
      }
      boolean below = subscribers < sb.count();
      t.belowSince = !below ? NEVER : t.belowSince == NEVER ? now : t.belowSince;
      return below && lasted(t.belowSince, origin + sb.afterMillis(), sb.forMillis(), now);
    }
    if (c instanceof RemovalPolicy.NoUpdates) {
      RemovalPolicy.NoUpdates nu = (RemovalPolicy.NoUpdates) c;
      return lasted(t.topic.lastUpdate(), origin + nu.afterMillis(), nu.forMillis(), now);
    }
    if (c instanceof RemovalPolicy.NoSession) {
      RemovalPolicy.NoSession ns = (RemovalPolicy.NoSession) c;
      boolean none =
          !present.computeIfAbsent(ns.filter(), f -> anySession(ns.filter()))
              && (ns.local()
                  || directory == null
                  || !present.computeIfAbsent(
                      new OtherNodes(ns.filter()), f -> anyRemoteSession(ns.filter())));
      t.absentSince = !none ? NEVER : t.absentSince == NEVER ? now : t.absentSince;
      return none && lasted(t.absentSince, origin + ns.afterMillis(), ns.forMillis(), now);
    }
    if (c instanceof RemovalPolicy.ThisSessionCloses) {
      if (t.creatorElsewhere && !t.creatorClosed) {
        t.creatorClosed = directory.session(t.topic.creator()).isEmpty();
      }
      return t.creatorClosed;
    }
    if (c instanceof RemovalPolicy.And) {
      List<RemovalPolicy.Condition> operands = ((RemovalPolicy.And) c).operands();
      long start = origin;
      for (RemovalPolicy.Condition operand : operands) {
        if (operand instanceof RemovalPolicy.TimeAfter) {
          start = Math.max(start, ((RemovalPolicy.TimeAfter) operand).epochMillis());
        }
      }
      boolean all = true;
      for (RemovalPolicy.Condition operand : operands) {
        all &= holds(operand, t, now, start, present);
      }
      return all;
    }
    boolean any = false;
    for (RemovalPolicy.Condition operand : ((RemovalPolicy.Or) c).operands()) {
      any |= holds(operand, t, now, origin, present);
    }
    return any;
  }

  /**
   * Whether a condition true since {@code since} has been true for {@code period} counted from
   * {@code start}.
   */
  private static boolean lasted(long since, long start, long period, long now) {
    return now >= start && now - Math.max(since, start) >= period;
  }

  private boolean anySession(SessionFilter filter) {
    for (Session session : registry.all()) {
      if (session.isOpen() && filter.matches(session)) {
        return true;
      }
    }
    return false;
  }

  /** The key of a filter's answer from the other nodes, in a sweep's cache of answers. */
  private record OtherNodes(SessionFilter filter) {}

  /** Whether the cluster's session directory lists a session that matches (one query). */
  private boolean anyRemoteSession(SessionFilter filter) {
    return !directory.sessions(filter).isEmpty();
  }

  /** Removes the policy's topics unless another evaluation (sweep or close hook) already did. */
  private int fire(Tracked t) {
    if (!tracked.remove(t.topic.id(), t)) {
      return 0;
    }
    retire(t);
    String selector = t.policy.removeSelector();
    TopicMatcher matcher = selector == null ? itself(t.topic) : selectors.compile(selector);
    int removed = remover.applyAsInt(matcher);
    LOG.log(
        System.Logger.Level.DEBUG,
        "REMOVAL \"{0}\" of {1} removed {2} topic(s)",
        t.policy.text(),
        t.topic.path(),
        removed);
    return removed;
  }

  private TopicMatcher itself(Topic topic) {
    return new TopicMatcher() {
      @Override
      public String literalPrefix() {
        return topic.path();
      }

      @Override
      public boolean matches(String path) {
        return path.equals(topic.path()) && tree.get(path) == topic;
      }
    };
  }
}
