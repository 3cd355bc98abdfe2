package dev.osmosis.room;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A member that records what it was sent. */
final class FakeMember implements RoomMember {
  final List<String> received = new CopyOnWriteArrayList<>();
  private final String id;

  FakeMember(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void send(String message) {
    received.add(message);
  }
}
