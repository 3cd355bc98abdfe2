package dev.osmosis.room;

/**
 * A room operation refused by a limit or bad input; {@link #reason()} says which, the message says
 * why.
 */
public class RoomException extends RuntimeException {

  /** Why a room operation was refused. */
  public enum Reason {
    /** The room name is null, empty or longer than {@value Room#MAX_NAME_LENGTH} characters. */
    INVALID_NAME,
    /** The member is already in as many rooms as {@code osmosis.maxRoomsPerSession} allows. */
    TOO_MANY_ROOMS_FOR_MEMBER,
    /**
     * The server (a cluster: all its nodes) has as many rooms as {@code osmosis.maxRooms} allows.
     */
    TOO_MANY_ROOMS,
    /** The room already has as many members as {@code osmosis.maxRoomMembers} allows. */
    ROOM_FULL
  }

  private final Reason reason;

  public RoomException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
