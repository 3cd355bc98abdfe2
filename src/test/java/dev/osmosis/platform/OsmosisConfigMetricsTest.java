package dev.osmosis.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osmosis.metrics.MetricSettings;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class OsmosisConfigMetricsTest {

  @Test
  void metricSettings_whenShippedFileOrNothing_thenDefaults() throws Exception {
    assertEquals(
        MetricSettings.defaults(),
        OsmosisConfig.metricSettings(new Properties(), new Properties()));
    assertEquals(
        MetricSettings.defaults(),
        OsmosisConfig.metricSettings(OsmosisConfigLimitsTest.shipped(), new Properties()));
  }

  @Test
  void metricSettings_whenSetOrOutOfRange_thenUsedOrStartStops() {
    Properties system = new Properties();
    system.setProperty("osmosis.metrics.maxCollectors", "5");
    system.setProperty("osmosis.metrics.maxGroups", "20");
    assertEquals(new MetricSettings(5, 20), OsmosisConfig.metricSettings(new Properties(), system));
    system.setProperty("osmosis.metrics.maxGroups", "0");
    assertThrows(
        IllegalStateException.class, () -> OsmosisConfig.metricSettings(new Properties(), system));
  }
}
