package dev.osmosis.grid;

import dev.osmosis.cluster.Cluster;
import dev.osmosis.room.LocalRooms;
import dev.osmosis.room.RoomSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Whether rooms span the cluster (docs/CLUSTER.md "Rooms"): the grid's {@link GridRooms} when this
 * node is clustered, else {@link LocalRooms}.
 */
@ApplicationScoped
public class RoomSpanProducer {
  private static final System.Logger LOG = System.getLogger(RoomSpanProducer.class.getName());

  @Produces
  @Singleton
  RoomSpan roomSpan(Cluster cluster) {
    if (!(cluster instanceof GridCluster grid)) {
      return new LocalRooms();
    }
    LOG.log(
        System.Logger.Level.INFO, "rooms span the data grid (map and topic {0})", GridRooms.NAME);
    return new GridRooms(grid.grid());
  }

  void close(@Disposes RoomSpan span) {
    if (span instanceof GridRooms rooms) {
      rooms.close();
    }
  }
}
