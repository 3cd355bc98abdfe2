package dev.osmosis.subscribe;

import dev.osmosis.error.RequestException;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.selector.SelectionBudget;
import dev.osmosis.selector.SelectionIndex;
import dev.osmosis.selector.SelectionLimits;
import dev.osmosis.selector.SelectorSyntaxException;
import dev.osmosis.selector.TopicSelector;
import dev.osmosis.selector.TopicSelectors;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.session.SessionProperties;
import dev.osmosis.topic.JsonDelta;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicListener;
import dev.osmosis.topic.TopicSubscriber;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.ValueChange;
import dev.osmosis.wire.ErrorCode;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Selections x topics = subscriptions (seed 003). A selection persists: it subscribes the session
 * to every matching topic it may read now and to every matching topic added later (found through
 * the {@link SelectionIndex}, so adding a topic tests only selections whose literal prefix fits).
 * Publishing encodes an update once and hands the same message to every subscriber's outbox
 * (docs/ARCHITECTURE.md, encode once). Thread-safe.
 */
public final class Subscriptions implements TopicListener {
  private final TopicTree tree;
  private final TopicSelectors selectors;
  private final Supplier<SecurityStore> store;
  private final SelectionLimits limits;
  private final TopicEncoder encoder;
  private final SelectionBudget budget;
  private final SelectionIndex<SessionTopics> index;
  private final ConcurrentHashMap<SessionId, SessionTopics> sessions = new ConcurrentHashMap<>();
  private final LongAdder subscriptionCount = new LongAdder();
  private final LongAdder updates = new LongAdder();
  private final LongAdder deliveries = new LongAdder();

  /**
   * Counters for the admin API and console: topics, current subscriptions, and since start the
   * updates published and the messages they fanned out to (one per subscriber). LongAdders: no
   * contention on the publish path.
   */
  public record Stats(long topics, long subscriptions, long updates, long deliveries) {}

  public Stats stats() {
    return new Stats(tree.size(), subscriptionCount.sum(), updates.sum(), deliveries.sum());
  }

  private final Fetcher fetcher;
  private final TopicNotifications notifications;
  private final MissingTopicHandlers missingTopicHandlers;

  /**
   * @param encoder the wire form of the messages sessions receive (the codec's)
   */
  public Subscriptions(
      TopicTree tree,
      TopicSelectors selectors,
      Supplier<SecurityStore> store,
      TopicEncoder encoder) {
    this(tree, selectors, store, SelectionLimits.defaults(), encoder);
  }

  /**
   * @param limits what selections may cost (per session, per client address, server-wide; shared by
   *     subscriptions and topic notifications) and the missing-topic-handler caps
   * @param encoder the wire form of the messages sessions receive (the codec's)
   */
  public Subscriptions(
      TopicTree tree,
      TopicSelectors selectors,
      Supplier<SecurityStore> store,
      SelectionLimits limits,
      TopicEncoder encoder) {
    this.tree = tree;
    this.selectors = selectors;
    this.store = store;
    this.limits = limits;
    this.encoder = encoder;
    this.budget = new SelectionBudget(limits);
    this.index = new SelectionIndex<>(budget, topics -> clientAddress(topics.session()));
    tree.addListener(this);
    this.fetcher = new Fetcher(this, store);
    this.notifications = new TopicNotifications(this, store);
    tree.addListener(notifications);
    this.missingTopicHandlers = new MissingTopicHandlers(this, store);
  }

  /** The wire form of the messages sessions receive. */
  TopicEncoder encoder() {
    return encoder;
  }

  /** The subscription state of a session, or null if it has none. */
  SessionTopics existing(Session session) {
    return sessions.get(session.id());
  }

  /** The selection limits in force. */
  public SelectionLimits limits() {
    return limits;
  }

  /** The server-wide and per-address selection budget (subscriptions and notifications). */
  SelectionBudget budget() {
    return budget;
  }

  /** The address a session's selections are charged to ({@code $ClientIP}; empty if unknown). */
  static String clientAddress(Session session) {
    return session.property(SessionProperties.CLIENT_IP);
  }

  /** Fetch over this tree (TOPICS.md "Fetch"). */
  public Fetcher fetcher() {
    return fetcher;
  }

  /** Topic notifications over this tree (TOPICS.md "Topic notifications"). */
  public TopicNotifications notifications() {
    return notifications;
  }

  /** Missing topic handlers for selects (TOPICS.md "Missing topic handlers"). */
  public MissingTopicHandlers missingTopicHandlers() {
    return missingTopicHandlers;
  }

  public TopicTree tree() {
    return tree;
  }

  /**
   * Adds a persistent selection in the default scope and subscribes the session to the matching
   * topics it may read.
   *
   * @return how many topics the session became subscribed to now
   */
  public int select(Session session, String selectorText) {
    return select(session, selectorText, SelectionScopes.DEFAULT, true);
  }

  /**
   * As {@link #select(Session, String)} in selection scope {@code scope} (null: the default one;
   * docs/TOPICS.md "Selection scopes").
   *
   * @throws RequestException 4001 for a bad scope name
   */
  public int select(Session session, String selectorText, String scope) {
    return select(session, selectorText, SelectionScopes.validate(scope), true);
  }

  /**
   * Subscribes another session (client control): the controller's permissions were checked by the
   * caller; the subscribed session still needs READ_TOPIC for each topic.
   */
  public int selectFor(Session session, String selectorText) {
    return select(session, selectorText, SelectionScopes.DEFAULT, false);
  }

  /** As {@link #selectFor(Session, String)} in selection scope {@code scope} (null: default). */
  public int selectFor(Session session, String selectorText, String scope) {
    return select(session, selectorText, SelectionScopes.validate(scope), false);
  }

  /** Unsubscribes another session (client control); its streams see reason CONTROL. */
  public int unselectFor(Session session, String selectorText) {
    return unselect(session, selectorText, SelectionScopes.DEFAULT, "CONTROL");
  }

  /**
   * As {@link #unselectFor(Session, String)} in selection scope {@code scope} (null: default; a
   * topic another scope selects stays).
   */
  public int unselectFor(Session session, String selectorText, String scope) {
    return unselect(session, selectorText, SelectionScopes.validate(scope), "CONTROL");
  }

  /** As {@link #unselectAllScopes(Session, String)} for another session (client control). */
  public int unselectAllScopesFor(Session session, String selectorText) {
    return unselect(session, selectorText, null, "CONTROL");
  }

  private int select(Session session, String selectorText, String scope, boolean checkSelect) {
    TopicSelector selector = compile(selectorText);
    if (checkSelect) {
      requireSelect(store.get(), session, selector, selectorText);
    }
    SessionTopics topics = of(session);
    topics.addSelection(index, scope, selector, limits.maxSelectionsPerSession());
    return subscribeReadable(store.get(), topics, selector);
  }

  /**
   * The session's persistent selections, in the order made, as its replicated record keeps them
   * (what a node resuming the session after its node died selects again, docs/RECONNECTION.md): the
   * default scope's as canonical expressions, another scope's tagged with it ({@link
   * #selectFor(Session, String)} reads both back through {@link #reselect}).
   */
  public java.util.List<String> selections(Session session) {
    java.util.List<String> out = new java.util.ArrayList<>();
    selectionsByScope(session)
        .forEach(
            (scope, expressions) ->
                expressions.forEach(e -> out.add(SelectionScopes.encode(scope, e))));
    return out;
  }

  /**
   * The canonical expressions of the session's selections by scope (the default scope is {@code
   * ""}), scopes and selections in the order made; a scope with no selection is absent.
   */
  public java.util.Map<String, java.util.List<String>> selectionsByScope(Session session) {
    SessionTopics topics = sessions.get(session.id());
    if (topics == null) {
      return java.util.Map.of();
    }
    return topics.selectionsByScope();
  }

  /**
   * Makes again one selection of a session's replicated record ({@link #selections}) for a session
   * resumed on this node; the scope comes with it.
   */
  public int reselect(Session session, String entry) {
    String[] scoped = SelectionScopes.decode(entry);
    return select(session, scoped[1], scoped[0], false);
  }

  /**
   * Removes a selection from the default scope and unsubscribes the session from every subscribed
   * topic the selector matches that no other scope selects.
   *
   * @return how many topics the session was unsubscribed from
   */
  public int unselect(Session session, String selectorText) {
    return unselect(session, selectorText, SelectionScopes.DEFAULT, "REQUESTED");
  }

  /**
   * As {@link #unselect(Session, String)} in selection scope {@code scope} (null: the default one).
   */
  public int unselect(Session session, String selectorText, String scope) {
    return unselect(session, selectorText, SelectionScopes.validate(scope), "REQUESTED");
  }

  /**
   * Removes a selection from every scope and unsubscribes the session from every subscribed topic
   * the selector matches.
   */
  public int unselectAllScopes(Session session, String selectorText) {
    return unselect(session, selectorText, null, "REQUESTED");
  }

  /** {@code scope} null: every scope. */
  private int unselect(Session session, String selectorText, String scope, String reason) {
    TopicSelector selector = compile(selectorText);
    if (!"CONTROL".equals(reason)) {
      requireSelect(
          store.get(), session, selector, selectorText); // before the selector runs on anything
    }
    SessionTopics topics = sessions.get(session.id());
    if (topics == null) {
      return 0;
    }
    java.util.List<Topic> leaving = topics.removeSelection(index, scope, selector);
    int count = 0;
    for (Topic topic : leaving) {
      if (topics.unsubscribe(topic, reason)) {
        count++;
      }
    }
    return count;
  }

  /**
   * Turns the topics' CONFLATION policies on or off for one session (ClientControl's {@code
   * setConflated}, docs/TOPICS.md "Conflation"); off, its updates are all queued as with {@code
   * CONFLATION off}. Values already queued stay as they are.
   */
  public void conflate(Session session, boolean conflated) {
    of(session).conflated(conflated);
  }

  /**
   * Sets a topic's value and fans the change out: encoded once (a delta when smaller), the same
   * message to every subscriber, in the topic's order.
   */
  public ValueChange publish(Topic topic, Object value) {
    return topic.update(value, this::fanOut);
  }

  /**
   * Publishes {@code compute(current value)} if {@code precondition} holds, checked in the topic's
   * order; null (nothing changed) if it does not.
   */
  public ValueChange publish(
      Topic topic,
      java.util.function.Predicate<? super Topic> precondition,
      java.util.function.Function<dev.osmosis.topic.TopicValue, ?> compute) {
    return topic.update(precondition, compute, this::fanOut);
  }

  /**
   * Applies an update numbered elsewhere (a replicated one: docs/CLUSTER.md) in the topic's order
   * and fans it out as {@link #publish} does; null, nothing changed, for a duplicate or stale
   * number ({@link Topic#apply}).
   */
  public ValueChange apply(Topic topic, dev.osmosis.topic.TopicValue value, long sequence) {
    return topic.apply(value, sequence, this::fanOut);
  }

  /**
   * As {@link #apply}, for an update whose predecessors after {@code after} never reached this node
   * (docs/CLUSTER.md "Lost events"): each subscriber is told first, by the {@code lostUpdates}
   * notice a resumed session gets for updates its topic's history no longer holds, then gets the
   * value whole. Never a silent gap.
   */
  public ValueChange applyAfterLoss(
      Topic topic, dev.osmosis.topic.TopicValue value, long sequence, long after) {
    return topic.apply(
        value,
        sequence,
        change -> {
          String notice = encoder.lostUpdates(topic.id(), after, sequence);
          String full = encoder.value(topic.id(), sequence, change.newValue());
          encoder.sharing(topic, full);
          TopicSubscriber[] subscribers = topic.subscribers();
          updates.increment();
          deliveries.add(subscribers.length);
          SessionTopics.Conflation policy = SessionTopics.Conflation.of(topic);
          int priority = SessionTopics.priority(topic);
          for (TopicSubscriber subscriber : subscribers) {
            ((SessionTopics) subscriber).send(topic, notice);
            ((SessionTopics) subscriber).deliver(topic, policy, priority, topic.id(), full, full);
          }
        });
  }

  private void fanOut(ValueChange change) {
    Topic topic = change.topic();
    TopicSubscriber[] subscribers = topic.subscribers();
    updates.increment();
    if (subscribers.length == 0) {
      return;
    }
    deliveries.add(subscribers.length);
    JsonDelta delta = change.delta();
    long sequence = change.sequence();
    String full = encoder.value(topic.id(), sequence, change.newValue());
    String message = full;
    if (delta != null && delta.isSmaller()) {
      message = encoder.delta(topic.id(), sequence, delta.patch());
    } else if (change.edit() != null) {
      String edit = encoder.edit(topic.id(), sequence, change.edit());
      message = edit.length() < full.length() ? edit : full; // sent only when smaller
    }
    encoder.sharing(topic, message);
    SessionTopics.Conflation policy = SessionTopics.Conflation.of(topic);
    int priority = SessionTopics.priority(topic);
    Long key = topic.id();
    for (TopicSubscriber subscriber : subscribers) {
      ((SessionTopics) subscriber).deliver(topic, policy, priority, key, message, full);
    }
  }

  @Override
  public void topicAdded(Topic topic) {
    SecurityStore security = store.get();
    index.forEachMatch(
        topic.path(),
        (topics, selector) -> {
          Session session = topics.session();
          if (session.isOpen() && Access.has(security, session, PathPermission.READ_TOPIC, topic)) {
            topics.subscribe(topic);
          }
        });
  }

  @Override
  public void topicRemoved(Topic topic) {
    topic.ordered(
        () -> {
          for (TopicSubscriber subscriber : topic.subscribers()) {
            ((SessionTopics) subscriber).removed(topic);
          }
        });
  }

  /**
   * Re-checks every session's subscriptions against the current security store (after it changed;
   * docs/SECURITY.md "Administration"): a selection whose literal prefix lost SELECT_TOPIC is
   * dropped; a subscribed topic the session may no longer read, or that only dropped selections
   * matched, is unsubscribed with reason {@code AUTHORIZATION}; a topic its remaining selections
   * match and it may now read is subscribed. Costs a walk of every selection; not on a hot path.
   *
   * @return how many subscriptions were ended and made
   */
  public Recheck recheck() {
    SecurityStore security = store.get();
    int ended = 0;
    int made = 0;
    for (SessionTopics topics : sessions.values()) {
      Session session = topics.session();
      if (!session.isOpen()) {
        continue;
      }
      int[] changed = topics.recheck(security, index, tree);
      ended += changed[0];
      made += changed[1];
    }
    return new Recheck(ended, made);
  }

  private int subscribeReadable(
      SecurityStore security, SessionTopics topics, TopicSelector selector) {
    return topics.subscribeReadable(tree, security, selector);
  }

  /** What a {@link #recheck()} changed. */
  public record Recheck(int ended, int made) {}

  /** Number of sessions with subscription state. */
  public int sessions() {
    return sessions.size();
  }

  private SessionTopics of(Session session) {
    SessionTopics topics =
        sessions.computeIfAbsent(
            session.id(),
            id -> {
              SessionTopics created = new SessionTopics(session, subscriptionCount, encoder);
              session.onClose((s, reason) -> release(s));
              return created;
            });
    if (!session.isOpen()) {
      release(session);
      throw new RequestException(ErrorCode.NOT_FOUND, "session " + session.id() + " is closed");
    }
    return topics;
  }

  private void release(Session session) {
    SessionTopics topics = sessions.remove(session.id());
    if (topics != null) {
      index.removeAll(topics);
      topics.release();
    }
  }

  /**
   * SELECT_TOPIC at each member's literal prefix (seed 003), checked before the selector runs on
   * any topic.
   *
   * @throws RequestException 3001 naming the first prefix without it
   */
  static void requireSelect(
      SecurityStore security, Session session, TopicSelector selector, String selectorText) {
    for (TopicSelector member : selector.members()) {
      if (!Access.has(security, session, PathPermission.SELECT_TOPIC, member.literalPrefix())) {
        throw new RequestException(
            ErrorCode.PERMISSION_DENIED,
            "principal '"
                + session.principal()
                + "' lacks SELECT_TOPIC at '"
                + member.literalPrefix()
                + "' for selector "
                + selectorText);
      }
    }
  }

  TopicSelector compile(String text) {
    try {
      return selectors.compile(text);
    } catch (SelectorSyntaxException e) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT, "invalid topic selector: " + e.getMessage());
    }
  }

  /** How many of the session's subscribed topics the selector matches. */
  int subscribedMatching(Session session, TopicSelector selector) {
    SessionTopics topics = sessions.get(session.id());
    int count = 0;
    if (topics != null) {
      for (Topic topic : topics.subscribedTopics()) {
        if (selector.matches(topic.path())) {
          count++;
        }
      }
    }
    return count;
  }
}
