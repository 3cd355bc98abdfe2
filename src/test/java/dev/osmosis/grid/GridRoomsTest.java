package dev.osmosis.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.osmosis.room.PresenceEvent;
import dev.osmosis.room.RoomMember;
import dev.osmosis.room.RoomRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rooms across real embedded Hazelcast members in this JVM (loopback tcp-ip join, a cluster name of
 * its own): two members shared by the tests, a third started to be terminated. Every wait has a
 * deadline; nothing asserts on time.
 */
class GridRoomsTest {
  static final String CLUSTER = "osmosis-rooms-" + UUID.randomUUID();
  static final long DEADLINE_MS = 30_000;

  static Node a;
  static Node b;
  static final List<Node> nodes = new ArrayList<>();

  /** One Osmosis node's rooms on its own grid member. */
  static final class Node {
    final HazelcastInstance grid = Hazelcast.newHazelcastInstance(config());
    final GridRooms span = new GridRooms(grid);
    final RoomRegistry rooms = new RoomRegistry(100, 10, span);

    Node() {
      nodes.add(this);
    }
  }

  /** A member that records what it was sent. */
  static final class Member implements RoomMember {
    final String id = UUID.randomUUID().toString();
    final List<String> received = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
      return id;
    }

    @Override
    public void send(String message) {
      received.add(message);
    }
  }

  static Config config() {
    return EmbeddedGrid.config(CLUSTER, 5961);
  }

  @BeforeAll
  static void cluster() {
    a = new Node();
    b = new Node();
    eventually("two members", () -> b.grid.getCluster().getMembers().size() == 2);
  }

  @AfterAll
  static void shutdown() {
    for (Node node : nodes) {
      node.span.close();
      node.grid.getLifecycleService().terminate();
    }
  }

  static void eventually(String what, BooleanSupplier condition) {
    EmbeddedGrid.eventually(what, condition);
  }

  @Test
  void broadcastOnOneNode_thenMembersOnEveryNodeGetItInOrder() {
    Member onA = new Member();
    Member onB = new Member();
    Member alsoB = new Member();
    a.rooms.join("talk", onA);
    b.rooms.join("talk", onB);
    b.rooms.join("talk", alsoB);
    assertEquals(3, a.rooms.members("talk"), "members() counts every node's");
    assertEquals(3, b.rooms.members("talk"));

    for (int i = 0; i < 50; i++) {
      a.rooms.broadcast("talk", "m" + i);
    }
    a.rooms.broadcastExcept("talk", "not to alsoB", alsoB.id());
    b.rooms.broadcastExcept("talk", "from B", onB.id());
    eventually("51 on b", () -> onB.received.size() == 51);
    eventually("51 on alsoB", () -> alsoB.received.size() == 51);
    eventually("52 on a", () -> onA.received.size() == 52);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      expected.add("m" + i);
    }
    assertEquals(expected, onB.received.subList(0, 50), "one node's broadcasts in order");
    assertEquals("not to alsoB", onB.received.get(50));
    // alsoB gets B's own broadcast at once, wherever A's relayed ones are
    assertTrue(alsoB.received.contains("from B"));
    assertEquals(expected, alsoB.received.stream().filter(m -> !m.equals("from B")).toList());
    assertTrue(onA.received.contains("from B"));
    assertFalse(onB.received.contains("from B"), "the excepted member, on the sending node");

    a.rooms.leave("talk", onA);
    assertEquals(2, b.rooms.members("talk"));
    b.rooms.leaveAll(onB.id());
    b.rooms.leaveAll(alsoB.id());
    assertEquals(0, a.rooms.members("talk"));
  }

  @Test
  void joinsAndLeavesOnBothNodes_thenEveryNodesListenerSeesOneOrderWithCounts() {
    List<PresenceEvent> onA = new CopyOnWriteArrayList<>();
    List<PresenceEvent> onB = new CopyOnWriteArrayList<>();
    Runnable stopA = a.rooms.addPresenceListener("presence", onA::add);
    Runnable stopB = b.rooms.addPresenceListener("presence", onB::add);
    Member x = new Member();
    Member y = new Member();
    a.rooms.join("presence", x);
    b.rooms.join("presence", y);
    a.rooms.leave("presence", x);
    b.rooms.leave("presence", y);
    eventually("four events on a", () -> onA.size() == 4);
    eventually("four events on b", () -> onB.size() == 4);
    assertEquals(onA, onB, "the same events, in the same order, on both nodes");
    assertEquals(
        List.of(x.id + " JOINED 1", y.id + " JOINED 2", x.id + " LEFT 1", y.id + " LEFT 0"),
        onA.stream().map(e -> e.memberId() + " " + e.kind() + " " + e.members()).toList());
    for (int i = 1; i < 4; i++) {
      assertEquals(onA.get(i - 1).sequence() + 1, onA.get(i).sequence());
    }
    stopA.run();
    stopB.run();
  }

  @Test
  void nodeTerminated_thenItsMembersLeaveEveryRoomWithPresence() {
    Node c = new Node();
    eventually("three members", () -> a.grid.getCluster().getMembers().size() == 3);
    List<PresenceEvent> seen = new CopyOnWriteArrayList<>();
    a.rooms.addPresenceListener("ghosts", seen::add);
    Member stays = new Member();
    Member gone = new Member();
    Member goneToo = new Member();
    a.rooms.join("ghosts", stays);
    c.rooms.join("ghosts", gone);
    c.rooms.join("ghosts", goneToo);
    c.rooms.join("ghosts-only", gone);
    assertEquals(3, b.rooms.members("ghosts"));
    eventually("three joined", () -> seen.size() == 3);

    c.span.close();
    c.grid.getLifecycleService().terminate(); // as kill -9: no goodbye
    nodes.remove(c);

    eventually("ghosts gone", () -> b.rooms.members("ghosts") == 1);
    eventually("ghosts-only gone", () -> b.rooms.members("ghosts-only") == 0);
    eventually("two LEFT events", () -> seen.size() == 5);
    assertEquals(PresenceEvent.Kind.LEFT, seen.get(3).kind());
    assertEquals(PresenceEvent.Kind.LEFT, seen.get(4).kind());
    assertEquals(1, seen.get(4).members(), "the count after both left");
    assertEquals(
        java.util.Set.of(gone.id, goneToo.id),
        java.util.Set.of(seen.get(3).memberId(), seen.get(4).memberId()));
    a.rooms.broadcast("ghosts", "still here");
    assertEquals(List.of("still here"), stays.received);
    a.rooms.leave("ghosts", stays);
  }

  @Test
  void membersOfANodeThatLeftBeforeAnyoneListened_thenRemovedWhenARegistryStarts() {
    a.grid
        .<String, byte[]>getMap(GridRooms.NAME)
        .put(
            "orphans",
            new RoomRecord(1, List.of(new RoomRecord.Member("m", "no-such-node"))).encode());
    assertEquals(1, b.rooms.members("orphans"));
    b.span.dropAbsentNodes(); // what attach() does
    assertEquals(0, b.rooms.members("orphans"));
  }

  @Test
  void entryLostInAMerge_thenThisNodesMembersJoinAgain() {
    Member here = new Member();
    Member there = new Member();
    a.rooms.join("merged", here);
    b.rooms.join("merged", there);
    a.grid.getMap(GridRooms.NAME).delete("merged"); // as a merge keeping the other side's map
    assertEquals(0, b.rooms.members("merged"));
    a.span.rejoin(); // what the MERGED event does
    b.span.rejoin();
    assertEquals(2, a.rooms.members("merged"));
    a.rooms.leave("merged", here);
    b.rooms.leave("merged", there);
    assertEquals(0, a.rooms.members("merged"));
  }
}
