package dev.osmosis.grid;

import static dev.osmosis.grid.EmbeddedGrid.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cluster-wide subscriber counts for REMOVAL {@code subscriptions <} on real embedded Hazelcast
 * members: what one node publishes the others read; a withdrawn count and a dead node's counts no
 * longer count.
 */
class GridSubscriberCountsTest {
  static final String CLUSTER = "osmosis-counts-test-" + UUID.randomUUID();
  static final List<HazelcastInstance> members = new ArrayList<>();
  static GridSubscriberCounts a;
  static GridSubscriberCounts b;

  static GridSubscriberCounts member() {
    HazelcastInstance grid = Hazelcast.newHazelcastInstance(EmbeddedGrid.config(CLUSTER, 5981));
    members.add(grid);
    return new GridSubscriberCounts(new GridCluster(grid));
  }

  @BeforeAll
  static void cluster() {
    a = member();
    b = member();
    eventually("two members", () -> members.get(1).getCluster().getMembers().size() == 2);
  }

  @AfterAll
  static void shutdown() {
    members.forEach(HazelcastInstance::shutdown);
  }

  @Test
  void publish_onA_thenBReadsItsLatestCount_untilWithdrawn() {
    a.publish("p", 2);
    eventually("B reads 2", () -> b.others("p") == 2);
    assertEquals(0, a.others("p"), "a node's own count is not among the others'");
    a.publish("p", 1);
    eventually("B reads 1", () -> b.others("p") == 1);
    b.publish("p", 1);
    eventually("A reads B's 1", () -> a.others("p") == 1);
    a.withdraw("p");
    eventually("B reads none", () -> b.others("p") == 0);
    b.withdraw("p");
  }

  @Test
  void aNodeThatDies_thenItsCountsNoLongerCount() {
    GridSubscriberCounts c = member();
    HazelcastInstance cGrid = members.get(members.size() - 1);
    eventually("three members", () -> members.get(0).getCluster().getMembers().size() == 3);
    c.publish("dying", 3);
    eventually("A reads C's 3", () -> a.others("dying") == 3);

    cGrid.getLifecycleService().terminate();
    members.remove(cGrid);

    eventually("A reads none", () -> a.others("dying") == 0);
    eventually(
        "C's entry removed",
        () ->
            members.get(0).getMap(GridSubscriberCounts.MAP).keySet().stream()
                .noneMatch(k -> ((String) k).endsWith(" dying")));
  }
}
