package dev.osmosis.grid;

import dev.osmosis.cluster.Cluster;
import dev.osmosis.cluster.SessionDirectory;
import dev.osmosis.message.LocalRelay;
import dev.osmosis.message.Messaging;
import dev.osmosis.message.NodeRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * How requests reach the other nodes (docs/CLUSTER.md "Messaging"): the grid's {@link GridRelay}
 * when this node is clustered, else {@link LocalRelay}.
 */
@ApplicationScoped
public class NodeRelayProducer {
  private static final System.Logger LOG = System.getLogger(NodeRelayProducer.class.getName());

  @Produces
  @Singleton
  NodeRelay nodeRelay(Cluster cluster, SessionDirectory directory) {
    if (!(cluster instanceof GridCluster grid)) {
      return LocalRelay.INSTANCE;
    }
    LOG.log(
        System.Logger.Level.INFO,
        "requests cross nodes on the data grid (inbox {0}{1}, handlers in map {2})",
        GridRelay.INBOX,
        grid.nodeId(),
        GridRelay.HANDLERS);
    return new GridRelay(grid, directory);
  }

  /**
   * Creates messaging when the application starts, so this node listens to its inbox and knows the
   * other nodes' handlers before any session uses it.
   */
  void start(@Observes @Initialized(ApplicationScoped.class) Object event, Messaging messaging) {
    messaging.pendingRequests();
  }

  void close(@Disposes NodeRelay relay) {
    if (relay instanceof GridRelay grid) {
      grid.close();
    }
  }
}
