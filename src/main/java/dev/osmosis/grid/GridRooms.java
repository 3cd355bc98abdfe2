package dev.osmosis.grid;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import dev.osmosis.room.PresenceEvent;
import dev.osmosis.room.RoomSpan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link RoomSpan} on the grid (docs/CLUSTER.md "Rooms"): rooms span every node.
 *
 * <ul>
 *   <li><b>Members.</b> One Hazelcast map of {@link RoomRecord}s keyed by room name holds every
 *       room's members with their node, in joining order; a join or leave is a compare-and-set at
 *       the owner of the name's partition, and the last leave deletes the entry.
 *   <li><b>Presence.</b> Every node listens to the map: each change of a room's record becomes
 *       JOINED/LEFT events (with the count after each and the record's sequence) for that node's
 *       presence listeners. Hazelcast delivers one key's events in order, on one event thread, so
 *       every node sees one room's presence in the same order.
 *   <li><b>Broadcast.</b> A broadcast is fanned out on its own node by the registry, and published
 *       once on one Hazelcast topic; every other node hands it to its own members of the room (the
 *       message decoded once, then the registry's encode-once fan-out): one cross-node message per
 *       broadcast per node.
 *   <li><b>A node that leaves</b>: every remaining node hears it from the grid's membership and
 *       removes its members from every room (LEFT events follow).
 * </ul>
 *
 * Thread-safe.
 */
public final class GridRooms implements RoomSpan, AutoCloseable {
  /** The name of the grid map of rooms and of the topic of broadcasts. */
  public static final String NAME = "osmosis.rooms";

  private static final System.Logger LOG = System.getLogger(GridRooms.class.getName());

  private final HazelcastInstance grid;
  private final IMap<String, byte[]> map;
  private final ITopic<byte[]> topic;
  private final String node;
  private final LongAdder relayed = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private volatile Node target;
  private UUID entries;
  private UUID broadcasts;
  private UUID membership;
  private UUID lifecycle;

  public GridRooms(HazelcastInstance grid) {
    this.grid = grid;
    this.map = grid.getMap(NAME);
    this.topic = grid.getTopic(NAME);
    this.node = grid.getCluster().getLocalMember().getUuid().toString();
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
   * After a split-brain merge this node's side may have lost its room entries (the merge policy
   * keeps the other side's): its members join again (a no-op where they are still listed), and
   * JOINED events follow for those that were missing.
   */
  void rejoin() {
    Node registry = target;
    if (registry == null) {
      return;
    }
    try {
      registry.members().forEach((room, ids) -> ids.forEach(id -> joined(room, id)));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "re-joining this node's room members after a merge", e);
    }
  }

  /**
   * Removes the members of nodes that are no longer members of the grid: those that left while no
   * node listened (the registry starts with the first ingress connection of its node).
   */
  void dropAbsentNodes() {
    Set<String> members = new HashSet<>();
    grid.getCluster().getMembers().forEach(m -> members.add(m.getUuid().toString()));
    for (String room : map.keySet()) {
      drop(room, m -> !members.contains(m.node()));
    }
  }

  @Override
  public synchronized void close() {
    if (entries != null) {
      map.removeEntryListener(entries);
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

  @Override
  public void joined(String room, String memberId) {
    RoomRecord.Member member = new RoomRecord.Member(memberId, node);
    for (; ; ) {
      byte[] bytes = map.get(room);
      if (bytes == null) {
        long first = grid.getCluster().getClusterTime() * 1000;
        if (map.putIfAbsent(room, new RoomRecord(first, List.of(member)).encode()) == null) {
          return;
        }
      } else {
        RoomRecord r = RoomRecord.decode(bytes);
        if (r.contains(memberId) || map.replace(room, bytes, r.with(member).encode())) {
          return;
        }
      }
      retries.increment();
    }
  }

  @Override
  public void left(String room, String memberId) {
    drop(room, m -> m.id().equals(memberId));
  }

  @Override
  public void broadcast(String room, String message, String exceptMemberId) {
    topic.publish(encode(room, message, exceptMemberId));
  }

  @Override
  public int members(String room) {
    byte[] bytes = map.get(room);
    return bytes == null ? 0 : RoomRecord.decode(bytes).members().size();
  }

  /** Every remaining node removes a departed node's members from every room. */
  void nodeLeft(String member) {
    if (!grid.getLifecycleService().isRunning()) {
      return;
    }
    int rooms = 0;
    try {
      for (String room : map.keySet()) {
        if (drop(room, m -> m.node().equals(member))) {
          rooms++;
        }
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "removing the room members of node " + member, e);
      return;
    }
    if (rooms > 0) {
      LOG.log(
          System.Logger.Level.INFO,
          "node {0} left the grid: its members removed from {1} room(s) here",
          member,
          rooms);
    }
  }

  private boolean drop(String room, java.util.function.Predicate<RoomRecord.Member> which) {
    for (; ; ) {
      byte[] bytes = map.get(room);
      if (bytes == null) {
        return false;
      }
      RoomRecord r = RoomRecord.decode(bytes);
      RoomRecord next = r.without(which);
      if (next == r) {
        return false;
      }
      if (next.members().isEmpty()
          ? map.remove(room, bytes)
          : map.replace(room, bytes, next.encode())) {
        return true;
      }
      retries.increment();
    }
  }

  private void received(Message<byte[]> message) {
    Member from = message.getPublishingMember();
    if (from != null && from.localMember()) {
      return;
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(message.getMessageObject()))) {
      String room = in.readUTF();
      String except = in.readBoolean() ? in.readUTF() : null;
      byte[] text = new byte[in.readInt()];
      in.readFully(text);
      Node registry = target;
      if (registry != null) {
        registry.deliver(room, new String(text, StandardCharsets.UTF_8), except);
        relayed.increment();
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a room broadcast from another node was dropped", e);
    }
  }

  private static byte[] encode(String room, String message, String except) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length + room.length() + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(room);
      out.writeBoolean(except != null);
      if (except != null) {
        out.writeUTF(except);
      }
      out.writeInt(text.length);
      out.write(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Each change of a room's record becomes the presence events of this node's listeners. */
  private final class Changes
      implements EntryAddedListener<String, byte[]>,
          EntryUpdatedListener<String, byte[]>,
          EntryRemovedListener<String, byte[]> {
    @Override
    public void entryAdded(EntryEvent<String, byte[]> event) {
      changed(event.getKey(), null, RoomRecord.decode(event.getValue()));
    }

    @Override
    public void entryUpdated(EntryEvent<String, byte[]> event) {
      changed(
          event.getKey(),
          RoomRecord.decode(event.getOldValue()),
          RoomRecord.decode(event.getValue()));
    }

    @Override
    public void entryRemoved(EntryEvent<String, byte[]> event) {
      byte[] old = event.getOldValue();
      if (old != null) {
        RoomRecord r = RoomRecord.decode(old);
        changed(event.getKey(), r, new RoomRecord(r.sequence() + r.members().size(), List.of()));
      }
    }

    /** Old members missing from the new record left, then new members joined, in order. */
    private void changed(String room, RoomRecord old, RoomRecord now) {
      Node registry = target;
      if (registry == null) {
        return;
      }
      List<RoomRecord.Member> before = old == null ? List.of() : old.members();
      Set<String> nowIds = new HashSet<>();
      now.members().forEach(m -> nowIds.add(m.id()));
      Set<String> beforeIds = new HashSet<>();
      before.forEach(m -> beforeIds.add(m.id()));
      List<PresenceEvent> events = new ArrayList<>(1);
      int count = before.size();
      long sequence = old == null ? now.sequence() - now.members().size() : old.sequence();
      for (RoomRecord.Member m : before) {
        if (!nowIds.contains(m.id())) {
          events.add(new PresenceEvent(room, m.id(), PresenceEvent.Kind.LEFT, --count, ++sequence));
        }
      }
      for (RoomRecord.Member m : now.members()) {
        if (!beforeIds.contains(m.id())) {
          events.add(
              new PresenceEvent(room, m.id(), PresenceEvent.Kind.JOINED, ++count, ++sequence));
        }
      }
      events.forEach(registry::presence);
    }
  }
}
