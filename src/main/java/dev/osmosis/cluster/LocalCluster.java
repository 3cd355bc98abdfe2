package dev.osmosis.cluster;

import java.util.List;
import java.util.UUID;

/** The grid off: this node alone, its id a random UUID drawn at start. */
public final class LocalCluster implements Cluster {
  private final String nodeId;
  private final List<ClusterMember> members;

  public LocalCluster() {
    this(UUID.randomUUID().toString());
  }

  public LocalCluster(String nodeId) {
    this.nodeId = nodeId;
    this.members = List.of(new ClusterMember(nodeId, "", true));
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public boolean clustered() {
    return false;
  }

  @Override
  public List<ClusterMember> members() {
    return members;
  }
}
