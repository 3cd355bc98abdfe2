package dev.osmosis.room;

/**
 * A member joined or left a room.
 *
 * @param room the room's name
 * @param memberId the member that joined or left
 * @param kind JOINED or LEFT
 * @param members the room's member count right after this change (0 when the room was deleted)
 * @param sequence increases by one with every change of this registry's memberships (on a cluster:
 *     of the room's, starting from the cluster time x 1000 when the room is made); a listener sees
 *     the events of one room in increasing sequence order
 */
public record PresenceEvent(String room, String memberId, Kind kind, int members, long sequence) {

  /** What happened. */
  public enum Kind {
    JOINED,
    LEFT
  }
}
