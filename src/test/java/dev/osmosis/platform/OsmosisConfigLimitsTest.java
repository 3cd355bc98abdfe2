package dev.osmosis.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osmosis.connection.SessionLimits;
import dev.osmosis.subscribe.ValueLimits;
import java.io.FileReader;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class OsmosisConfigLimitsTest {

  static Properties shipped() throws Exception {
    Properties file = new Properties();
    try (FileReader in = new FileReader("payara-config/osmosis.properties")) {
      file.load(in);
    }
    return file;
  }

  @Test
  void limits_whenShippedFileOrNothing_thenDefaults() throws Exception {
    assertEquals(
        ValueLimits.defaults(), OsmosisConfig.valueLimits(new Properties(), new Properties()));
    assertEquals(ValueLimits.defaults(), OsmosisConfig.valueLimits(shipped(), new Properties()));
    assertEquals(
        SessionLimits.defaults(), OsmosisConfig.sessionLimits(new Properties(), new Properties()));
    assertEquals(
        SessionLimits.defaults(), OsmosisConfig.sessionLimits(shipped(), new Properties()));
  }

  @Test
  void limits_whenSet_thenUsed_andOutOfRangeStopsTheStart() {
    Properties system = new Properties();
    system.setProperty("osmosis.maxTopicValueBytes", "65536");
    system.setProperty("osmosis.maxJsonDepth", "16");
    system.setProperty("osmosis.maxJsonPatchOperations", "10");
    system.setProperty("osmosis.maxOutboundBytes", "1000000");
    system.setProperty("osmosis.recoveryBufferBytes", "2000000");
    system.setProperty("osmosis.maxFetchesInFlight", "4");
    system.setProperty("osmosis.maxInvalidMessages", "5");
    system.setProperty("osmosis.maxOutboundFrameBytes", "4096");
    system.setProperty("osmosis.maxRegistrationsPerSession", "50");
    assertEquals(
        new ValueLimits(65536, 16, 10), OsmosisConfig.valueLimits(new Properties(), system));
    assertEquals(
        new SessionLimits(1_000_000, 2_000_000, 4, 5, 4096, 50),
        OsmosisConfig.sessionLimits(new Properties(), system));

    system.setProperty("osmosis.maxJsonDepth", "1000");
    assertThrows(
        IllegalStateException.class, () -> OsmosisConfig.valueLimits(new Properties(), system));
    system.setProperty("osmosis.maxOutboundBytes", "100");
    assertThrows(
        IllegalStateException.class, () -> OsmosisConfig.sessionLimits(new Properties(), system));
  }

  @Test
  void persistence_whenShippedFileOrNothing_thenDefaults_andSetValuesAreChecked() throws Exception {
    OsmosisConfig.PersistenceSettings defaults =
        new OsmosisConfig.PersistenceSettings(100, 1_000_000);
    assertEquals(defaults, OsmosisConfig.persistence(new Properties(), new Properties()));
    assertEquals(defaults, OsmosisConfig.persistence(shipped(), new Properties()));
    Properties system = new Properties();
    system.setProperty("osmosis.persistence.flushMillis", "20");
    system.setProperty("osmosis.persistence.maxBacklog", "5000");
    assertEquals(
        new OsmosisConfig.PersistenceSettings(20, 5_000),
        OsmosisConfig.persistence(new Properties(), system));
    system.setProperty("osmosis.persistence.flushMillis", "0");
    assertThrows(
        IllegalStateException.class, () -> OsmosisConfig.persistence(new Properties(), system));
  }

  @Test
  void persistence_whenSliceRowsSet_thenUsed_andOverAThousandRefused() throws Exception {
    assertEquals(100, OsmosisConfig.persistence(shipped(), new Properties()).sliceRows());
    Properties system = new Properties();
    system.setProperty("osmosis.persistence.sliceRows", "250");
    assertEquals(
        new OsmosisConfig.PersistenceSettings(100, 1_000_000, 250),
        OsmosisConfig.persistence(new Properties(), system));
    system.setProperty("osmosis.persistence.sliceRows", "1001");
    assertThrows(
        IllegalStateException.class, () -> OsmosisConfig.persistence(new Properties(), system));
  }
}
