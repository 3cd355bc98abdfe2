package dev.osmosis.grid;

import dev.osmosis.cluster.Cluster;
import dev.osmosis.subscribe.SubscriberCounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Cluster-wide subscriber counts for REMOVAL {@code subscriptions <} (docs/CLUSTER.md "Topics"):
 * the grid's {@link GridSubscriberCounts} when this node is clustered; alone, none are needed (the
 * counts that do nothing: {@code TopicExpiry} on one node does not use them).
 */
@ApplicationScoped
public class SubscriberCountsProducer {

  /** Alone: no other node publishes a count. */
  static final SubscriberCounts ALONE =
      new SubscriberCounts() {
        @Override
        public void publish(String path, int count) {}

        @Override
        public int others(String path) {
          return 0;
        }

        @Override
        public void withdraw(String path) {}
      };

  @Produces
  @Singleton
  SubscriberCounts subscriberCounts(Cluster cluster) {
    return cluster instanceof GridCluster grid ? new GridSubscriberCounts(grid) : ALONE;
  }

  void close(@Disposes SubscriberCounts counts) {
    if (counts instanceof GridSubscriberCounts grid) {
      grid.close();
    }
  }
}
