package dev.osmosis.grid;

import dev.osmosis.cluster.Cluster;
import dev.osmosis.cluster.SessionDirectory;
import dev.osmosis.cluster.SessionReplication;
import dev.osmosis.lock.LocalLockTable;
import dev.osmosis.lock.LockTable;
import dev.osmosis.message.RequestSettings;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.session.SessionListener;
import dev.osmosis.session.SessionProperties;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.wire.CloseReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

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
  LockTable lockTable(
      Cluster cluster,
      RequestSettings settings,
      SessionReplication replication,
      SessionRegistry registry,
      SessionDirectory directory) {
    if (!(cluster instanceof GridCluster grid)) {
      return new LocalLockTable(settings.maxPendingRequests());
    }
    LOG.log(System.Logger.Level.INFO, "session locks on the data grid (map {0})", GridLocks.MAP);
    GridLocks locks =
        new GridLocks(grid.grid(), settings.maxPendingRequests())
            .servers(
                id ->
                    directory
                        .session(id)
                        .map(s -> s.properties().getOrDefault(SessionProperties.SERVER_NAME, ""))
                        .orElse(""));
    if (replication instanceof GridSessionStore store) {
      recover(locks, store, registry);
    }
    return locks.start();
  }

  /**
   * Fail-over: the UNLOCK_ON_SESSION_LOSS locks of a dead node's resumable sessions wait for their
   * recovery window; a session resumed here holds them again as it opens.
   */
  static void recover(GridLocks locks, GridSessionStore store, SessionRegistry registry) {
    locks.recovery(
        new GridLockRecovery.Sessions() {
          @Override
          public boolean resumable(String id) {
            return store.resumable(id);
          }

          @Override
          public Session local(String id) {
            return registry.get(SessionId.parse(id)).orElse(null);
          }
        });
    registry.addListener(
        new SessionListener() {
          @Override
          public void opened(Session session) {
            locks.resumed(session);
          }

          @Override
          public void updated(
              Session session, Map<String, String> before, Map<String, String> after) {}

          @Override
          public void closed(Session session, CloseReason reason) {}
        });
    store.alsoSweep(locks::sweep);
  }

  void close(@Disposes LockTable table) {
    if (table instanceof GridLocks locks) {
      locks.close();
    }
  }
}
