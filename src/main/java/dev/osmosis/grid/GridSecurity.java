package dev.osmosis.grid;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.osmosis.control.SecurityControl;
import dev.osmosis.error.RequestException;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.wire.ErrorCode;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Security administration on a cluster (docs/CLUSTER.md "Security administration"): the latest
 * snapshot lives in the grid map {@value #NAME} under one key, with a version counted up by every
 * change. A change locks that key (so changes on all nodes are serialised), applies its script to
 * the grid's snapshot (not to this node's, which may not have heard the last change yet), stores
 * and publishes it here, then writes it to the map. Every other node hears the map entry change and
 * adopts the snapshot if it is newer than what it has: it stores it in its own database only if it
 * has one of its own (the embedded default; nodes sharing a database were written by the node that
 * ran the script), publishes it and applies its live effects. A node starting while the cluster
 * runs adopts the grid's snapshot. Thread safe.
 */
final class GridSecurity implements SecurityControl.Sharing {
  static final String NAME = "osmosis.security";
  static final String KEY = "store";

  private static final System.Logger LOG = System.getLogger(GridSecurity.class.getName());

  private final IMap<String, String> map;
  private final String node;
  private final String database;
  private final AtomicLong applied = new AtomicLong();
  private volatile SecurityControl control;
  private UUID listener;

  /**
   * @param database which database this node writes its store to: the same text on nodes that share
   *     one (its URL), a text of its own on a node with its own (the embedded database)
   */
  GridSecurity(HazelcastInstance grid, String node, String database) {
    this.map = grid.getMap(NAME);
    this.node = node;
    this.database = database;
  }

  @Override
  public void attach(SecurityControl control) {
    this.control = control;
    listener = map.addEntryListener(new Changes(), KEY, true);
    String current = map.get(KEY);
    if (current != null) {
      adopt(current, "the running cluster");
    }
  }

  @Override
  public SecurityStore change(UnaryOperator<SecurityStore> change) {
    try {
      map.lock(KEY);
    } catch (HazelcastException e) {
      throw unavailable(e);
    }
    try {
      String current = map.get(KEY);
      SharedEntry shared = current == null ? null : SharedEntry.parse(current, "store");
      long version = shared == null ? 1 : shared.version() + 1;
      SecurityStore after =
          change.apply(shared == null ? null : SecurityStoreJson.decode(shared.payload()));
      applied.set(version); // under the control's lock: an older event arriving later is ignored
      try {
        map.set(
            KEY,
            new SharedEntry(version, node, database, SecurityStoreJson.encode(after))
                .json("store"));
      } catch (HazelcastException e) {
        LOG.log(
            System.Logger.Level.ERROR,
            "the security store changed on this node (and its database) but could not be shared"
                + " with the other nodes: they keep the previous one until the next change",
            e);
      }
      return after;
    } catch (HazelcastException e) {
      throw unavailable(e);
    } finally {
      try {
        map.unlock(KEY);
      } catch (HazelcastException e) {
        LOG.log(System.Logger.Level.WARNING, "could not unlock the security store's grid entry", e);
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

  /** What this node last applied (a version of the grid entry; 0: none). */
  long applied() {
    return applied.get();
  }

  private void adopt(String value, String from) {
    SharedEntry shared;
    SecurityStore store;
    try {
      shared = SharedEntry.parse(value, "store");
      store = SecurityStoreJson.decode(shared.payload());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "the security store in the grid is not valid; ignored", e);
      return;
    }
    boolean persist = !shared.database().equals(database);
    boolean adopted =
        control.adopt(
            () -> {
              if (shared.version() <= applied.get()) {
                return null;
              }
              applied.set(shared.version());
              return store;
            },
            persist,
            "the cluster (version " + shared.version() + " from node " + shared.node() + ")");
    if (adopted) {
      LOG.log(
          System.Logger.Level.INFO,
          "security store version {0} adopted from {1} (node {2}){3}",
          shared.version(),
          from,
          shared.node(),
          persist ? ", written to this node's database" : "");
    }
  }

  private static RequestException unavailable(HazelcastException e) {
    LOG.log(System.Logger.Level.WARNING, "the data grid failed during a security store change", e);
    return new RequestException(
        ErrorCode.UNAVAILABLE, "the cluster cannot share a security store change now");
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
