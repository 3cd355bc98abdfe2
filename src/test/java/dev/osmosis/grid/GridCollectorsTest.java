package dev.osmosis.grid;

import static dev.osmosis.grid.EmbeddedGrid.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import dev.osmosis.error.RequestException;
import dev.osmosis.filter.SessionFilters;
import dev.osmosis.metrics.CollectorSet;
import dev.osmosis.metrics.CollectorStorage;
import dev.osmosis.metrics.MetricCollectors;
import dev.osmosis.metrics.MetricSettings;
import dev.osmosis.metrics.SessionMetricCollector;
import dev.osmosis.metrics.TopicMetricCollector;
import dev.osmosis.selector.TopicSelectors;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Metric collectors shared across embedded grid members (docs/CLUSTER.md). */
class GridCollectorsTest {
  final String cluster = "osmosis-collectors-" + UUID.randomUUID();
  final List<Node> nodes = new ArrayList<>();

  /** One Osmosis node's collectors on its own grid member, with a recording storage. */
  final class Node {
    final HazelcastInstance grid;
    final List<CollectorSet> writes = new CopyOnWriteArrayList<>();
    final GridCollectors sharing;
    final MetricCollectors collectors;

    Node(String database) {
      this(Hazelcast.newHazelcastInstance(EmbeddedGrid.config(cluster, 6401)), database);
    }

    Node(HazelcastInstance grid, String database) {
      this.grid = grid;
      String id = grid.getCluster().getLocalMember().getUuid().toString();
      sharing = new GridCollectors(grid, id, database);
      collectors =
          new MetricCollectors(
              new SessionRegistry(),
              new TopicTree(),
              new SessionFilters(),
              new TopicSelectors(),
              MetricSettings.defaults(),
              new CollectorStorage() {
                @Override
                public Optional<CollectorSet> load() {
                  return Optional.empty();
                }

                @Override
                public void replace(CollectorSet set) {
                  writes.add(set);
                }
              });
      collectors.share(sharing);
      nodes.add(this);
    }
  }

  @AfterEach
  void shutdown() {
    for (Node node : nodes) {
      node.sharing.close();
      node.grid.getLifecycleService().terminate();
    }
  }

  @Test
  void put_onOneNode_reachesTheOther_whichStoresItInItsOwnDatabase() {
    Node a = new Node("embedded:a");
    Node b = new Node("embedded:b");
    eventually("two members", () -> b.grid.getCluster().getMembers().size() == 2);

    a.collectors.putSessionCollector(SessionMetricCollector.of("s", "all", "$ClientType"));
    b.collectors.putTopicCollector(TopicMetricCollector.of("t", "?x//"));

    eventually("a has both", () -> a.collectors.collectors().size() == 2);
    eventually("b has both", () -> b.collectors.collectors().size() == 2);
    assertEquals(a.collectors.collectors(), b.collectors.collectors());
    assertEquals(List.of(b.collectors.collectors()), a.writes.subList(1, a.writes.size()));
    assertEquals(b.collectors.collectors(), b.writes.get(b.writes.size() - 1));
  }

  @Test
  void start_whileTheClusterRuns_adoptsItsCollectors_andASharedDatabaseIsWrittenOnce() {
    Node a = new Node("jdbc:postgresql://db/osmosis");
    a.collectors.putSessionCollector(SessionMetricCollector.of("s", "all"));

    Node b = new Node("jdbc:postgresql://db/osmosis");

    assertEquals(a.collectors.collectors(), b.collectors.collectors());
    assertEquals(List.of(), b.writes, "the node that made the change wrote the shared database");
  }

  @Test
  void start_ofTheFirstNode_sharesTheCollectorsItLoaded() {
    HazelcastInstance first = Hazelcast.newHazelcastInstance(EmbeddedGrid.config(cluster, 6401));
    CollectorSet stored =
        new CollectorSet(List.of(SessionMetricCollector.of("s", "all")), List.of());
    MetricCollectors loaded =
        new MetricCollectors(
            new SessionRegistry(),
            new TopicTree(),
            new SessionFilters(),
            new TopicSelectors(),
            MetricSettings.defaults(),
            new CollectorStorage() {
              @Override
              public Optional<CollectorSet> load() {
                return Optional.of(stored);
              }

              @Override
              public void replace(CollectorSet set) {}
            });
    loaded.load();
    GridCollectors sharing = new GridCollectors(first, "first", "embedded:first");
    try {
      loaded.share(sharing);

      Node b = new Node("embedded:b");

      assertEquals(stored, b.collectors.collectors());
      assertEquals(List.of(stored), b.writes, "b has a database of its own: written");
    } finally {
      sharing.close();
      first.getLifecycleService().terminate();
    }
  }

  @Test
  void put_whenTheGridFails_thenUnavailableAndNothingChanged() {
    FailingGrid failing =
        new FailingGrid(Hazelcast.newHazelcastInstance(EmbeddedGrid.config(cluster, 6401)));
    Node a = new Node(failing.instance(), "embedded:a");
    a.collectors.putSessionCollector(SessionMetricCollector.of("kept", "all"));
    failing.failWith(new HazelcastException("grid down"));

    RequestException e =
        assertThrows(
            RequestException.class,
            () -> a.collectors.putSessionCollector(SessionMetricCollector.of("new", "all")));

    assertEquals(ErrorCode.UNAVAILABLE, e.code());
    assertEquals(
        List.of(SessionMetricCollector.of("kept", "all")), a.collectors.sessionCollectors());
  }

  @Test
  void put_whenTheGridFailsAfterTheStore_thenUnavailableAndThePreviousSetIsBack() {
    FailingGrid failing =
        new FailingGrid(Hazelcast.newHazelcastInstance(EmbeddedGrid.config(cluster, 6401)));
    Node a = new Node(failing.instance(), "embedded:a");
    a.collectors.putSessionCollector(SessionMetricCollector.of("kept", "all"));
    CollectorSet before = a.collectors.collectors();
    a.collectors.listen(
        (was, now) -> failing.failWith(new HazelcastException("grid down after the store")));

    RequestException e =
        assertThrows(
            RequestException.class,
            () -> a.collectors.putSessionCollector(SessionMetricCollector.of("new", "all")));

    assertEquals(ErrorCode.UNAVAILABLE, e.code());
    assertEquals(before, a.collectors.collectors());
    assertEquals(before, a.writes.get(a.writes.size() - 1), "the database has the previous set");
  }
}
