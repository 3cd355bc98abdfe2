package dev.osmosis.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.osmosis.durable.TopicState;
import dev.osmosis.durable.TopicStore;

/**
 * Brings the stored topics into the grid's topic map once per cluster (docs/PERSISTENCE.md "On a
 * cluster"): under a grid lock, the first member to get here (the grid's flag {@link #RESTORED} is
 * not set) puts every stored topic the map does not have, with its stored incarnation, sequence,
 * specification and value, and sets the flag; every later member, and a member that restarts while
 * others run, finds the flag and loads nothing (the grid has the topics, newer than the store).
 * Runs before {@link GridTopics#start()}, which then loads the map into the node's tree.
 */
final class GridTopicRestore {
  /** The grid map whose key {@link #RESTORED} says the stored topics are in the grid. */
  static final String PERSISTENCE_MAP = "osmosis.persistence";

  static final String RESTORED = "restored";

  private GridTopicRestore() {}

  /**
   * Answers how many topics this call put into the grid, or -1 when the cluster had restored them
   * already.
   */
  static int restore(HazelcastInstance grid, TopicStore store) {
    IMap<String, String> flags = grid.getMap(PERSISTENCE_MAP);
    IMap<String, byte[]> topics = grid.getMap(GridTopics.MAP);
    String member = grid.getCluster().getLocalMember().getUuid().toString();
    flags.lock(RESTORED);
    try {
      if (flags.containsKey(RESTORED)) {
        return -1;
      }
      int put = 0;
      for (TopicState state : store.loadAll()) {
        TopicRecord record =
            new TopicRecord(
                state.incarnation(),
                state.sequence(),
                member,
                null,
                state.specification(),
                state.value());
        if (topics.putIfAbsent(state.path(), record.encode()) == null) {
          put++;
        }
      }
      flags.put(RESTORED, member);
      return put;
    } finally {
      flags.unlock(RESTORED);
    }
  }
}
