package dev.osmosis.grid;

import com.hazelcast.map.IMap;
import dev.osmosis.grid.LockRecord.Holder;
import dev.osmosis.lock.SessionLocks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The holders query of {@link GridLocks} ({@code getSessionLock(s)}, docs/PROTOCOL.md §8): who owns
 * the session locks, across the cluster, read from the lock records as they stand in the grid map.
 * A record names its owner (session id and node) whatever node the session is on, so any node
 * answers for every node; waiters and free records are not holders.
 */
final class LockHolders {
  private LockHolders() {}

  /**
   * The owners of lock {@code name}, or of every lock when it is null, sorted by name. A holder's
   * server name comes from {@code servers} (session id to {@code $ServerName}, "" if unknown),
   * looked up once per node of the answer: every session of a node has that node's name.
   */
  static List<SessionLocks.Holder> read(
      IMap<String, byte[]> map, String name, Function<String, String> servers) {
    TreeMap<String, LockRecord> records = new TreeMap<>();
    if (name != null) {
      byte[] bytes = map.get(name);
      if (bytes != null) {
        records.put(name, LockRecord.decode(bytes));
      }
    } else {
      for (Map.Entry<String, byte[]> e : map.entrySet()) {
        records.put(e.getKey(), LockRecord.decode(e.getValue()));
      }
    }
    Map<String, String> serverOfNode = new HashMap<>();
    List<SessionLocks.Holder> held = new ArrayList<>();
    records.forEach(
        (lock, r) -> {
          Holder owner = r.owner();
          if (owner != null) {
            String server = serverOfNode.get(owner.node());
            if (server == null) {
              server = servers.apply(owner.session());
              if (!server.isEmpty()) {
                serverOfNode.put(owner.node(), server);
              }
            }
            held.add(new SessionLocks.Holder(lock, owner.session(), server, r.sequence()));
          }
        });
    return held;
  }
}
