package dev.osmosis.grid;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import dev.osmosis.room.MemberInfo;
import dev.osmosis.room.RoomException;
import dev.osmosis.room.RoomMember;
import dev.osmosis.room.RoomSpan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link RoomSpan} on the grid (docs/CLUSTER.md "Rooms"): rooms span every node, and a join or
 * leave costs the same whatever the room's size.
 *
 * <ul>
 *   <li><b>Rooms.</b> The map {@value #NAME} holds one small {@link RoomRecord} per room (its
 *       member count, the sequence and what of its last change), changed by compare-and-set at the
 *       owner of the name's partition; the map {@value #COUNT} holds the number of rooms, changed
 *       the same way, so {@code osmosis.maxRooms} is decided once for the cluster.
 *   <li><b>Members.</b> {@link GridRoomMembers}: one entry per (room, member), and on every node an
 *       index of every room's members kept from that map's events.
 *   <li><b>Presence.</b> Every node listens to the rooms map: each change of a room's record is one
 *       JOINED/LEFT event (with the count after it and the record's sequence) for that node's
 *       presence listeners. Hazelcast delivers one key's events in order, on one event thread, so
 *       every node sees one room's presence once per change and in the same order.
 *   <li><b>Broadcast.</b> A broadcast is fanned out on its own node by the registry, and published
 *       once on one Hazelcast topic; every other node hands it to its own members of the room (the
 *       message decoded once, then the registry's encode-once fan-out): one cross-node message per
 *       broadcast per node.
 *   <li><b>A node that leaves</b>: every remaining node hears it from the grid's membership and
 *       removes its member entries; whichever node removes an entry counts the LEFT in the room's
 *       record, so each is counted (and heard) once.
 * </ul>
 *
 * Thread-safe.
 */
public final class GridRooms implements RoomSpan, AutoCloseable {
  /** The name of the grid map of rooms and of the topic of broadcasts. */
  public static final String NAME = "osmosis.rooms";

  /** The map holding the number of rooms of the cluster (one entry). */
  static final String COUNT = "osmosis.room-count";

  private static final String ROOMS = "rooms";
  private static final System.Logger LOG = System.getLogger(GridRooms.class.getName());

  private final HazelcastInstance grid;
  private final IMap<String, byte[]> map;
  private final IMap<String, byte[]> count;
  private final ITopic<byte[]> topic;
  private final GridRoomMembers members;
  private final String node;
  private final LongAdder relayed = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private volatile Node target;
  private UUID entries;
  private UUID broadcasts;
  private UUID membership;
  private UUID lifecycle;

  public GridRooms(HazelcastInstance grid) {
    this(grid, NAME);
  }

  /** On maps and a topic of other names (tests: a cluster of rooms of their own). */
  GridRooms(HazelcastInstance grid, String name) {
    this.grid = grid;
    this.map = grid.getMap(name);
    this.count = grid.getMap(name.equals(NAME) ? COUNT : name + ".count");
    this.topic = grid.getTopic(name);
    this.node = grid.getCluster().getLocalMember().getUuid().toString();
    this.members =
        new GridRoomMembers(
            grid.getMap(name.equals(NAME) ? GridRoomMembers.MAP : name + ".members"), node);
  }

  @Override
  public boolean spans() {
    return true;
  }

  @Override
  public synchronized void attach(Node node) {
    if (target != null) {
      throw new IllegalStateException("already attached");
    }
    target = node;
    entries = map.addEntryListener(new Changes(), true);
    members.listen();
    broadcasts = topic.addMessageListener(this::received);
    membership =
        grid.getCluster()
            .addMembershipListener(
                new MembershipListener() {
                  @Override
                  public void memberAdded(MembershipEvent event) {}

                  @Override
                  public void memberRemoved(MembershipEvent event) {
                    nodeLeft(event.getMember().getUuid().toString());
                  }
                });
    lifecycle =
        grid.getLifecycleService()
            .addLifecycleListener(
                event -> {
                  if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                    rejoin();
                  }
                });
    dropAbsentNodes();
  }

  /**
   * After a split-brain merge this node's side may have lost its member entries (the merge policy
   * keeps the other side's): its members missing from the grid join again, and JOINED events
   * follow.
   */
  void rejoin() {
    Node registry = target;
    if (registry == null) {
      return;
    }
    try {
      registry
          .members()
          .forEach(
              (room, list) ->
                  list.forEach(
                      m -> {
                        if (!members.listed(room, m.id())) {
                          joined(room, m);
                        }
                      }));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "re-joining this node's room members after a merge", e);
    }
  }

  /**
   * Removes the members of nodes that are no longer members of the grid: those that left while no
   * node listened (the registry starts with the first ingress connection of its node).
   */
  void dropAbsentNodes() {
    List<String> live = grid.getCluster().getMembers().stream().map(GridRooms::id).toList();
    dropNodes(
        Predicates.not(Predicates.in("node", live.toArray(new String[0]))),
        by -> !live.contains(by));
  }

  @Override
  public synchronized void close() {
    if (entries != null) {
      map.removeEntryListener(entries);
      members.close();
      topic.removeMessageListener(broadcasts);
      grid.getCluster().removeMembershipListener(membership);
      grid.getLifecycleService().removeLifecycleListener(lifecycle);
      entries = null;
    }
  }

  /** Broadcasts from other nodes handed to this node's members. */
  public long relayed() {
    return relayed.sum();
  }

  /** Compare-and-sets that lost a race and were read and tried again. */
  long retries() {
    return retries.sum();
  }

  @Override
  public void joined(String room, RoomMember member) {
    long sequence = admit(room, member.id());
    try {
      members.add(room, member, sequence);
    } catch (RuntimeException e) {
      release(room, member.id());
      throw e;
    }
  }

  @Override
  public void left(String room, String memberId) {
    if (members.remove(room, memberId)) {
      release(room, memberId);
    }
  }

  @Override
  public void broadcast(String room, String message, String exceptMemberId) {
    topic.publish(encode(room, exceptMemberId == null ? ALL : EXCEPT, exceptMemberId, message));
  }

  @Override
  public void send(String room, String memberId, String message) {
    topic.publish(encode(room, ONLY, memberId, message));
  }

  @Override
  public int members(String room) {
    byte[] bytes = map.get(room);
    return bytes == null ? 0 : RoomRecord.decode(bytes).count();
  }

  @Override
  public List<MemberInfo> memberList(String room) {
    return members.of(room);
  }

  @Override
  public Map<String, Integer> rooms() {
    Map<String, Integer> all = new TreeMap<>();
    map.forEach(
        (name, bytes) -> {
          int n = RoomRecord.decode(bytes).count();
          if (n > 0) {
            all.put(name, n);
          }
        });
    return all;
  }

  /** Every remaining node removes a departed node's members from every room. */
  void nodeLeft(String member) {
    if (!grid.getLifecycleService().isRunning()) {
      return;
    }
    dropNodes(Predicates.equal("node", member), member::equals);
  }

  /**
   * Removes the member entries {@code gone} matches; this node counts a LEFT for each entry it was
   * the one to remove. Then deletes the emptied rooms whose last change was made by a departed node
   * (it died between emptying and deleting them).
   */
  private void dropNodes(
      Predicate<String, HazelcastJsonValue> gone, java.util.function.Predicate<String> departed) {
    int dropped = 0;
    try {
      for (GridRoomMembers.Entry e : members.removeAll(gone)) {
        release(e.room(), e.member().id());
        dropped++;
      }
      map.forEach(
          (room, bytes) -> {
            RoomRecord r = RoomRecord.decode(bytes);
            if (r.count() == 0 && departed.test(r.by())) {
              delete(room, bytes);
            }
          });
    } catch (RuntimeException e) {
      if (grid.getLifecycleService().isRunning()) {
        LOG.log(System.Logger.Level.ERROR, "removing the room members of departed nodes", e);
      }
      return;
    }
    if (dropped > 0) {
      LOG.log(System.Logger.Level.INFO, "{0} room member(s) of departed nodes removed", dropped);
    }
  }

  /**
   * Counts a join in the room's record, making the room (within the cluster's room cap) if it has
   * none, or ROOM_FULL; returns the record's new sequence.
   */
  private long admit(String room, String memberId) {
    for (; ; ) {
      byte[] bytes = map.get(room);
      if (bytes == null) {
        reserveRoom(room);
        RoomRecord first =
            RoomRecord.first(grid.getCluster().getClusterTime() * 1000, memberId, node);
        if (map.putIfAbsent(room, first.encode()) == null) {
          return first.sequence();
        }
        releaseRoom();
      } else {
        RoomRecord now = RoomRecord.decode(bytes);
        int max = target.maxMembersPerRoom();
        if (now.count() >= max) {
          throw new RoomException(
              RoomException.Reason.ROOM_FULL,
              "cannot join room '" + room + "': it has its maximum of " + max + " members");
        }
        RoomRecord next = now.joined(memberId, node);
        if (map.replace(room, bytes, next.encode())) {
          return next.sequence();
        }
      }
      retries.increment();
    }
  }

  /** Counts a leave in the room's record; the last leave deletes the room. */
  private void release(String room, String memberId) {
    for (; ; ) {
      byte[] bytes = map.get(room);
      if (bytes == null) {
        return;
      }
      RoomRecord next = RoomRecord.decode(bytes).left(memberId, node);
      byte[] encoded = next.encode();
      if (map.replace(room, bytes, encoded)) {
        if (next.count() == 0) {
          delete(room, encoded);
        }
        return;
      }
      retries.increment();
    }
  }

  /** Deletes an empty room's record, unless a join took it over first. */
  private void delete(String room, byte[] empty) {
    if (map.remove(room, empty)) {
      releaseRoom();
    }
  }

  /** One room more in the cluster's count, or TOO_MANY_ROOMS. */
  private void reserveRoom(String room) {
    int max = target.maxRooms();
    for (; ; ) {
      byte[] bytes = count.get(ROOMS);
      long now = bytes == null ? 0 : toLong(bytes);
      if (now >= max) {
        throw new RoomException(
            RoomException.Reason.TOO_MANY_ROOMS,
            "cannot create room '" + room + "': the cluster has its maximum of " + max + " rooms");
      }
      if (bytes == null
          ? count.putIfAbsent(ROOMS, toBytes(1)) == null
          : count.replace(ROOMS, bytes, toBytes(now + 1))) {
        return;
      }
      retries.increment();
    }
  }

  private void releaseRoom() {
    for (; ; ) {
      byte[] bytes = count.get(ROOMS);
      if (bytes == null) {
        return;
      }
      long now = toLong(bytes);
      if (now <= 1 ? count.remove(ROOMS, bytes) : count.replace(ROOMS, bytes, toBytes(now - 1))) {
        return;
      }
      retries.increment();
    }
  }

  /** The cluster's room count, as the cap sees it. */
  long roomCount() {
    byte[] bytes = count.get(ROOMS);
    return bytes == null ? 0 : toLong(bytes);
  }

  private static byte[] toBytes(long n) {
    return java.nio.ByteBuffer.allocate(8).putLong(n).array();
  }

  private static long toLong(byte[] bytes) {
    return java.nio.ByteBuffer.wrap(bytes).getLong();
  }

  private static String id(Member member) {
    return member.getUuid().toString();
  }

  private static final int ALL = 0;
  private static final int EXCEPT = 1;
  private static final int ONLY = 2;

  private void received(Message<byte[]> message) {
    Member from = message.getPublishingMember();
    if (from != null && from.localMember()) {
      return;
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(message.getMessageObject()))) {
      String room = in.readUTF();
      int mode = in.readByte();
      String member = mode == ALL ? null : in.readUTF();
      byte[] text = new byte[in.readInt()];
      in.readFully(text);
      Node registry = target;
      if (registry != null) {
        String body = new String(text, StandardCharsets.UTF_8);
        if (mode == ONLY) {
          registry.deliverTo(room, member, body);
        } else {
          registry.deliver(room, body, member);
        }
        relayed.increment();
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a room broadcast from another node was dropped", e);
    }
  }

  private static byte[] encode(String room, int mode, String member, String message) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length + room.length() + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(room);
      out.writeByte(mode);
      if (mode != ALL) {
        out.writeUTF(member);
      }
      out.writeInt(text.length);
      out.write(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Each change of a room's record is one presence event for this node's listeners. */
  private final class Changes
      implements EntryAddedListener<String, byte[]>, EntryUpdatedListener<String, byte[]> {
    @Override
    public void entryAdded(EntryEvent<String, byte[]> event) {
      changed(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, byte[]> event) {
      changed(event.getKey(), event.getValue());
    }

    private void changed(String room, byte[] value) {
      Node registry = target;
      if (registry != null) {
        registry.presence(RoomRecord.decode(value).event(room));
      }
    }
  }
}
