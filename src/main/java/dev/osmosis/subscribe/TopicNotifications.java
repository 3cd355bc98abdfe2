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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * literal prefix like subscriptions ({@link SelectionIndex}). Thread-safe.
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
    }
  }

  /**
   * Brings the client of a session this node resumed after its node died (fail-over) up to date
   * with its notification selections, made again by {@link #restore}: {@code told} is the digest of
   * the topics its client was told of (sent with its reconnect). The same digest here: nothing is
   * sent. Otherwise a {@code RESYNC} notification for every topic counted as notified here, then
   * {@code RESYNCED}: the client tells its application {@code ADDED} for the paths it did not know
   * and {@code REMOVED} for those it knew that the list left out (docs/PROTOCOL.md §12 "Resuming
   * notifications"). Under the session's lock, so notifications of topics coming and going after it
   * follow it.
   *
   * @return how many RESYNC notifications were sent (0 when the digests match)
   */
  public int resync(Session session, NotifiedDigest told) {
    State state = sessions.get(session.id());
    if (state == null) {
      if (told.count() != 0 || told.hash() != 0) {
        // it knows topics, none of which this node notifies: every one of them is gone for it
        session.connection().send(subscriptions.encoder().notificationsResynced(0));
      }
      return 0;
    }
    synchronized (state) {
      NotifiedDigest here = new NotifiedDigest();
      for (Topic topic : state.notified) {
        here.add(topic.path());
      }
      if (here.matches(told)) {
        return 0;
      }
      for (Topic topic : state.notified) {
        send(state, "RESYNC", topic);
      }
      state
          .session
          .connection()
          .send(subscriptions.encoder().notificationsResynced(state.notified.size()));
      return state.notified.size();
    }
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
    Subscriptions.requireSelect(store.get(), session, selector, selectorText);
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
      }
    }
  }
}
