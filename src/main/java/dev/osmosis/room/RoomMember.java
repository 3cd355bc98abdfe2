package dev.osmosis.room;

import java.util.Map;

/**
 * A member of rooms, implemented by the transport (one per connection).
 *
 * <p>{@link #send} is called from any thread, often many at once, while a broadcast fans out: it
 * must only enqueue (bounded) and never block or throw. Members are identified by {@link #id()};
 * two members with the same id are the same member.
 */
public interface RoomMember {

  /** Unique among the registry's members, stable for the member's life. */
  String id();

  /** Enqueues one message for this member; never blocks. A closed member drops it. */
  void send(String message);

  /**
   * What this member shows of itself to other nodes and the admin API (for an ingress session: its
   * attributes as text). On a cluster it is copied to the grid when the member joins a room.
   */
  default Map<String, String> attributes() {
    return Map.of();
  }
}
