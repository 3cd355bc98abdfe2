package dev.osmosis.room;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named group of members. Rooms are made, joined, left and deleted only through {@link
 * RoomRegistry}; this class is the read and fan-out side.
 *
 * <p>Thread safety: membership changes happen under the registry's per-room lock and publish a new
 * member array (copy-on-write); {@link #broadcast}, {@link #members()} and {@link #memberList()}
 * read the latest array without locking, so a broadcast reaches exactly the members of one moment
 * and never blocks a join or leave. Joining costs O(members); broadcasting costs one enqueue per
 * member and nothing else: the message String is shared (encode once).
 */
public final class Room {
  /** Longest room name, in chars. */
  public static final int MAX_NAME_LENGTH = 128;

  private static final RoomMember[] NONE = new RoomMember[0];

  private final String name;

  /** Guarded by the registry's lock on this room's key. */
  private final Map<String, RoomMember> byId = new LinkedHashMap<>();

  private volatile RoomMember[] members = NONE;

  Room(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Members right now. */
  public int members() {
    return members.length;
  }

  /** The members right now, in joining order. */
  public List<RoomMember> memberList() {
    return List.of(members);
  }

  public boolean contains(String memberId) {
    return member(memberId) != null;
  }

  /** The member with this id right now, or null. */
  public RoomMember member(String memberId) {
    for (RoomMember m : members) {
      if (m.id().equals(memberId)) {
        return m;
      }
    }
    return null;
  }

  /**
   * Hands {@code message} to every member, the sender included; returns how many members it
   * reached.
   */
  public int broadcast(String message) {
    RoomMember[] now = members;
    for (RoomMember m : now) {
      m.send(message);
    }
    return now.length;
  }

  /**
   * Hands {@code message} to every member but {@code exceptMemberId}; returns how many members it
   * reached.
   */
  public int broadcastExcept(String message, String exceptMemberId) {
    // Ids are equally long (UUIDs): a String's cached hash tells most members apart without
    // comparing their bytes, once per member and message.
    int except = exceptMemberId == null ? 0 : exceptMemberId.hashCode();
    int reached = 0;
    for (RoomMember m : members) {
      String id = m.id();
      if (id.hashCode() != except || !id.equals(exceptMemberId)) {
        m.send(message);
        reached++;
      }
    }
    return reached;
  }

  /** Under the registry's lock for this room. */
  boolean add(RoomMember member) {
    if (byId.putIfAbsent(member.id(), member) != null) {
      return false;
    }
    publish();
    return true;
  }

  /** Under the registry's lock for this room. */
  boolean remove(String memberId) {
    if (byId.remove(memberId) == null) {
      return false;
    }
    publish();
    return true;
  }

  /** Under the registry's lock for this room. */
  boolean isEmpty() {
    return byId.isEmpty();
  }

  private void publish() {
    members = new ArrayList<>(byId.values()).toArray(NONE);
  }

  @Override
  public String toString() {
    return "Room[" + name + ", " + members.length + " members]";
  }
}
