package dev.osmosis.room;

import java.util.List;
import java.util.Map;

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
  public void joined(String room, RoomMember member) {}

  @Override
  public void left(String room, String memberId) {}

  @Override
  public void broadcast(String room, String message, String exceptMemberId) {}

  @Override
  public void send(String room, String memberId, String message) {}

  @Override
  public int members(String room) {
    return 0;
  }

  @Override
  public List<MemberInfo> memberList(String room) {
    return List.of();
  }

  @Override
  public Map<String, Integer> rooms() {
    return Map.of();
  }
}
