package dev.osmosis.room;

/**
 * {@link RoomSpan} on one server: rooms are this node's alone (the grid off). The registry checks
 * {@link #spans()} once and never calls the rest, so nothing is added to a broadcast.
 */
public final class LocalRooms implements RoomSpan {

  @Override
  public boolean spans() {
    return false;
  }

  @Override
  public void attach(Node node) {}

  @Override
  public void joined(String room, String memberId) {}

  @Override
  public void left(String room, String memberId) {}

  @Override
  public void broadcast(String room, String message, String exceptMemberId) {}

  @Override
  public int members(String room) {
    return 0;
  }
}
