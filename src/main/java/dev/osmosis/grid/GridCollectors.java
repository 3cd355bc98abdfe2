package dev.osmosis.grid;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.osmosis.error.RequestException;
import dev.osmosis.metrics.CollectorJson;
import dev.osmosis.metrics.CollectorSet;
import dev.osmosis.metrics.MetricCollectors;
import dev.osmosis.wire.ErrorCode;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Metric collectors on a cluster (docs/CLUSTER.md), as {@link GridSecurity} shares the security
 * store: the latest set lives in the grid map {@value #NAME} under one key, with a version counted
 * up by every change. A change locks that key (changes on all nodes are serialised), applies to the
 * grid's set (not to this node's, which may not have heard the last change yet), is stored and
 * published here, then written to the map; if that write fails the change is 5003 and the caller
 * puts its previous set back. Every other node hears the entry change and adopts the set if it is
 * newer than what it has, storing it in its own database only if it has one of its own. A node
 * starting while the cluster runs adopts the grid's set; the first node of a cluster shares the set
 * it loaded from its database. Thread safe.
 */
final class GridCollectors implements MetricCollectors.Sharing {
  static final String NAME = "osmosis.metrics";
  static final String KEY = "collectors";

  private static final System.Logger LOG = System.getLogger(GridCollectors.class.getName());

  private final IMap<String, String> map;
  private final String node;
  private final String database;
  private final AtomicLong applied = new AtomicLong();
  private volatile MetricCollectors collectors;
  private UUID listener;

  /**
   * @param database which database this node writes to: the same text on nodes that share one (its
   *     URL), a text of its own on a node with its own (the embedded database)
   */
  GridCollectors(HazelcastInstance grid, String node, String database) {
    this.map = grid.getMap(NAME);
    this.node = node;
    this.database = database;
  }

  @Override
  public void attach(MetricCollectors collectors) {
    this.collectors = collectors;
    listener = map.addEntryListener(new Changes(), KEY, true);
    String current = map.get(KEY);
    CollectorSet mine = collectors.collectors();
    if (current == null && mine.size() > 0) {
      // the first node of a cluster shares what it loaded from its database
      current =
          map.putIfAbsent(
              KEY,
              new SharedEntry(1, node, database, CollectorJson.json(mine).toString())
                  .json("collectors"));
      if (current == null) {
        applied.set(1);
        return;
      }
    }
    if (current != null) {
      adopt(current, "the running cluster");
    }
  }

  @Override
  public CollectorSet change(UnaryOperator<CollectorSet> change) {
    try {
      map.lock(KEY);
    } catch (HazelcastException e) {
      throw unavailable(e);
    }
    try {
      String current = map.get(KEY);
      SharedEntry shared = current == null ? null : SharedEntry.parse(current, "collectors");
      long version = shared == null ? 1 : shared.version() + 1;
      CollectorSet after =
          change.apply(shared == null ? null : CollectorJson.collectorSet(shared.payload()));
      map.set(
          KEY,
          new SharedEntry(version, node, database, CollectorJson.json(after).toString())
              .json("collectors"));
      applied.set(version); // under the collectors' lock: an older event arriving later is ignored
      return after;
    } catch (HazelcastException e) {
      throw unavailable(e);
    } finally {
      try {
        map.unlock(KEY);
      } catch (HazelcastException e) {
        LOG.log(System.Logger.Level.WARNING, "could not unlock the collectors' grid entry", e);
      }
    }
  }

  void close() {
    if (listener != null) {
      try {
        map.removeEntryListener(listener);
      } catch (HazelcastException e) {
        LOG.log(System.Logger.Level.DEBUG, "grid gone at close", e);
      }
    }
  }

  private void adopt(String value, String from) {
    SharedEntry shared;
    CollectorSet set;
    try {
      shared = SharedEntry.parse(value, "collectors");
      set = CollectorJson.collectorSet(shared.payload());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "the metric collectors in the grid are not valid", e);
      return;
    }
    boolean persist = !shared.database().equals(database);
    boolean adopted =
        collectors.adopt(
            () -> {
              if (shared.version() <= applied.get()) {
                return null;
              }
              applied.set(shared.version());
              return set;
            },
            persist);
    if (adopted) {
      LOG.log(
          System.Logger.Level.INFO,
          "metric collectors version {0} adopted from {1} (node {2}){3}",
          shared.version(),
          from,
          shared.node(),
          persist ? ", written to this node's database" : "");
    }
  }

  private static RequestException unavailable(HazelcastException e) {
    LOG.log(System.Logger.Level.WARNING, "the data grid failed during a collector change", e);
    return new RequestException(
        ErrorCode.UNAVAILABLE, "the cluster cannot share a metric collector change now");
  }

  private final class Changes
      implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      heard(event);
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      heard(event);
    }

    private void heard(EntryEvent<String, String> event) {
      if (event.getMember() != null && event.getMember().localMember()) {
        return; // this node's own change, applied already
      }
      adopt(event.getValue(), "a change on another node");
    }
  }
}
