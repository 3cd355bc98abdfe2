package dev.osmosis.room;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every room of the server, in memory (seed 004 "Lifecycle Notes"). A room is created by its first
 * join and deleted by its last leave.
 *
 * <p>Thread safety: every membership change of a room runs inside {@code ConcurrentHashMap.compute}
 * on that room's key, so creating, joining, leaving and deleting one room are serialised, and a
 * join racing the last leave either lands in the old room before it is deleted or creates a new
 * one: never in a deleted room. Different rooms do not contend (beyond the map's bins). Broadcasts
 * take no lock. A member's own room set is updated inside the same compute (lock order: room key,
 * then member key; nothing takes them the other way round), which keeps the per-member limit exact.
 * Presence events are delivered after the lock is released, in order per room.
 *
 * <p>On a cluster ({@link RoomSpan}, docs/CLUSTER.md "Rooms") this registry still holds and fans
 * out to this node's members only; the span learns each join and leave (under the room's lock) and
 * each broadcast, relays broadcasts to the other nodes, decides the room cap for the whole cluster,
 * answers the cluster-wide member count, member list and rooms, and feeds the presence events,
 * which then come from the cluster's memberships instead of this node's. With the grid off ({@link
 * LocalRooms}) none of that runs: one final boolean is checked.
 */
public final class RoomRegistry {
  private static final System.Logger LOG = System.getLogger(RoomRegistry.class.getName());
  private final int maxRooms;
  private final int maxRoomsPerMember;
  private final int maxMembersPerRoom;
  private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<String>> memberships = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Presence> presence = new ConcurrentHashMap<>();
  private final AtomicInteger roomCount = new AtomicInteger();
  private final AtomicLong sequence = new AtomicLong();
  private final RoomSpan span;
  private final boolean spanning;

  /**
   * @param maxRooms most rooms at once on this server
   * @param maxRoomsPerMember most rooms one member may be in at once
   */
  public RoomRegistry(int maxRooms, int maxRoomsPerMember) {
    this(maxRooms, maxRoomsPerMember, new LocalRooms());
  }

  /**
   * @param maxRooms most rooms at once (on a cluster: with members on any node)
   * @param maxRoomsPerMember most rooms one member may be in at once
   * @param span how rooms reach the other nodes ({@link LocalRooms}: they do not)
   */
  public RoomRegistry(int maxRooms, int maxRoomsPerMember, RoomSpan span) {
    this(maxRooms, maxRoomsPerMember, RoomLimits.defaults().maxMembersPerRoom(), span);
  }

  /**
   * @param maxRooms most rooms at once (on a cluster: with members on any node)
   * @param maxRoomsPerMember most rooms one member may be in at once
   * @param maxMembersPerRoom most members of one room at once (on a cluster: on every node)
   * @param span how rooms reach the other nodes ({@link LocalRooms}: they do not)
   */
  public RoomRegistry(int maxRooms, int maxRoomsPerMember, int maxMembersPerRoom, RoomSpan span) {
    if (maxRooms < 1 || maxRoomsPerMember < 1 || maxMembersPerRoom < 1) {
      throw new IllegalArgumentException("room limits must be positive");
    }
    this.maxRooms = maxRooms;
    this.maxRoomsPerMember = maxRoomsPerMember;
    this.maxMembersPerRoom = maxMembersPerRoom;
    this.span = span;
    this.spanning = span.spans();
    span.attach(
        new RoomSpan.Node() {
          @Override
          public int deliver(String room, String message, String exceptMemberId) {
            Room here = rooms.get(room);
            if (here == null) {
              return 0;
            }
            return exceptMemberId == null
                ? here.broadcast(message)
                : here.broadcastExcept(message, exceptMemberId);
          }

          @Override
          public boolean deliverTo(String room, String memberId, String message) {
            Room here = rooms.get(room);
            RoomMember member = here == null ? null : here.member(memberId);
            if (member == null) {
              return false;
            }
            member.send(message);
            return true;
          }

          @Override
          public Map<String, List<RoomMember>> members() {
            Map<String, List<RoomMember>> all = new HashMap<>();
            rooms.forEach((name, room) -> all.put(name, room.memberList()));
            return all;
          }

          @Override
          public int maxRooms() {
            return maxRooms;
          }

          @Override
          public int maxMembersPerRoom() {
            return maxMembersPerRoom;
          }

          @Override
          public void presence(PresenceEvent event) {
            Presence p = presence.get(event.room());
            if (p != null) {
              p.enqueue(event);
              p.drain();
            }
          }
        });
  }

  /**
   * Checks a room name.
   *
   * @throws RoomException INVALID_NAME if null, empty or longer than {@value Room#MAX_NAME_LENGTH}
   *     chars
   */
  public static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new RoomException(RoomException.Reason.INVALID_NAME, "a room name must not be empty");
    }
    if (name.length() > Room.MAX_NAME_LENGTH) {
      throw new RoomException(
          RoomException.Reason.INVALID_NAME,
          "a room name must be at most "
              + Room.MAX_NAME_LENGTH
              + " characters, is "
              + name.length());
    }
    return name;
  }

  /**
   * Adds {@code member} to the room, creating the room if it does not exist. Idempotent.
   *
   * @return true if the member joined, false if it was already a member
   * @throws RoomException on a bad name or a limit
   */
  public boolean join(String name, RoomMember member) {
    checkName(name);
    String id = member.id();
    Presence[] notify = new Presence[1];
    boolean[] joined = new boolean[1];
    rooms.compute(
        name,
        (key, room) -> {
          if (room != null && room.contains(id)) {
            return room;
          }
          boolean created = room == null;
          // on a cluster the span decides the room cap, once for every node
          if (created && roomCount.incrementAndGet() > maxRooms && !spanning) {
            roomCount.decrementAndGet();
            throw new RoomException(
                RoomException.Reason.TOO_MANY_ROOMS,
                "cannot create room '"
                    + key
                    + "': the server has its maximum of "
                    + maxRooms
                    + " rooms");
          }
          if (!created && !spanning && room.members() >= maxMembersPerRoom) {
            throw new RoomException(
                RoomException.Reason.ROOM_FULL,
                "cannot join room '"
                    + key
                    + "': it has its maximum of "
                    + maxMembersPerRoom
                    + " members");
          }
          try {
            memberships.compute(
                id,
                (m, set) -> {
                  Set<String> in = set == null ? new LinkedHashSet<>() : set;
                  if (in.size() >= maxRoomsPerMember) {
                    throw new RoomException(
                        RoomException.Reason.TOO_MANY_ROOMS_FOR_MEMBER,
                        "cannot join room '"
                            + key
                            + "': already in the maximum of "
                            + maxRoomsPerMember
                            + " rooms");
                  }
                  in.add(key);
                  return in;
                });
          } catch (RoomException e) {
            if (created) {
              roomCount.decrementAndGet();
            }
            throw e;
          }
          Room target = created ? new Room(key) : room;
          target.add(member);
          if (spanning) {
            try {
              span.joined(key, member);
            } catch (RuntimeException e) {
              target.remove(id);
              memberships.computeIfPresent(
                  id,
                  (m, set) -> {
                    set.remove(key);
                    return set.isEmpty() ? null : set;
                  });
              if (created) {
                roomCount.decrementAndGet();
              }
              throw e;
            }
          }
          joined[0] = true;
          notify[0] = queue(key, id, PresenceEvent.Kind.JOINED, target.members());
          return target;
        });
    deliver(notify[0]);
    return joined[0];
  }

  /**
   * Removes {@code member} from the room, deleting the room if it is now empty. Leaving a room one
   * is not in, or that does not exist, does nothing (and creates nothing).
   *
   * @return true if the member left, false if it was not a member
   */
  public boolean leave(String name, RoomMember member) {
    return leave(name, member.id());
  }

  /** As {@link #leave(String, RoomMember)}, by member id. */
  public boolean leave(String name, String memberId) {
    if (name == null) {
      return false;
    }
    Presence[] notify = new Presence[1];
    boolean[] left = new boolean[1];
    rooms.computeIfPresent(
        name,
        (key, room) -> {
          if (!room.remove(memberId)) {
            return room;
          }
          left[0] = true;
          if (spanning) {
            try {
              span.left(key, memberId);
            } catch (RuntimeException e) {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "member " + memberId + " left room " + key + " here; the cluster was not told",
                  e);
            }
          }
          memberships.computeIfPresent(
              memberId,
              (m, set) -> {
                set.remove(key);
                return set.isEmpty() ? null : set;
              });
          notify[0] = queue(key, memberId, PresenceEvent.Kind.LEFT, room.members());
          if (room.isEmpty()) {
            roomCount.decrementAndGet();
            return null;
          }
          return room;
        });
    deliver(notify[0]);
    return left[0];
  }

  /** Removes the member from every room it is in (the close path); returns how many it left. */
  public int leaveAll(String memberId) {
    int left = 0;
    for (String name : roomsOf(memberId)) {
      if (leave(name, memberId)) {
        left++;
      }
    }
    return left;
  }

  /** The names of the rooms the member is in right now, in joining order. */
  public List<String> roomsOf(String memberId) {
    List<List<String>> copy = new ArrayList<>(1);
    memberships.computeIfPresent(
        memberId,
        (m, set) -> {
          copy.add(List.copyOf(set));
          return set;
        });
    return copy.isEmpty() ? List.of() : copy.get(0);
  }

  public Optional<Room> find(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(rooms.get(name));
  }

  /** Whether rooms span other nodes (a cluster): then the views below are cluster-wide. */
  public boolean spans() {
    return spanning;
  }

  /**
   * The room's members in joining order, with their node (null with the grid off): on a cluster
   * every node's, else this node's; empty if the room does not exist.
   */
  public List<MemberInfo> memberInfo(String name) {
    if (spanning) {
      if (name == null) {
        return List.of();
      }
      List<MemberInfo> all = span.memberList(name);
      Room here = rooms.get(name);
      if (here == null) {
        return all;
      }
      Map<String, RoomMember> local = new HashMap<>();
      here.memberList().forEach(m -> local.put(m.id(), m));
      return all.stream()
          .map(
              i -> {
                RoomMember m = local.get(i.id());
                return m == null ? i : new MemberInfo(i.id(), i.node(), m.attributes());
              })
          .toList();
    }
    return find(name)
        .map(r -> r.memberList().stream().map(m -> new MemberInfo(m.id(), null, m.attributes())))
        .map(s -> s.toList())
        .orElse(List.of());
  }

  /** Every room with members, by name, with its member count: on a cluster, every node's. */
  public Map<String, Integer> roomCounts() {
    if (spanning) {
      return span.rooms();
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    rooms().forEach(r -> counts.put(r.name(), r.members()));
    return counts;
  }

  /**
   * Hands {@code message} to one member of the room, on this node or (on a cluster) another.
   *
   * @return false if it is not a member of the room on this node and rooms do not span nodes
   */
  public boolean send(String name, String memberId, String message) {
    Room room = name == null ? null : rooms.get(name);
    RoomMember member = room == null ? null : room.member(memberId);
    if (member != null) {
      member.send(message);
      return true;
    }
    if (spanning && name != null) {
      span.send(name, memberId, message);
      return true;
    }
    return false;
  }

  /** The room's member count (on every node, on a cluster); 0 if it does not exist. */
  public int members(String name) {
    if (spanning) {
      return name == null ? 0 : span.members(name);
    }
    return find(name).map(Room::members).orElse(0);
  }

  /**
   * {@link Room#broadcast} if the room exists; returns how many members it reached on this node. On
   * a cluster the message also goes, once, to every other node, which hands it to its members.
   */
  public int broadcast(String name, String message) {
    Room room = name == null ? null : rooms.get(name);
    int reached = room == null ? 0 : room.broadcast(message);
    if (spanning && name != null) {
      span.broadcast(name, message, null);
    }
    return reached;
  }

  /**
   * {@link Room#broadcastExcept} if the room exists; returns how many members it reached on this
   * node. On a cluster, as {@link #broadcast}.
   */
  public int broadcastExcept(String name, String message, String exceptMemberId) {
    Room room = name == null ? null : rooms.get(name);
    int reached = room == null ? 0 : room.broadcastExcept(message, exceptMemberId);
    if (spanning && name != null) {
      span.broadcast(name, message, exceptMemberId);
    }
    return reached;
  }

  /** A snapshot of the rooms, sorted by name. */
  public List<Room> rooms() {
    List<Room> all = new ArrayList<>(rooms.values());
    all.sort((a, b) -> a.name().compareTo(b.name()));
    return all;
  }

  /** Rooms right now. */
  public int size() {
    return roomCount.get();
  }

  public int maxRooms() {
    return maxRooms;
  }

  public int maxRoomsPerMember() {
    return maxRoomsPerMember;
  }

  public int maxMembersPerRoom() {
    return maxMembersPerRoom;
  }

  /**
   * Registers a presence listener for the room name, whether or not the room exists now; it sees
   * every later JOINED and LEFT of that room, across its deletions and re-creations.
   *
   * @return removes the listener
   */
  public Runnable addPresenceListener(String name, PresenceListener listener) {
    checkName(name);
    presence.compute(
        name,
        (key, p) -> {
          Presence holder = p == null ? new Presence() : p;
          holder.listeners.add(listener);
          return holder;
        });
    return () ->
        presence.computeIfPresent(
            name,
            (key, p) -> {
              p.listeners.remove(listener);
              return p.listeners.isEmpty() ? null : p;
            });
  }

  /** Under the room's lock: numbers the event and queues it for the room's listeners, if any. */
  private Presence queue(String room, String memberId, PresenceEvent.Kind kind, int members) {
    if (spanning) {
      return null; // the span delivers the cluster's events
    }
    long seq = sequence.incrementAndGet();
    Presence p = presence.get(room);
    if (p != null) {
      p.enqueue(new PresenceEvent(room, memberId, kind, members, seq));
    }
    return p;
  }

  private static void deliver(Presence p) {
    if (p != null) {
      p.drain();
    }
  }
}
