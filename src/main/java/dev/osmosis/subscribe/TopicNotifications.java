package dev.osmosis.subscribe;

import dev.osmosis.error.RequestException;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.selector.SelectionIndex;
import dev.osmosis.selector.SelectionLimitException;
import dev.osmosis.selector.TopicSelector;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicListener;
import dev.osmosis.wire.ErrorCode;
import dev.osmosis.wire.NotifiedDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Topic notifications (docs/TOPICS.md "Topic notifications"): a session's notification selections,
 * separate from its subscriptions, and the events they produce: {@code SELECTED} for each matching
 * topic that exists when a selection is added, {@code ADDED} and {@code REMOVED} as matching topics
 * come and go, {@code DESELECTED} when the last selection matching a notified topic is removed.
 * Events carry the path and specification, never a value, and only for topics the session may
 * SELECT_TOPIC (or owns). Each topic is notified once however many selections match it: the
 * session's state remembers the topics it was told about, and its events are produced under that
 * state's lock, so they reach the connection in a consistent order. Selections are indexed by
 * literal prefix like subscriptions ({@link SelectionIndex}).
 *
 * <p>Immediate descendant notifications (Diffusion's {@code onDescendantNotification}): for each
 * path a selection selects, bound or not, the session also hears of the path's immediate
 * descendants, the first topic on each branch below it that no selection selects ({@link
 * #immediate}). They are kept per session ({@code State.descendants}) and brought up to date only
 * where something changed: the branch of a topic added or removed, the literal prefix's branch of a
 * selection added or removed ({@link #refresh}). Never on the update path. Thread-safe.
 */
public final class TopicNotifications implements TopicListener {

  private final Subscriptions subscriptions;
  private final Supplier<SecurityStore> store;
  private final SelectionIndex<State> index;
  private final ConcurrentHashMap<SessionId, State> sessions = new ConcurrentHashMap<>();

  /** One session's notification state; guarded by itself. */
  private static final class State {
    final Session session;
    final Set<Topic> notified = new HashSet<>();

    /** The immediate descendants told of, by path (a branch is a range of it). */
    final TreeMap<String, Topic> descendants = new TreeMap<>();

    State(Session session) {
      this.session = session;
    }
  }

  TopicNotifications(Subscriptions subscriptions, Supplier<SecurityStore> store) {
    this.subscriptions = subscriptions;
    this.store = store;
    this.index =
        new SelectionIndex<>(
            subscriptions.budget(), state -> Subscriptions.clientAddress(state.session));
  }

  /**
   * Adds a notification selection; sends {@code SELECTED} for every matching topic not notified
   * before.
   *
   * @return how many {@code SELECTED} events were sent
   * @throws RequestException 4001 for a bad selector, 3001 without SELECT_TOPIC at a selector's
   *     prefix
   */
  public int select(Session session, String selectorText) {
    TopicSelector selector = subscriptions.compile(selectorText);
    SecurityStore security = store.get();
    Subscriptions.requireSelect(security, session, selector, selectorText);
    State state = of(session);
    int count = 0;
    synchronized (state) {
      try {
        index.add(state, selector);
      } catch (SelectionLimitException e) {
        throw new RequestException(ErrorCode.LIMIT_EXCEEDED, e.getMessage());
      }
      List<Topic> matched = new ArrayList<>();
      subscriptions.tree().forEachMatching(selector, matched::add);
      for (Topic topic : matched) {
        if (!topic.isRemoved() && may(security, session, topic) && state.notified.add(topic)) {
          send(state, "SELECTED", topic);
          count++;
        }
      }
      refresh(state, security, selector.literalPrefix(), "SELECTED", "DESELECTED");
    }
    return count;
  }

  /**
   * Makes again, silently, a notification selection of a session this node resumed after its node
   * died (fail-over, docs/RECONNECTION.md): the matching topics count as notified (its client was
   * told of them by the dead node), so only topics that come and go from now on are notified.
   *
   * @throws RequestException as {@link #select}
   */
  public void restore(Session session, String selectorText) {
    TopicSelector selector = subscriptions.compile(selectorText);
    SecurityStore security = store.get();
    Subscriptions.requireSelect(security, session, selector, selectorText);
    State state = of(session);
    synchronized (state) {
      try {
        index.add(state, selector);
      } catch (SelectionLimitException e) {
        throw new RequestException(ErrorCode.LIMIT_EXCEEDED, e.getMessage());
      }
      subscriptions
          .tree()
          .forEachMatching(
              selector,
              topic -> {
                if (!topic.isRemoved() && may(security, session, topic)) {
                  state.notified.add(topic);
                }
              });
      refresh(state, security, selector.literalPrefix(), null, null);
    }
  }

  /**
   * Brings the client of a session this node resumed after its node died (fail-over) up to date
   * with its notification selections, made again by {@link #restore}: {@code told} is the digest of
   * the topics its client was told of (sent with its reconnect). The same digest here: nothing is
   * sent. Otherwise a {@code RESYNC} notification for every topic counted as notified here, then
   * {@code RESYNCED}: the client tells its application {@code ADDED} for the paths it did not know
   * and {@code REMOVED} for those it knew that the list left out (docs/PROTOCOL.md §12 "Resuming
   * notifications"). The immediate descendants likewise, apart, when {@code told} carries their
   * digest ({@link NotifiedDigest#descendants}): {@code RESYNC} descendant notifications for those
   * this node counts, then a descendant {@code RESYNCED}. Under the session's lock, so
   * notifications of topics coming and going after it follow it.
   *
   * @return how many RESYNC notifications were sent, topics and descendants (0 when the digests
   *     match)
   */
  public int resync(Session session, NotifiedDigest told) {
    State state = sessions.get(session.id());
    NotifiedDigest descendants = told.descendants();
    if (state == null) {
      // it knows topics or descendants, none of which this node notifies: all gone for it
      if (!empty(told)) {
        session.connection().send(subscriptions.encoder().notificationsResynced(0));
      }
      if (descendants != null && !empty(descendants)) {
        session.connection().send(subscriptions.encoder().descendantsResynced(0));
      }
      return 0;
    }
    synchronized (state) {
      int sent = 0;
      if (!digest(state.notified).matches(told)) {
        for (Topic topic : state.notified) {
          send(state, "RESYNC", topic);
        }
        sent += state.notified.size();
        state
            .session
            .connection()
            .send(subscriptions.encoder().notificationsResynced(state.notified.size()));
      }
      if (descendants != null && !digest(state.descendants.values()).matches(descendants)) {
        for (Topic topic : state.descendants.values()) {
          sendDescendant(state, "RESYNC", topic);
        }
        sent += state.descendants.size();
        state
            .session
            .connection()
            .send(subscriptions.encoder().descendantsResynced(state.descendants.size()));
      }
      return sent;
    }
  }

  private static NotifiedDigest digest(Collection<Topic> topics) {
    NotifiedDigest digest = new NotifiedDigest();
    for (Topic topic : topics) {
      digest.add(topic.path());
    }
    return digest;
  }

  private static boolean empty(NotifiedDigest digest) {
    return digest.count() == 0 && digest.hash() == 0;
  }

  /**
   * Whether the session holds the notification selection {@code selectorText} already (a select of
   * it again adds nothing).
   *
   * @throws RequestException 4001 for a bad selector
   */
  public boolean holds(Session session, String selectorText) {
    State state = sessions.get(session.id());
    if (state == null) {
      return false;
    }
    TopicSelector selector = subscriptions.compile(selectorText);
    synchronized (state) {
      return index.selectors(state).contains(selector);
    }
  }

  /**
   * The canonical expressions of the session's notification selections (what fail-over keeps of
   * it).
   */
  public List<String> selections(Session session) {
    State state = sessions.get(session.id());
    if (state == null) {
      return List.of();
    }
    synchronized (state) {
      return index.selectors(state).stream().map(TopicSelector::expression).toList();
    }
  }

  /**
   * Removes a notification selection; sends {@code DESELECTED} for each notified topic no remaining
   * selection matches.
   *
   * @return how many {@code DESELECTED} events were sent
   */
  public int deselect(Session session, String selectorText) {
    TopicSelector selector = subscriptions.compile(selectorText);
    SecurityStore security = store.get();
    Subscriptions.requireSelect(security, session, selector, selectorText);
    State state = sessions.get(session.id());
    if (state == null) {
      return 0;
    }
    int count = 0;
    synchronized (state) {
      index.remove(state, selector);
      Set<TopicSelector> remaining = index.selectors(state);
      for (Topic topic : List.copyOf(state.notified)) {
        if (selector.matches(topic.path()) && !matchesAny(remaining, topic.path())) {
          state.notified.remove(topic);
          send(state, "DESELECTED", topic);
          count++;
        }
      }
      refresh(state, security, selector.literalPrefix(), "SELECTED", "DESELECTED");
    }
    return count;
  }

  @Override
  public void topicAdded(Topic topic) {
    SecurityStore security = store.get();
    for (State state : index.matching(topic.path())) {
      synchronized (state) {
        if (state.session.isOpen()
            && !topic.isRemoved()
            && may(security, state.session, topic)
            && state.notified.add(topic)) {
          send(state, "ADDED", topic);
        }
      }
    }
    descendantsChanged(topic, security);
  }

  @Override
  public void topicRemoved(Topic topic) {
    for (State state : index.matching(topic.path())) {
      synchronized (state) {
        if (state.notified.remove(topic)) {
          send(state, "REMOVED", topic);
        }
      }
    }
    descendantsChanged(topic, store.get());
  }

  /**
   * A topic was added or removed: brings up to date the immediate descendants of the sessions with
   * a selection at its path or above (only those can have it, or a topic below it, as one).
   */
  private void descendantsChanged(Topic topic, SecurityStore security) {
    if (sessions.isEmpty()) {
      return;
    }
    String path = topic.path();
    Set<State> affected = new HashSet<>();
    for (int end = path.length(); end > 0; end = path.lastIndexOf('/', end - 1)) {
      affected.addAll(index.matching(path.substring(0, end)));
    }
    for (State state : affected) {
      synchronized (state) {
        if (state.session.isOpen()) {
          refresh(state, security, path, "ADDED", "REMOVED");
        }
      }
    }
  }

  /**
   * Brings the session's immediate descendants at and below {@code prefix} (all for {@code ""}) up
   * to date with the tree and its selections: a topic that stopped being one is sent {@code
   * removed}, one that became one {@code added} (nothing is sent for {@code null}: a fail-over's
   * silent restore). Under the state's lock.
   */
  private void refresh(
      State state, SecurityStore security, String prefix, String added, String removed) {
    Set<TopicSelector> selectors = index.selectors(state);
    for (Topic topic : List.copyOf(branch(state.descendants, prefix))) {
      if (!immediate(state, security, selectors, topic)) {
        state.descendants.remove(topic.path());
        if (removed != null) {
          sendDescendant(state, removed, topic);
        }
      }
    }
    if (selectors.isEmpty()) {
      return;
    }
    List<Topic> branch = new ArrayList<>();
    subscriptions.tree().forEachUnder(prefix, branch::add);
    for (Topic topic : branch) {
      if (immediate(state, security, selectors, topic)
          && state.descendants.putIfAbsent(topic.path(), topic) == null
          && added != null) {
        sendDescendant(state, added, topic);
      }
    }
  }

  /**
   * Whether {@code topic} is an immediate descendant of a path the session's selections select: no
   * selection selects the topic itself, the session may SELECT_TOPIC it, and walking up from its
   * parent the first path that is selected or bound is selected (a bound topic that is not selected
   * hides the topics below it). Diffusion's example: with topics a/b, a/c, a/c/d and a/e/f/g, the
   * selection {@code >a} has the immediate descendants a/b, a/c and a/e/f/g.
   */
  private boolean immediate(
      State state, SecurityStore security, Set<TopicSelector> selectors, Topic topic) {
    String path = topic.path();
    if (topic.isRemoved() || matchesAny(selectors, path) || !may(security, state.session, topic)) {
      return false;
    }
    for (int end = path.lastIndexOf('/'); end > 0; end = path.lastIndexOf('/', end - 1)) {
      String ancestor = path.substring(0, end);
      if (matchesAny(selectors, ancestor)) {
        return true;
      }
      if (subscriptions.tree().get(ancestor) != null) {
        return false;
      }
    }
    return false;
  }

  /** The topics of {@code map} at and below {@code prefix} (all for {@code ""}). */
  private static Collection<Topic> branch(TreeMap<String, Topic> map, String prefix) {
    if (prefix.isEmpty()) {
      return map.values();
    }
    List<Topic> branch = new ArrayList<>();
    Topic at = map.get(prefix);
    if (at != null) {
      branch.add(at);
    }
    // '0' follows '/': the paths that start with prefix + "/"
    branch.addAll(map.subMap(prefix + "/", prefix + "0").values());
    return branch;
  }

  private void sendDescendant(State state, String type, Topic topic) {
    state.session.connection().send(subscriptions.encoder().descendantNotification(type, topic));
  }

  /** Number of sessions with notification selections or state. */
  public int sessions() {
    return sessions.size();
  }

  private static boolean may(SecurityStore security, Session session, Topic topic) {
    return Access.has(security, session, PathPermission.SELECT_TOPIC, topic);
  }

  private static boolean matchesAny(Set<TopicSelector> selectors, String path) {
    for (TopicSelector s : selectors) {
      if (s.matches(path)) {
        return true;
      }
    }
    return false;
  }

  private void send(State state, String type, Topic topic) {
    state.session.connection().send(subscriptions.encoder().notification(type, topic));
  }

  private State of(Session session) {
    State state =
        sessions.computeIfAbsent(
            session.id(),
            id -> {
              State created = new State(session);
              session.onClose((s, reason) -> release(s));
              return created;
            });
    if (!session.isOpen()) {
      release(session);
      throw new RequestException(ErrorCode.NOT_FOUND, "session " + session.id() + " is closed");
    }
    return state;
  }

  private void release(Session session) {
    State state = sessions.remove(session.id());
    if (state != null) {
      synchronized (state) {
        index.removeAll(state);
        state.notified.clear();
        state.descendants.clear();
      }
    }
  }
}
