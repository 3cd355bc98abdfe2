package dev.osmosis.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.selector.SelectionLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class OsmosisConfigSelectionTest {

  @Test
  void parseSelectionLimits_whenNothingSet_thenDefaults() {
    assertEquals(
        SelectionLimits.defaults(),
        OsmosisConfig.parseSelectionLimits(new Properties(), new Properties()));
  }

  @Test
  void parseSelectionLimits_whenTheShippedFile_thenItsValuesAreTheDefaults() throws IOException {
    Properties file = new Properties();
    try (InputStream in = Files.newInputStream(Path.of("payara-config/osmosis.properties"))) {
      file.load(in);
    }
    assertEquals(
        SelectionLimits.defaults(), OsmosisConfig.parseSelectionLimits(file, new Properties()));
  }

  @Test
  void parseSelectionLimits_whenSetOrInvalid_thenValueOrErrorNamingTheKey() {
    Properties system = new Properties();
    system.setProperty("osmosis.maxSelectionMembersPerSession", "500");
    system.setProperty("osmosis.compiledSelectorCacheBytes", "65536");
    system.setProperty("osmosis.maxMissingTopicRequestsPerSession", "3");
    SelectionLimits limits = OsmosisConfig.parseSelectionLimits(new Properties(), system);
    assertEquals(500, limits.maxMembersPerSession());
    assertEquals(65536, limits.compiledCacheBytes());
    assertEquals(3, limits.maxMissingTopicRequestsPerSession());
    system.setProperty("osmosis.maxSelectionBytesTotal", "10");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> OsmosisConfig.parseSelectionLimits(new Properties(), system));
    assertTrue(
        e.getMessage().startsWith("osmosis.maxSelectionBytesTotal must be between 1024"),
        e.getMessage());
  }
}
