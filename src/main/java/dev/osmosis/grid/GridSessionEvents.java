package dev.osmosis.grid;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.osmosis.cluster.SessionDirectory;
import dev.osmosis.cluster.SessionSummary;
import dev.osmosis.wire.CloseReason;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Session properties listeners across nodes (docs/CLUSTER.md "Sessions"): turns the changes of the
 * session directory's map ({@link GridSessionDirectory#MAP}) into open, update and close events of
 * the other nodes' sessions for this node's {@link SessionDirectory.Watcher}s.
 *
 * <ul>
 *   <li><b>Only while listened to.</b> The entry listener on the sessions map exists only while
 *       this node has at least one watcher; a node without one receives no event. While it has one,
 *       its id is a key of the small map {@value #LISTENING}: every node keeps a copy of that map's
 *       keys, and a node closing a session writes the close reason to the session's entry just
 *       before removing it only when another node listens (no cost otherwise).
 *   <li><b>Order per session</b>: Hazelcast delivers one key's events in order on one event thread;
 *       each watcher also keeps the last summary it heard per session, so it hears the current
 *       sessions first (a snapshot read after the entry listener is in place), then each change
 *       once, never a session twice or after its close.
 *   <li><b>A node that leaves</b>: the survivors remove its entries; their removal events close its
 *       sessions with {@link CloseReason#CONNECTION_ERROR} (also the reason of a close whose reason
 *       was not written: the closing node did not know yet that someone listens).
 * </ul>
 *
 * Thread-safe.
 */
final class GridSessionEvents
    implements EntryAddedListener<String, HazelcastJsonValue>,
        EntryUpdatedListener<String, HazelcastJsonValue>,
        EntryRemovedListener<String, HazelcastJsonValue> {
  private static final System.Logger LOG = System.getLogger(GridSessionEvents.class.getName());

  /** The nodes that have session properties listeners, by node id. */
  static final String LISTENING = "osmosis.sessions.listening";

  /** The reason of a session whose node left the cluster, or whose close reason is not known. */
  static final CloseReason LOST = CloseReason.CONNECTION_ERROR;

  private final IMap<String, HazelcastJsonValue> sessions;
  private final IMap<String, String> listening;
  private final String node;
  private final Set<String> listeningNodes = ConcurrentHashMap.newKeySet();
  private final CopyOnWriteArrayList<Watch> watches = new CopyOnWriteArrayList<>();
  private UUID entryListener; // guarded by this

  GridSessionEvents(
      HazelcastInstance grid, IMap<String, HazelcastJsonValue> sessions, String node) {
    this.sessions = sessions;
    this.node = node;
    this.listening = grid.getMap(LISTENING);
    listening.addEntryListener(
        new ListeningNodes(), false); // keys only: a node's first listener and its last
    listeningNodes.addAll(listening.keySet());
  }

  /** Whether another node listens: a closing session's reason must then reach the map. */
  boolean othersListen() {
    for (String n : listeningNodes) {
      if (!n.equals(node)) {
        return true;
      }
    }
    return false;
  }

  /** A node left the grid: it listens no more (every survivor removes its key; idempotent). */
  void nodeGone(String gone) {
    listeningNodes.remove(gone);
    try {
      listening.removeAsync(gone);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "listening node {0} not removed: {1}", gone, e);
    }
  }

  SessionDirectory.Watching watch(SessionDirectory.Watcher watcher) {
    Watch watch = new Watch(watcher);
    synchronized (this) {
      watches.add(watch);
      if (entryListener == null) {
        entryListener = sessions.addEntryListener(this, true);
        listening.set(node, "");
        listeningNodes.add(node);
      }
    }
    // after the listener is in place: a change made from now on also arrives as an event
    for (HazelcastJsonValue value : sessions.values()) {
      GridSessionDirectory.Entry entry = GridSessionDirectory.decodeEntry(value);
      if (!entry.summary().node().equals(node) && entry.closed() == null) {
        watch.loaded(entry.summary());
      }
    }
    watch.loaded();
    return new SessionDirectory.Watching() {
      @Override
      public void stop() {
        unwatch(watch);
      }

      @Override
      public SessionSummary arrived(String id) {
        return watch.arrived(id);
      }
    };
  }

  private synchronized void unwatch(Watch watch) {
    if (!watches.remove(watch)) {
      return;
    }
    watch.stop();
    if (watches.isEmpty() && entryListener != null) {
      try {
        sessions.removeEntryListener(entryListener);
        listening.removeAsync(node);
      } catch (RuntimeException e) {
        // the grid is shutting down with the server
        LOG.log(System.Logger.Level.DEBUG, "session events not stopped: {0}", e.toString());
      }
      listeningNodes.remove(node);
      entryListener = null;
    }
  }

  @Override
  public void entryAdded(EntryEvent<String, HazelcastJsonValue> event) {
    changed(event.getValue());
  }

  @Override
  public void entryUpdated(EntryEvent<String, HazelcastJsonValue> event) {
    changed(event.getValue());
  }

  @Override
  public void entryRemoved(EntryEvent<String, HazelcastJsonValue> event) {
    HazelcastJsonValue old = event.getOldValue();
    if (old == null) {
      return;
    }
    GridSessionDirectory.Entry entry = GridSessionDirectory.decodeEntry(old);
    if (entry.summary().node().equals(node)) {
      here(entry.summary().id());
      return;
    }
    for (Watch watch : watches) {
      watch.closed(entry.summary(), entry.closed() == null ? LOST : entry.closed());
    }
  }

  private void changed(HazelcastJsonValue value) {
    GridSessionDirectory.Entry entry = GridSessionDirectory.decodeEntry(value);
    if (entry.summary().node().equals(node)) {
      here(entry.summary().id()); // this node's sessions are heard through its registry
      return;
    }
    for (Watch watch : watches) {
      if (entry.closed() != null) {
        watch.closed(entry.summary(), entry.closed());
      } else {
        watch.changed(entry.summary());
      }
    }
  }

  private void here(String id) {
    for (Watch watch : watches) {
      watch.here(id);
    }
  }

  /** One watcher and what it has heard: the last summary of each open session of other nodes. */
  private static final class Watch {
    private final SessionDirectory.Watcher to;
    private final Map<String, SessionSummary> open = new HashMap<>();
    private Set<String> closedWhileLoading = new HashSet<>(); // null once loaded

    /**
     * Sessions that {@linkplain #arrived arrived} on this node before the event of their move here
     * reached this watch: the events of their old node still to come are stale. One key's events
     * come in order, so this node's first event of the session (its claim, or a later write) ends
     * them.
     */
    private final Set<String> moved = new HashSet<>();

    private boolean stopped;

    Watch(SessionDirectory.Watcher to) {
      this.to = to;
    }

    synchronized void loaded(SessionSummary session) {
      if (!stopped
          && !moved.contains(session.id())
          && !open.containsKey(session.id())
          && !closedWhileLoading.contains(session.id())) {
        open.put(session.id(), session);
        to.opened(session);
      }
    }

    synchronized void loaded() {
      closedWhileLoading = null;
    }

    synchronized void changed(SessionSummary session) {
      if (stopped
          || moved.contains(session.id())
          || (closedWhileLoading != null && closedWhileLoading.contains(session.id()))) {
        return;
      }
      SessionSummary last = open.put(session.id(), session);
      if (last == null) {
        to.opened(session);
      } else if (!last.equals(session)) {
        to.updated(last, session);
      }
    }

    synchronized void closed(SessionSummary session, CloseReason reason) {
      if (stopped || moved.contains(session.id())) {
        return;
      }
      SessionSummary last = open.remove(session.id());
      if (last != null) {
        to.closed(last, reason);
      } else if (closedWhileLoading != null) {
        closedWhileLoading.add(session.id());
      }
    }

    synchronized SessionSummary arrived(String id) {
      if (stopped) {
        return null;
      }
      SessionSummary last = open.remove(id);
      if (last != null || closedWhileLoading != null) {
        moved.add(id); // a session not heard of once loaded has no stale event to come
      }
      return last;
    }

    synchronized void here(String id) {
      if (!moved.isEmpty()) {
        moved.remove(id);
      }
    }

    synchronized void stop() {
      stopped = true;
      open.clear();
      moved.clear();
    }
  }

  /** The keys of {@value #LISTENING}: which nodes listen. */
  private final class ListeningNodes
      implements EntryAddedListener<String, String>, EntryRemovedListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      listeningNodes.add(event.getKey());
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
      listeningNodes.remove(event.getKey());
    }
  }
}
