package dev.osmosis.grid;

import dev.osmosis.cluster.Cluster;
import dev.osmosis.control.SecurityControl;
import dev.osmosis.platform.DatabaseSettings;
import dev.osmosis.platform.OsmosisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * How security store changes reach the other nodes (docs/CLUSTER.md "Security administration"):
 * through the grid's {@link GridSecurity} when this node is clustered, else not at all.
 */
@ApplicationScoped
public class SecuritySharingProducer {
  private static final System.Logger LOG =
      System.getLogger(SecuritySharingProducer.class.getName());

  @Produces
  @Singleton
  SecurityControl.Sharing securitySharing(Cluster cluster) {
    if (!(cluster instanceof GridCluster grid)) {
      return SecurityControl.Sharing.ALONE;
    }
    DatabaseSettings database = OsmosisConfig.database();
    String id = database.embedded() ? "embedded:" + grid.nodeId() : database.url();
    LOG.log(
        System.Logger.Level.INFO,
        "security store changes are shared through the data grid (map {0})",
        GridSecurity.NAME);
    return new GridSecurity(grid.grid(), grid.nodeId(), id);
  }

  void close(@Disposes SecurityControl.Sharing sharing) {
    if (sharing instanceof GridSecurity security) {
      security.close();
    }
  }
}
