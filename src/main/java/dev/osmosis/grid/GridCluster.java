package dev.osmosis.grid;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.osmosis.cluster.Cluster;
import dev.osmosis.cluster.ClusterMember;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster on Payara Micro's Hazelcast: the node id is this member's UUID, the members are the
 * grid's (Hazelcast lists them oldest first; a member killed leaves the list within the failure
 * detection time, docs/CLUSTER.md).
 */
final class GridCluster implements Cluster {
  private final HazelcastInstance grid;
  private final String nodeId;

  GridCluster(HazelcastInstance grid) {
    this.grid = grid;
    this.nodeId = grid.getCluster().getLocalMember().getUuid().toString();
  }

  HazelcastInstance grid() {
    return grid;
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public boolean clustered() {
    return true;
  }

  @Override
  public List<ClusterMember> members() {
    List<ClusterMember> members = new ArrayList<>();
    for (Member member : grid.getCluster().getMembers()) {
      String id = member.getUuid().toString();
      members.add(new ClusterMember(id, address(member), id.equals(nodeId)));
    }
    return List.copyOf(members);
  }

  static String address(Member member) {
    return member.getAddress().getHost() + ":" + member.getAddress().getPort();
  }
}
