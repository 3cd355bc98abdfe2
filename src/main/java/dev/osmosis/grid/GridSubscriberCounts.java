package dev.osmosis.grid;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicates;
import dev.osmosis.subscribe.SubscriberCounts;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SubscriberCounts} on the grid: the map {@value #MAP}, one small entry per node and topic
 * ({@code <node id> <path>} → the node's capped count), written asynchronously by its node only
 * when the count changed, and only for topics whose REMOVAL policy counts subscribers cluster-wide.
 * Every node keeps a copy of the other nodes' counts from the map's events, so the sweep reads
 * nothing remote. When a member leaves, every survivor forgets its counts and removes its entries
 * (idempotent). Thread-safe.
 */
final class GridSubscriberCounts implements SubscriberCounts, MembershipListener, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(GridSubscriberCounts.class.getName());

  static final String MAP = "osmosis.subscribers";

  private final HazelcastInstance grid;
  private final IMap<String, Integer> map;
  private final String node;

  /** This node's last published count, by path. */
  private final ConcurrentHashMap<String, Integer> published = new ConcurrentHashMap<>();

  /** The other nodes' counts: path, then node, then count. */
  private final ConcurrentHashMap<String, Map<String, Integer>> others = new ConcurrentHashMap<>();

  private final UUID entryListener;
  private final UUID membershipListener;

  GridSubscriberCounts(GridCluster cluster) {
    this.grid = cluster.grid();
    this.node = cluster.nodeId();
    this.map = grid.getMap(MAP);
    entryListener = map.addEntryListener(new Events(), true);
    membershipListener = grid.getCluster().addMembershipListener(this);
    for (Map.Entry<String, Integer> e : map.entrySet()) {
      learn(e.getKey(), e.getValue());
    }
  }

  @Override
  public void publish(String path, int count) {
    Integer last = published.put(path, count);
    if (last == null || last != count) {
      try {
        map.setAsync(key(node, path), count);
      } catch (RuntimeException e) {
        published.remove(path, count); // tried again at the next sweep
        LOG.log(System.Logger.Level.DEBUG, "count of {0} not published: {1}", path, e);
      }
    }
  }

  @Override
  public int others(String path) {
    Map<String, Integer> counts = others.get(path);
    if (counts == null) {
      return 0;
    }
    int sum = 0;
    for (int count : counts.values()) {
      sum += count;
    }
    return sum;
  }

  @Override
  public void withdraw(String path) {
    if (published.remove(path) != null) {
      try {
        map.removeAsync(key(node, path));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "count of {0} not withdrawn: {1}", path, e);
      }
    }
  }

  @Override
  public void memberAdded(MembershipEvent event) {}

  @Override
  public void memberRemoved(MembershipEvent event) {
    String gone = event.getMember().getUuid().toString();
    others.values().forEach(counts -> counts.remove(gone));
    try {
      map.removeAll(Predicates.like("__key", gone + " %"));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "subscriber counts of node " + gone + " not removed", e);
    }
  }

  @Override
  public void close() {
    try {
      map.removeEntryListener(entryListener);
      grid.getCluster().removeMembershipListener(membershipListener);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "subscriber counts not closed: {0}", e.toString());
    }
  }

  static String key(String node, String path) {
    return node + " " + path;
  }

  private void learn(String key, Integer count) {
    int space = key.indexOf(' ');
    String owner = key.substring(0, space);
    if (owner.equals(node) || count == null) {
      return;
    }
    others
        .computeIfAbsent(key.substring(space + 1), p -> new ConcurrentHashMap<>())
        .put(owner, count);
  }

  private void forget(String key) {
    int space = key.indexOf(' ');
    others.computeIfPresent(
        key.substring(space + 1),
        (path, counts) -> {
          counts.remove(key.substring(0, space));
          return counts.isEmpty() ? null : counts;
        });
  }

  /** The map's events, on Hazelcast's event threads, one key's in order. */
  private final class Events
      implements EntryAddedListener<String, Integer>,
          EntryUpdatedListener<String, Integer>,
          EntryRemovedListener<String, Integer> {
    @Override
    public void entryAdded(EntryEvent<String, Integer> event) {
      learn(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, Integer> event) {
      learn(event.getKey(), event.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, Integer> event) {
      forget(event.getKey());
    }
  }
}
