package dev.osmosis.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.session.ConnectionLimits;
import java.io.FileReader;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** osmosis.maxWebSocketsPerAddress and osmosis.maxAnonymousSessionsPerAddress. */
class OsmosisConfigConnectionsTest {
  @Test
  void connectionLimits_whenShippedFileOrNothing_thenDefaults() throws Exception {
    Properties file = new Properties();
    try (FileReader in = new FileReader("payara-config/osmosis.properties")) {
      file.load(in);
    }
    assertEquals(
        ConnectionLimits.defaults(), OsmosisConfig.connectionLimits(file, new Properties()));
    assertEquals(
        ConnectionLimits.defaults(),
        OsmosisConfig.connectionLimits(new Properties(), new Properties()));
  }

  @Test
  void connectionLimits_whenSet_thenUsedAndValidated() {
    Properties system = new Properties();
    system.setProperty("osmosis.maxWebSocketsPerAddress", "5");
    system.setProperty("osmosis.maxAnonymousSessionsPerAddress", "0");
    assertEquals(
        new ConnectionLimits(5, 0), OsmosisConfig.connectionLimits(new Properties(), system));
    system.setProperty("osmosis.maxWebSocketsPerAddress", "0");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> OsmosisConfig.connectionLimits(new Properties(), system));
    assertTrue(e.getMessage().contains("osmosis.maxWebSocketsPerAddress"), e.getMessage());
  }

  @Test
  void removeWebSocketByteProbes_whenShippedFileNothingOrSet_thenTrueUnlessFalse()
      throws Exception {
    Properties file = new Properties();
    try (FileReader in = new FileReader("payara-config/osmosis.properties")) {
      file.load(in);
    }
    assertTrue(OsmosisConfig.removeWebSocketByteProbes(file, new Properties()));
    assertTrue(OsmosisConfig.removeWebSocketByteProbes(new Properties(), new Properties()));
    Properties system = new Properties();
    system.setProperty("osmosis.removeWebSocketByteProbes", "false");
    assertEquals(false, OsmosisConfig.removeWebSocketByteProbes(file, system));
    system.setProperty("osmosis.removeWebSocketByteProbes", "no");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> OsmosisConfig.removeWebSocketByteProbes(file, system));
    assertTrue(e.getMessage().contains("osmosis.removeWebSocketByteProbes"), e.getMessage());
  }
}
