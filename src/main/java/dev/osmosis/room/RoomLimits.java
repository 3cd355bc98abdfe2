package dev.osmosis.room;

/**
 * How many rooms of ingress handlers there may be (payara-config/osmosis.properties,
 * docs/ROOMS.md).
 *
 * @param maxRooms most rooms at once, on a cluster in the whole cluster ({@code osmosis.maxRooms})
 * @param maxRoomsPerSession most rooms one ingress session may be in at once ({@code
 *     osmosis.maxRoomsPerSession})
 */
public record RoomLimits(int maxRooms, int maxRoomsPerSession) {

  public static RoomLimits defaults() {
    return new RoomLimits(100_000, 100);
  }
}
