package dev.osmosis.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.JoinConfig;
import org.junit.jupiter.api.Test;

class ClusterSettingTest {

  @Test
  void parse_whenBlankOrAnyCase_thenTheSetting() {
    assertEquals(ClusterSetting.AUTO, ClusterSetting.parse(null));
    assertEquals(ClusterSetting.AUTO, ClusterSetting.parse(" "));
    assertEquals(ClusterSetting.ON, ClusterSetting.parse("On"));
    assertEquals(ClusterSetting.OFF, ClusterSetting.parse(" off "));
  }

  @Test
  void parse_whenUnknown_thenRefusesNamingTheKey() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ClusterSetting.parse("yes"));
    assertEquals(
        "osmosis.cluster must be auto, on or off, is 'yes'. Refusing to start.", e.getMessage());
  }

  @Test
  void auto_whenTheGridJoinsOthers_thenClustered_otherwiseAlone() {
    assertTrue(ClusterSetting.AUTO.clustered(true, true));
    assertFalse(ClusterSetting.AUTO.clustered(true, false));
    assertFalse(ClusterSetting.AUTO.clustered(false, false));
  }

  @Test
  void off_whateverPayaraRuns_thenAlone() {
    assertFalse(ClusterSetting.OFF.clustered(true, true));
  }

  @Test
  void on_withoutAGridOrWithNocluster_thenRefusesWithOneLine() {
    assertTrue(ClusterSetting.ON.clustered(true, true));
    String noGrid =
        assertThrows(IllegalStateException.class, () -> ClusterSetting.ON.clustered(false, false))
            .getMessage();
    String noJoin =
        assertThrows(IllegalStateException.class, () -> ClusterSetting.ON.clustered(true, false))
            .getMessage();
    assertTrue(noGrid.contains("--nohazelcast"), noGrid);
    assertTrue(noJoin.contains("--nocluster"), noJoin);
    assertFalse(noGrid.contains("\n") || noJoin.contains("\n"));
  }

  @Test
  void joinsOthers_whenPayaraNocluster_thenFalse() {
    JoinConfig join = new Config().getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getDiscoveryConfig()
        .addDiscoveryStrategyConfig(
            new DiscoveryStrategyConfig(GridProducer.PAYARA_DOMAIN_DISCOVERY));
    assertFalse(GridProducer.joinsOthers(join));
  }

  @Test
  void joinsOthers_whenTcpIpOrMulticast_thenTrue() {
    JoinConfig tcp = new Config().getNetworkConfig().getJoin();
    tcp.getMulticastConfig().setEnabled(false);
    tcp.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:6900");
    assertTrue(GridProducer.joinsOthers(tcp));
    JoinConfig multicast = new Config().getNetworkConfig().getJoin();
    multicast.getMulticastConfig().setEnabled(true);
    assertTrue(GridProducer.joinsOthers(multicast));
  }
}
