package dev.osmosis.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.message.RequestSettings;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The messaging settings: request timeout and pending request limit. */
class OsmosisConfigMessagingTest {

  @Test
  void parse_whenAbsent_thenDefaults() {
    RequestSettings s = OsmosisConfig.requestSettings(new Properties(), new Properties());
    assertEquals(Duration.ofSeconds(30), s.requestTimeout());
    assertEquals(1_000, s.maxPendingRequests());
  }

  @Test
  void parse_whenSet_thenUsed() {
    Properties file = new Properties();
    file.setProperty("osmosis.requestTimeoutMillis", "5000");
    file.setProperty("osmosis.maxPendingRequests", "10");
    RequestSettings s = OsmosisConfig.requestSettings(file, new Properties());
    assertEquals(Duration.ofSeconds(5), s.requestTimeout());
    assertEquals(10, s.maxPendingRequests());
  }

  @Test
  void parse_whenTimeoutTooShort_thenStartRefusedNamingTheKey() {
    Properties file = new Properties();
    file.setProperty("osmosis.requestTimeoutMillis", "10");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> OsmosisConfig.requestSettings(file, new Properties()));
    assertTrue(e.getMessage().contains("osmosis.requestTimeoutMillis"), e.getMessage());
  }
}
