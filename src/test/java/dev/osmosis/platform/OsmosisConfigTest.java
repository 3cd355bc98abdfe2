package dev.osmosis.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.connection.ConnectionSettings;
import dev.osmosis.message.RequestSettings;
import dev.osmosis.room.RoomLimits;
import dev.osmosis.session.SessionSettings;
import dev.osmosis.transport.poll.PollSettings;
import dev.osmosis.transport.websocket.LivenessSettings;
import java.io.FileReader;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OsmosisConfigTest {

  @Test
  void parse_whenNothingSet_thenEmbeddedDefaults() {
    Properties none = new Properties();
    assertEquals(SessionSettings.defaults(), OsmosisConfig.parse(none, none));
    assertEquals(ConnectionSettings.defaults(), OsmosisConfig.connectionSettings(none, none));
    assertEquals(DeploymentSettings.defaults(), OsmosisConfig.deploymentSettings(none, none));
    assertEquals(RoomLimits.defaults(), OsmosisConfig.roomLimits(none, none));
    assertEquals(RequestSettings.defaults(), OsmosisConfig.requestSettings(none, none));
    assertEquals(LivenessSettings.defaults(), OsmosisConfig.livenessSettings(none, none));
    assertEquals(PollSettings.defaults(), OsmosisConfig.pollSettings(none, none));
  }

  @Test
  void parse_whenShippedFile_thenSameAsDefaults() throws Exception {
    Properties file = new Properties();
    try (FileReader in = new FileReader("payara-config/osmosis.properties")) {
      file.load(in);
    }
    Properties none = new Properties();
    String documents = "payara-config/osmosis.properties documents the defaults";
    assertEquals(SessionSettings.defaults(), OsmosisConfig.parse(file, none), documents);
    assertEquals(
        ConnectionSettings.defaults(), OsmosisConfig.connectionSettings(file, none), documents);
    assertEquals(
        DeploymentSettings.defaults(), OsmosisConfig.deploymentSettings(file, none), documents);
    assertEquals(RoomLimits.defaults(), OsmosisConfig.roomLimits(file, none), documents);
    assertEquals(RequestSettings.defaults(), OsmosisConfig.requestSettings(file, none), documents);
    assertEquals(
        LivenessSettings.defaults(), OsmosisConfig.livenessSettings(file, none), documents);
    assertEquals(PollSettings.defaults(), OsmosisConfig.pollSettings(file, none), documents);
  }

  @Test
  void parse_whenSystemPropertySet_thenItWinsOverTheFile() {
    Properties file = new Properties();
    file.setProperty("osmosis.serverName", "from-file");
    file.setProperty("osmosis.allowedOrigins", "https://a.example, https://b.example");
    Properties system = new Properties();
    system.setProperty("osmosis.serverName", "from-system");
    system.setProperty("osmosis.handshakeTimeoutMillis", "2500");
    assertEquals("from-system", OsmosisConfig.parse(file, system).serverName());
    assertEquals(
        Duration.ofMillis(2500), OsmosisConfig.connectionSettings(file, system).handshakeTimeout());
    assertEquals(
        Set.of("https://a.example", "https://b.example"),
        OsmosisConfig.deploymentSettings(file, system).allowedOrigins());
  }

  @Test
  void featureSettings_whenSet_thenEachRecordReadsItsKeys() {
    Properties file = new Properties();
    file.setProperty("osmosis.production", "true");
    file.setProperty("osmosis.pingIntervalMillis", "0");
    file.setProperty("osmosis.livenessTimeoutMillis", "45000");
    file.setProperty("osmosis.pollHoldMillis", "5000");
    file.setProperty("osmosis.maxPollConnectionsPerAddress", "7");
    file.setProperty("osmosis.recoveryBufferSize", "64");
    file.setProperty("osmosis.maxReconnectTimeoutMillis", "1000");
    Properties system = new Properties();
    system.setProperty("osmosis.livenessTimeoutMillis", "50000");
    assertEquals(
        new DeploymentSettings(true, Set.of()), OsmosisConfig.deploymentSettings(file, system));
    assertEquals(
        new LivenessSettings(Duration.ZERO, Duration.ofSeconds(50)),
        OsmosisConfig.livenessSettings(file, system));
    assertEquals(
        new PollSettings(Duration.ofSeconds(5), 7), OsmosisConfig.pollSettings(file, system));
    file.setProperty("osmosis.maxMessageSize", "1048576"); // above the engine's old fixed ceiling
    assertEquals(
        new ConnectionSettings(1_048_576, Duration.ofSeconds(10), 10_000, 64),
        OsmosisConfig.connectionSettings(file, system));
    assertEquals(Duration.ofSeconds(1), OsmosisConfig.parse(file, system).maxReconnectTimeout());

    file.setProperty("osmosis.production", "yes");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> OsmosisConfig.deploymentSettings(file, system));
    assertTrue(e.getMessage().contains("osmosis.production"), e.getMessage());
    file.setProperty("osmosis.pollHoldMillis", "1");
    e = assertThrows(IllegalStateException.class, () -> OsmosisConfig.pollSettings(file, system));
    assertTrue(e.getMessage().contains("osmosis.pollHoldMillis"), e.getMessage());
  }

  @Test
  void parse_whenValueInvalid_thenErrorNamesTheKey() {
    Properties file = new Properties();
    file.setProperty("osmosis.maxMessageSize", "lots");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> OsmosisConfig.connectionSettings(file, new Properties()));
    assertTrue(e.getMessage().contains("osmosis.maxMessageSize"), e.getMessage());
    file.setProperty("osmosis.maxMessageSize", "10000000");
    e =
        assertThrows(
            IllegalStateException.class,
            () -> OsmosisConfig.connectionSettings(file, new Properties()));
    assertTrue(e.getMessage().contains("between"), e.getMessage());
  }
}
