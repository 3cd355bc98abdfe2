package dev.osmosis.room;

import java.util.Map;

/**
 * A member of a room as every node can see it (the admin API, {@code memberSessions()} on a
 * cluster): its id, the node it is connected to, and what it showed of itself when it joined.
 *
 * @param id the member's id
 * @param node the cluster node (grid member UUID) it is connected to; null with the grid off
 * @param attributes {@link RoomMember#attributes()} as they were when it joined (on its own node:
 *     as they are now)
 */
public record MemberInfo(String id, String node, Map<String, String> attributes) {
  public MemberInfo {
    attributes = Map.copyOf(attributes);
  }
}
