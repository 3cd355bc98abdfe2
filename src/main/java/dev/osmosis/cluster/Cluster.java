package dev.osmosis.cluster;

import java.util.List;

/**
 * The nodes that together are one Osmosis, as this node sees them. Decided once at start: {@link
 * LocalCluster} when the grid is off (one node, today's behaviour), the grid's implementation when
 * it is on (docs/CLUSTER.md). Thread-safe.
 */
public interface Cluster {

  /** This node's id: stable for the life of the process, unique among the members. */
  String nodeId();

  /** Whether this node runs on the grid (true even while it is the grid's only member). */
  boolean clustered();

  /** The current members, this node included, oldest first. */
  List<ClusterMember> members();
}
