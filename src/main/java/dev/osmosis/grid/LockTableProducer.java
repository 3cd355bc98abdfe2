package dev.osmosis.grid;

import dev.osmosis.cluster.Cluster;
import dev.osmosis.lock.LocalLockTable;
import dev.osmosis.lock.LockTable;
import dev.osmosis.message.RequestSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Where the session locks live (docs/CLUSTER.md "Locks"): the grid's {@link GridLocks} when this
 * node is clustered, else {@link LocalLockTable}. A session may hold or await at most {@code
 * osmosis.maxPendingRequests} locks either way.
 */
@ApplicationScoped
public class LockTableProducer {
  private static final System.Logger LOG = System.getLogger(LockTableProducer.class.getName());

  @Produces
  @Singleton
  LockTable lockTable(Cluster cluster, RequestSettings settings) {
    if (!(cluster instanceof GridCluster grid)) {
      return new LocalLockTable(settings.maxPendingRequests());
    }
    LOG.log(System.Logger.Level.INFO, "session locks on the data grid (map {0})", GridLocks.MAP);
    return new GridLocks(grid.grid(), settings.maxPendingRequests()).start();
  }

  void close(@Disposes LockTable table) {
    if (table instanceof GridLocks locks) {
      locks.close();
    }
  }
}
