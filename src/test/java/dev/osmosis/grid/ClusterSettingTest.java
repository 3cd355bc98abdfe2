package dev.osmosis.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.JoinConfig;
import dev.osmosis.cluster.Cluster;
import dev.osmosis.cluster.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  // ---- the refusal as the node meets it: GridProducer reads the setting (osmosis.properties, then
  // -D), decides, and refuses the start with its one line, the same however often it is asked

  @Test
  void producer_whenOsmosisPropertiesHasAnUnknownValue_thenRefusesWithOneLineNamingTheValues(
      @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("osmosis.properties"), "osmosis.cluster = maybe\n");
    GridProducer producer = new GridProducer();
    IllegalStateException first =
        withProperties(
            file.toString(),
            null,
            () -> assertThrows(IllegalStateException.class, producer::cluster));
    assertEquals(
        "osmosis.cluster must be auto, on or off, is 'maybe'. Refusing to start.",
        first.getMessage());
    IllegalStateException again =
        withProperties(
            file.toString(),
            "off", // decided once: a later ask gets the same refusal
            () -> assertThrows(IllegalStateException.class, producer::cluster));
    assertSame(first, again);
  }

  @Test
  void producer_whenOnButNoGridAtPayaraHazelcast_thenRefusesWithTheNohazelcastLine()
      throws Exception {
    // a plain JVM binds nothing at payara/Hazelcast: what Payara Micro --nohazelcast leaves
    IllegalStateException e =
        withProperties(
            null,
            " ON ",
            () -> assertThrows(IllegalStateException.class, () -> new GridProducer().cluster()));
    assertEquals(
        "osmosis.cluster=on but Payara Micro runs without its data grid (--nohazelcast): start it"
            + " without --nohazelcast, or set osmosis.cluster=auto. Refusing to start.",
        e.getMessage());
  }

  @Test
  void producer_whenTheSystemPropertyOverridesABadFileValue_thenItsValueDecides(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("osmosis.properties"), "osmosis.cluster=yes\n");
    Cluster cluster = withProperties(file.toString(), "off", () -> new GridProducer().cluster());
    assertTrue(cluster instanceof LocalCluster, cluster.toString());
  }

  /**
   * Runs with osmosis.config and osmosis.cluster set as given (null: unset), then restores them.
   */
  private static <T> T withProperties(String config, String cluster, Callable<T> action)
      throws Exception {
    String oldConfig = System.getProperty("osmosis.config");
    String oldCluster = System.getProperty(ClusterSetting.KEY);
    set("osmosis.config", config);
    set(ClusterSetting.KEY, cluster);
    try {
      return action.call();
    } finally {
      set("osmosis.config", oldConfig);
      set(ClusterSetting.KEY, oldCluster);
    }
  }

  private static void set(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
