package dev.osmosis.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.session.ServerSettings;
import java.io.FileReader;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OsmosisConfigTest {

  @Test
  void parse_whenNothingSet_thenEmbeddedDefaults() {
    assertEquals(ServerSettings.defaults(), OsmosisConfig.parse(new Properties(), new Properties()));
  }

  @Test
  void parse_whenShippedFile_thenSameAsDefaults() throws Exception {
    Properties file = new Properties();
    try (FileReader in = new FileReader("payara-config/osmosis.properties")) {
      file.load(in);
    }
    assertEquals(ServerSettings.defaults(), OsmosisConfig.parse(file, new Properties()),
        "payara-config/osmosis.properties documents the defaults");
  }

  @Test
  void parse_whenSystemPropertySet_thenItWinsOverTheFile() {
    Properties file = new Properties();
    file.setProperty("osmosis.serverName", "from-file");
    file.setProperty("osmosis.allowedOrigins", "https://a.example, https://b.example");
    Properties system = new Properties();
    system.setProperty("osmosis.serverName", "from-system");
    system.setProperty("osmosis.handshakeTimeoutMillis", "2500");
    ServerSettings s = OsmosisConfig.parse(file, system);
    assertEquals("from-system", s.serverName());
    assertEquals(Duration.ofMillis(2500), s.handshakeTimeout());
    assertEquals(Set.of("https://a.example", "https://b.example"), s.allowedOrigins());
  }

  @Test
  void parse_whenValueInvalid_thenErrorNamesTheKey() {
    Properties file = new Properties();
    file.setProperty("osmosis.maxMessageSize", "lots");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> OsmosisConfig.parse(file, new Properties()));
    assertTrue(e.getMessage().contains("osmosis.maxMessageSize"), e.getMessage());
    file.setProperty("osmosis.maxMessageSize", "10000000");
    e = assertThrows(IllegalStateException.class, () -> OsmosisConfig.parse(file, new Properties()));
    assertTrue(e.getMessage().contains("between"), e.getMessage());
  }
}
