package dev.osmosis.room;

/**
 * How many rooms of ingress handlers there may be (payara-config/osmosis.properties,
 * docs/ROOMS.md).
 *
 * @param maxRooms most rooms at once, on a cluster in the whole cluster ({@code osmosis.maxRooms})
 * @param maxRoomsPerSession most rooms one ingress session may be in at once ({@code
 *     osmosis.maxRoomsPerSession})
 * @param maxMembersPerRoom most members of one room at once, on a cluster on every node ({@code
 *     osmosis.maxRoomMembers})
 */
public record RoomLimits(int maxRooms, int maxRoomsPerSession, int maxMembersPerRoom) {

  public static RoomLimits defaults() {
    return new RoomLimits(100_000, 100, 1_000_000);
  }
}
