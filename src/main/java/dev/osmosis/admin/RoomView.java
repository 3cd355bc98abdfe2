package dev.osmosis.admin;

import dev.osmosis.room.MemberInfo;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A room as the admin API shows it: in a list, {@code members} only; alone, also {@code sessions}.
 * On a cluster both count and list every node's members.
 */
public record RoomView(String name, int members, List<MemberView> sessions) {

  /**
   * A member session: its id, its attributes (each shown as its {@code toString()}) and, on a
   * cluster, the node it is connected to (absent with the grid off).
   */
  public record MemberView(String id, Map<String, String> attributes, String node) {}

  static RoomView summary(String name, int members) {
    return new RoomView(name, members, null);
  }

  static RoomView detail(String name, List<MemberInfo> members) {
    List<MemberView> sessions =
        members.stream()
            .map(m -> new MemberView(m.id(), new TreeMap<>(m.attributes()), m.node()))
            .toList();
    return new RoomView(name, sessions.size(), sessions);
  }
}
