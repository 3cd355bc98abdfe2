package dev.osmosis.ingress;

import dev.osmosis.room.MemberInfo;
import dev.osmosis.room.RoomRegistry;
import java.util.Map;

/**
 * A member of a room connected to another node of the cluster, as {@link
 * IngressRoom#memberSessions()} lists it: its id, its attributes as they were when it joined (as
 * text), and {@link #send} relayed to it through the room. It cannot be changed or closed from
 * here; its handshake is not known here.
 */
final class RemoteIngressSession implements IngressSession {
  private final MemberInfo member;
  private final String room;
  private final RoomRegistry rooms;

  RemoteIngressSession(MemberInfo member, String room, RoomRegistry rooms) {
    this.member = member;
    this.room = room;
    this.rooms = rooms;
  }

  @Override
  public String id() {
    return member.id();
  }

  /** Relayed to the member's node, which hands it to the member if it is still in the room. */
  @Override
  public void send(String message) {
    if (message != null) {
      rooms.send(room, member.id(), message);
    }
  }

  @Override
  public void close() {
    throw new UnsupportedOperationException(
        "session " + member.id() + " is connected to another node (" + member.node() + ")");
  }

  /** True: listed in the room (it may have closed since). */
  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public String getParameter(String name) {
    return null;
  }

  @Override
  public String getHeader(String name) {
    return null;
  }

  @Override
  public String getRequestPath() {
    return null;
  }

  @Override
  public String getRemoteAddr() {
    return "";
  }

  @Override
  public void setAttribute(String key, Object value) {
    throw new UnsupportedOperationException(
        "session " + member.id() + " is connected to another node (" + member.node() + ")");
  }

  /** The attribute's text as it was when the member joined the room, or null. */
  @Override
  public Object getAttribute(String key) {
    return key == null ? null : member.attributes().get(key);
  }

  @Override
  public Map<String, Object> getAttributes() {
    return Map.copyOf(member.attributes());
  }

  @Override
  public IngressRoom room(String name) {
    throw new UnsupportedOperationException(
        "session " + member.id() + " is connected to another node (" + member.node() + ")");
  }

  /** The node the session is connected to (its grid member UUID). */
  public String node() {
    return member.node();
  }

  @Override
  public String toString() {
    return "IngressSession[" + member.id() + " on node " + member.node() + "]";
  }
}
