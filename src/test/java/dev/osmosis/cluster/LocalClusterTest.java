package dev.osmosis.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalClusterTest {

  @Test
  void members_whenAlone_thenThisNodeOnly() {
    LocalCluster cluster = new LocalCluster("n1");
    assertFalse(cluster.clustered());
    assertEquals(List.of(new ClusterMember("n1", "", true)), cluster.members());
  }

  @Test
  void nodeId_whenTwoServers_thenDistinct() {
    assertNotEquals(new LocalCluster().nodeId(), new LocalCluster().nodeId());
  }
}
