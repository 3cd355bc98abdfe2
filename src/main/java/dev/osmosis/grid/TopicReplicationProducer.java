package dev.osmosis.grid;

import dev.osmosis.cluster.Cluster;
import dev.osmosis.subscribe.LocalTopics;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicReplication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Where topic changes go (docs/CLUSTER.md "Topics"): the grid's {@link GridTopics} when this node
 * is clustered, which loads the whole tree from the grid here, before the node is ready ({@code
 * platform.Lifecycle} injects the role); else {@link LocalTopics}.
 */
@ApplicationScoped
public class TopicReplicationProducer {
  private static final System.Logger LOG =
      System.getLogger(TopicReplicationProducer.class.getName());

  /** How long a change waits for this node to apply it before answering anyway. */
  static final Duration WAIT_FOR_APPLY = Duration.ofSeconds(10);

  @Produces
  @Singleton
  TopicReplication topicReplication(Cluster cluster, Subscriptions subscriptions) {
    if (!(cluster instanceof GridCluster grid)) {
      return new LocalTopics(subscriptions);
    }
    GridTopics topics = new GridTopics(grid.grid(), subscriptions, WAIT_FOR_APPLY);
    int loaded = topics.start();
    LOG.log(
        System.Logger.Level.INFO,
        "topics replicated on the data grid (map {0}): {1} loaded",
        GridTopics.MAP,
        loaded);
    return topics;
  }

  void close(@Disposes TopicReplication replication) {
    if (replication instanceof GridTopics topics) {
      topics.close();
    }
  }
}
