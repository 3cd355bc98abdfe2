package dev.osmosis.room;

import java.util.List;
import java.util.Map;

/**
 * The role that makes rooms span nodes, behind {@link RoomRegistry}. Two implementations: {@link
 * LocalRooms}, one server (the grid off: rooms are this node's alone, and the registry calls
 * nothing here), and the grid's, which keeps every room's members cluster-wide, decides the room
 * cap once for the cluster, relays broadcasts to the other nodes and derives presence from the
 * cluster's memberships (docs/CLUSTER.md "Rooms").
 *
 * <p>The registry keeps this node's members and fans out to them; a span sees each join and leave
 * of this node's members (called under the registry's lock for the room, so one room's changes from
 * this node reach it in order) and each broadcast made here, and hands broadcasts and presence
 * events from the cluster back through the {@link Node} it is attached to. Thread-safe.
 */
public interface RoomSpan {

  /** What a span hands back to this node's registry. */
  interface Node {
    /**
     * Hands a broadcast made on another node to this node's members of the room (all but {@code
     * exceptMemberId}, which may be null); answers how many it reached.
     */
    int deliver(String room, String message, String exceptMemberId);

    /** Hands a message for one member to it, if it is this node's member of the room. */
    boolean deliverTo(String room, String memberId, String message);

    /** A presence event of the cluster, for this node's listeners of its room. */
    void presence(PresenceEvent event);

    /** This node's members right now, by room name, in joining order. */
    Map<String, List<RoomMember>> members();

    /** Most rooms at once ({@code osmosis.maxRooms}); on a cluster, counted over every node. */
    int maxRooms();

    /** Most members of one room ({@code osmosis.maxRoomMembers}), counted over every node. */
    int maxMembersPerRoom();
  }

  /** Whether rooms span other nodes; false: the registry calls nothing else here. */
  boolean spans();

  /** Called once, by the registry this span serves. */
  void attach(Node node);

  /**
   * A member of this node joined the room (the room's first join here or not).
   *
   * @throws RoomException TOO_MANY_ROOMS if it would make one room more than {@link
   *     Node#maxRooms()} on the whole cluster, ROOM_FULL if the room has {@link
   *     Node#maxMembersPerRoom()} members on the whole cluster
   */
  void joined(String room, RoomMember member);

  /** A member of this node left the room. */
  void left(String room, String memberId);

  /** A broadcast made on this node: for the room's members on the other nodes. */
  void broadcast(String room, String message, String exceptMemberId);

  /** A message for one member of the room on another node. */
  void send(String room, String memberId, String message);

  /** The room's members on every node right now; 0 if it has none. */
  int members(String room);

  /** The room's members on every node, in joining order; empty if it has none. */
  List<MemberInfo> memberList(String room);

  /** Every room of the cluster with members, by name, with its member count. */
  Map<String, Integer> rooms();
}
