package dev.osmosis.grid;

import dev.osmosis.cluster.Cluster;
import dev.osmosis.metrics.MetricCollectors;
import dev.osmosis.platform.DatabaseSettings;
import dev.osmosis.platform.OsmosisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * How metric collector changes reach the other nodes (docs/CLUSTER.md): through the grid's {@link
 * GridCollectors} when this node is clustered, else not at all.
 */
@ApplicationScoped
public class CollectorSharingProducer {
  private static final System.Logger LOG =
      System.getLogger(CollectorSharingProducer.class.getName());

  @Produces
  @Singleton
  MetricCollectors.Sharing collectorSharing(Cluster cluster) {
    if (!(cluster instanceof GridCluster grid)) {
      return MetricCollectors.Sharing.ALONE;
    }
    DatabaseSettings database = OsmosisConfig.database();
    String id = database.embedded() ? "embedded:" + grid.nodeId() : database.url();
    LOG.log(
        System.Logger.Level.INFO,
        "metric collector changes are shared through the data grid (map {0})",
        GridCollectors.NAME);
    return new GridCollectors(grid.grid(), grid.nodeId(), id);
  }

  void close(@Disposes MetricCollectors.Sharing sharing) {
    if (sharing instanceof GridCollectors collectors) {
      collectors.close();
    }
  }
}
