package dev.osmosis.admin;

import dev.osmosis.ingress.IngressSession;
import dev.osmosis.room.Room;
import dev.osmosis.room.RoomMember;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A room as the admin API shows it: in a list, {@code members} only; alone, also {@code sessions}.
 */
public record RoomView(String name, int members, List<MemberView> sessions) {

  /** A member session: its id and its attributes (each shown as its {@code toString()}). */
  public record MemberView(String id, Map<String, String> attributes) {}

  static RoomView summary(Room room) {
    return new RoomView(room.name(), room.members(), null);
  }

  static RoomView detail(Room room) {
    List<MemberView> sessions = room.memberList().stream().map(RoomView::member).toList();
    return new RoomView(room.name(), sessions.size(), sessions);
  }

  private static MemberView member(RoomMember member) {
    Map<String, String> attributes = new TreeMap<>();
    if (member instanceof IngressSession) {
      ((IngressSession) member)
          .getAttributes()
          .forEach((k, v) -> attributes.put(k, String.valueOf(v)));
    }
    return new MemberView(member.id(), attributes);
  }
}
