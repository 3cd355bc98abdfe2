package dev.osmosis.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.session.ServerSettings;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The room limits in the settings. */
class OsmosisConfigRoomsTest {

  @Test
  void parse_whenRoomLimitsAbsent_thenDefaults() {
    ServerSettings s = OsmosisConfig.parse(new Properties(), new Properties());

    assertEquals(100_000, s.maxRooms());
    assertEquals(100, s.maxRoomsPerSession());
  }

  @Test
  void parse_whenRoomLimitsSet_thenSystemPropertyWinsOverFile() {
    Properties file = new Properties();
    file.setProperty("osmosis.maxRooms", "50");
    file.setProperty("osmosis.maxRoomsPerSession", "5");
    Properties system = new Properties();
    system.setProperty("osmosis.maxRoomsPerSession", "7");

    ServerSettings s = OsmosisConfig.parse(file, system);

    assertEquals(50, s.maxRooms());
    assertEquals(7, s.maxRoomsPerSession());
  }

  @Test
  void parse_whenRoomLimitZero_thenStartRefusedNamingTheKey() {
    Properties file = new Properties();
    file.setProperty("osmosis.maxRooms", "0");

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> OsmosisConfig.parse(file, new Properties()));

    assertTrue(e.getMessage().contains("osmosis.maxRooms"), e.getMessage());
  }
}
