package dev.osmosis.client;

import static java.lang.System.Logger.Level.WARNING;

import dev.osmosis.wire.NotifiedDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Topic notifications (TOPICS.md "Topic notifications", PROTOCOL.md §9), reached by {@link
 * Session#notifications()}: learn which topics exist, appear and disappear without subscribing to
 * them. The session's notification selections ({@link #select}, {@link #deselect}) live at the
 * server, separate from its subscriptions; every listener added here receives the notifications
 * they produce: {@code SELECTED} for each matching topic that exists when a selection is made,
 * {@code ADDED} and {@code REMOVED} as matching topics come and go, {@code DESELECTED} when the
 * last selection matching a notified topic is removed. Only topics the session may SELECT_TOPIC are
 * notified, each once however many selections match it. Immediate descendants of the selected paths
 * go to {@link TopicNotificationListener#onDescendantNotification}.
 */
public final class TopicNotifications {

  private static final System.Logger LOG = System.getLogger(TopicNotifications.class.getName());

  private final Connection connection;
  private final List<TopicNotificationListener> listeners = new CopyOnWriteArrayList<>();

  /**
   * The topics the server told this session of ({@code SELECTED}/{@code ADDED} in, {@code
   * REMOVED}/{@code DESELECTED} out), by path: a resync after a fail-over (PROTOCOL.md §12
   * "Resuming notifications") is compared with them. Guarded by itself, with {@link #digest} and
   * {@link #resyncing}.
   */
  private final Map<String, TopicSpecification> known = new HashMap<>();

  private final NotifiedDigest digest = new NotifiedDigest();

  /** The paths of a resync under way, or null. */
  private Set<String> resyncing;

  /**
   * The immediate descendants the server told this session of ({@code SELECTED}/{@code ADDED} in,
   * {@code REMOVED}/{@code DESELECTED} out), with their digest and the paths of their resync under
   * way: compared with a resync after a fail-over as {@link #known}. Guarded by {@link #known}.
   */
  private final Set<String> knownDescendants = new HashSet<>();

  private final NotifiedDigest descendantDigest = new NotifiedDigest();
  private Set<String> resyncingDescendants;

  TopicNotifications(Connection connection) {
    this.connection = connection;
    connection.setHandler("topicNotification", this::onNotification);
    connection.notifiedDigest(this::digest);
    connection.addListener(
        (session, oldState, newState) -> {
          if (newState.isClosed()) {
            for (TopicNotificationListener listener : listeners) {
              removeListener(listener);
            }
          }
        });
  }

  /** Adds a listener; it receives the notifications that arrive from now on. */
  public void addListener(TopicNotificationListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener, which then gets {@link TopicNotificationListener#onClose()}; unknown ones
   * are ignored.
   */
  public void removeListener(TopicNotificationListener listener) {
    if (listeners.remove(listener)) {
      try {
        listener.onClose();
      } catch (RuntimeException e) {
        LOG.log(WARNING, "A topic notification listener failed in onClose", e);
      }
    }
  }

  /**
   * Adds a notification selection. The {@code SELECTED} notifications come before the future
   * completes, with their number. Fails with a {@link SessionException}: {@code 4001} a bad
   * selector, {@code 3001} SELECT_TOPIC missing at its prefix.
   */
  public CompletableFuture<Integer> select(String selector) {
    return request("selectNotifications", selector);
  }

  /**
   * Removes a notification selection; completes after the {@code DESELECTED} notifications, with
   * their number.
   */
  public CompletableFuture<Integer> deselect(String selector) {
    return request("deselectNotifications", selector);
  }

  private CompletableFuture<Integer> request(String type, String selector) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("selector", Objects.requireNonNull(selector, "selector"));
    return connection.request(type, fields).thenApply(ok -> (int) Messages.number(ok, "count", 0));
  }

  /** The {@code notified} of a reconnect: the digest of {@link #known}. */
  private Map<String, Object> digest() {
    synchronized (known) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("count", digest.count());
      fields.put("hash", digest.hex());
      Map<String, Object> descendants = new LinkedHashMap<>();
      descendants.put("count", descendantDigest.count());
      descendants.put("hash", descendantDigest.hex());
      fields.put("descendants", descendants);
      return fields;
    }
  }

  private void onNotification(Map<String, Object> message) {
    String name = Messages.string(message, "event", "");
    if (Boolean.TRUE.equals(message.get("descendant"))) {
      descendant(Messages.string(message, "path", ""), name);
      return;
    }
    if (name.equals("RESYNCED")) {
      resynced();
      return;
    }
    Optional<TopicType> type = TopicType.fromName(Messages.string(message, "type", ""));
    if (type.isEmpty()) {
      return;
    }
    String path = Messages.string(message, "path", "");
    TopicSpecification specification =
        TopicSpecification.of(type.get(), Messages.stringMap(message, "properties"));
    if (name.equals("RESYNC")) {
      resync(path, specification);
      return;
    }
    TopicNotificationType event;
    try {
      event = TopicNotificationType.valueOf(name);
    } catch (IllegalArgumentException e) {
      return; // a later server's event
    }
    synchronized (known) {
      if (event == TopicNotificationType.SELECTED || event == TopicNotificationType.ADDED) {
        TopicSpecification before = known.put(path, specification);
        if (before == null) {
          digest.add(path);
        } else if (before.equals(specification)) {
          return; // told already (by a resync): once each, as the server notifies
        }
      } else if (known.remove(path) != null) {
        digest.remove(path);
      } else {
        return; // not known (a resync removed it already)
      }
    }
    deliver(path, specification, event);
  }

  /**
   * One topic of a resync: the server counts it as notified. New to this session: ADDED; known with
   * another specification (removed and added again meanwhile): REMOVED, then ADDED.
   */
  private void resync(String path, TopicSpecification specification) {
    TopicSpecification before;
    synchronized (known) {
      if (resyncing == null) {
        resyncing = new HashSet<>();
      }
      resyncing.add(path);
      before = known.put(path, specification);
      if (before == null) {
        digest.add(path);
      }
    }
    if (before != null && !before.equals(specification)) {
      deliver(path, before, TopicNotificationType.REMOVED);
    }
    if (before == null || !before.equals(specification)) {
      deliver(path, specification, TopicNotificationType.ADDED);
    }
  }

  /** The end of a resync: the known topics it left out are gone (REMOVED). */
  private void resynced() {
    Map<String, TopicSpecification> gone = new LinkedHashMap<>();
    synchronized (known) {
      Set<String> listed = resyncing == null ? Set.of() : resyncing;
      resyncing = null;
      for (Map.Entry<String, TopicSpecification> e : List.copyOf(known.entrySet())) {
        if (!listed.contains(e.getKey())) {
          gone.put(e.getKey(), e.getValue());
          known.remove(e.getKey());
          digest.remove(e.getKey());
        }
      }
    }
    gone.forEach(
        (path, specification) -> deliver(path, specification, TopicNotificationType.REMOVED));
  }

  /**
   * An immediate descendant notification, remembered for a resync after a fail-over: each change
   * told once (a descendant a resync told already is not told again), {@code RESYNC}/{@code
   * RESYNCED} compared with what this session knows as for topics ({@link #resync}).
   */
  private void descendant(String path, String name) {
    if (name.equals("RESYNCED")) {
      descendantsResynced();
      return;
    }
    if (name.equals("RESYNC")) {
      boolean added;
      synchronized (known) {
        if (resyncingDescendants == null) {
          resyncingDescendants = new HashSet<>();
        }
        resyncingDescendants.add(path);
        added = knownDescendants.add(path);
        if (added) {
          descendantDigest.add(path);
        }
      }
      if (added) {
        deliverDescendant(path, TopicNotificationType.ADDED);
      }
      return;
    }
    TopicNotificationType event;
    try {
      event = TopicNotificationType.valueOf(name);
    } catch (IllegalArgumentException e) {
      return; // a later server's event
    }
    synchronized (known) {
      boolean in = event == TopicNotificationType.SELECTED || event == TopicNotificationType.ADDED;
      if (in ? !knownDescendants.add(path) : !knownDescendants.remove(path)) {
        return; // told already, or not known (a resync told it)
      }
      if (in) {
        descendantDigest.add(path);
      } else {
        descendantDigest.remove(path);
      }
    }
    deliverDescendant(path, event);
  }

  /** The end of a descendants' resync: the known descendants it left out are gone (REMOVED). */
  private void descendantsResynced() {
    List<String> gone = new java.util.ArrayList<>();
    synchronized (known) {
      Set<String> listed = resyncingDescendants == null ? Set.of() : resyncingDescendants;
      resyncingDescendants = null;
      for (String path : List.copyOf(knownDescendants)) {
        if (!listed.contains(path)) {
          gone.add(path);
          knownDescendants.remove(path);
          descendantDigest.remove(path);
        }
      }
    }
    gone.forEach(path -> deliverDescendant(path, TopicNotificationType.REMOVED));
  }

  private void deliverDescendant(String path, TopicNotificationType event) {
    for (TopicNotificationListener listener : listeners) {
      try {
        listener.onDescendantNotification(path, event);
      } catch (RuntimeException e) {
        LOG.log(WARNING, "A topic notification listener failed", e);
      }
    }
  }

  private void deliver(String path, TopicSpecification specification, TopicNotificationType event) {
    for (TopicNotificationListener listener : listeners) {
      try {
        listener.onTopicNotification(path, specification, event);
      } catch (RuntimeException e) {
        LOG.log(WARNING, "A topic notification listener failed", e);
      }
    }
  }
}
