package dev.osmosis.grid;

import static org.junit.jupiter.api.Assertions.fail;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.util.function.BooleanSupplier;

/**
 * Real embedded Hazelcast members for the grid tests: loopback only, tcp-ip join over ten explicit
 * ports (a range is not accepted), no multicast, no logging; each test class its own cluster name
 * and first port so classes never join each other.
 */
public final class EmbeddedGrid {
  static final long DEADLINE_MS = 30_000;

  private EmbeddedGrid() {}

  public static Config config(String cluster, int firstPort) {
    Config config = new Config();
    config.setClusterName(cluster);
    config.setProperty("hazelcast.logging.type", "none");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(firstPort).setPortAutoIncrement(true).setPortCount(40);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    var tcp = join.getTcpIpConfig().setEnabled(true);
    for (int port = firstPort; port < firstPort + 10; port++) {
      tcp.addMember("127.0.0.1:" + port);
    }
    return config;
  }

  /** Waits until {@code condition} holds; fails naming {@code what} after {@link #DEADLINE_MS}. */
  public static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        fail("not within " + DEADLINE_MS + " ms: " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(e);
      }
    }
  }
}
