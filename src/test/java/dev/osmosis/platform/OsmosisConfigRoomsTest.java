package dev.osmosis.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.room.RoomLimits;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The room limits in the settings. */
class OsmosisConfigRoomsTest {

  @Test
  void parse_whenRoomLimitsAbsent_thenDefaults() {
    RoomLimits s = OsmosisConfig.roomLimits(new Properties(), new Properties());

    assertEquals(100_000, s.maxRooms());
    assertEquals(100, s.maxRoomsPerSession());
    assertEquals(1_000_000, s.maxMembersPerRoom());
  }

  @Test
  void parse_whenRoomLimitsSet_thenSystemPropertyWinsOverFile() {
    Properties file = new Properties();
    file.setProperty("osmosis.maxRooms", "50");
    file.setProperty("osmosis.maxRoomsPerSession", "5");
    file.setProperty("osmosis.maxRoomMembers", "500");
    Properties system = new Properties();
    system.setProperty("osmosis.maxRoomsPerSession", "7");

    RoomLimits s = OsmosisConfig.roomLimits(file, system);

    assertEquals(50, s.maxRooms());
    assertEquals(7, s.maxRoomsPerSession());
    assertEquals(500, s.maxMembersPerRoom());
  }

  @Test
  void parse_whenRoomLimitZero_thenStartRefusedNamingTheKey() {
    Properties file = new Properties();
    file.setProperty("osmosis.maxRooms", "0");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> OsmosisConfig.roomLimits(file, new Properties()));

    assertTrue(e.getMessage().contains("osmosis.maxRooms"), e.getMessage());
  }
}
