package dev.osmosis.grid;

import dev.osmosis.cluster.Cluster;
import dev.osmosis.durable.TopicJournal;
import dev.osmosis.durable.TopicStore;
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
 * platform.Lifecycle} injects the role); else {@link LocalTopics}. Either hands the changes of
 * persistent topics to the {@link TopicJournal}; the stored topics are restored here first: into
 * the tree alone, into the grid once per cluster ({@link GridTopicRestore}; docs/PERSISTENCE.md).
 */
@ApplicationScoped
public class TopicReplicationProducer {
  private static final System.Logger LOG =
      System.getLogger(TopicReplicationProducer.class.getName());

  /** How long a change waits for this node to apply it before answering anyway. */
  static final Duration WAIT_FOR_APPLY = Duration.ofSeconds(10);

  @Produces
  @Singleton
  TopicReplication topicReplication(
      Cluster cluster, Subscriptions subscriptions, TopicStore store, TopicJournal journal) {
    if (!(cluster instanceof GridCluster grid)) {
      LocalTopics topics = new LocalTopics(subscriptions, journal);
      int restored = topics.restore(store.loadAll());
      LOG.log(System.Logger.Level.INFO, "persistent topics restored: {0}", restored);
      return topics;
    }
    GridTopics topics = new GridTopics(grid.grid(), subscriptions, WAIT_FOR_APPLY, journal);
    int restored = GridTopicRestore.restore(grid.grid(), store);
    int loaded = topics.start();
    LOG.log(
        System.Logger.Level.INFO,
        "topics replicated on the data grid (map {0}): {1} loaded; {2}",
        GridTopics.MAP,
        loaded,
        restored < 0
            ? "the cluster had restored the persistent topics already"
            : restored + " persistent topics restored from the database by this node");
    return topics;
  }

  void close(@Disposes TopicReplication replication) {
    if (replication instanceof GridTopics topics) {
      topics.close();
    }
  }
}
