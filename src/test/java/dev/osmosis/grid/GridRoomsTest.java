package dev.osmosis.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import dev.osmosis.room.MemberInfo;
import dev.osmosis.room.PresenceEvent;
import dev.osmosis.room.RoomMember;
import dev.osmosis.room.RoomRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    List<PresenceEvent> seenOnB = new CopyOnWriteArrayList<>();
    Runnable stopA = a.rooms.addPresenceListener("ghosts", seen::add);
    Runnable stopB = b.rooms.addPresenceListener("ghosts", seenOnB::add);
    Member stays = new Member();
    Member gone = new Member();
    Member goneToo = new Member();
    a.rooms.join("ghosts", stays);
    c.rooms.join("ghosts", gone);
    c.rooms.join("ghosts", goneToo);
    c.rooms.join("ghosts-only", gone);
    assertEquals(3, b.rooms.members("ghosts"));
    eventually("three joined", () -> seen.size() == 3);
    eventually("b lists c's members", () -> b.rooms.memberInfo("ghosts").size() == 3);
    String cNode = c.grid.getCluster().getLocalMember().getUuid().toString();
    assertEquals(cNode, b.rooms.memberInfo("ghosts").get(1).node(), "each member with its node");
    long rooms = b.span.roomCount();

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
    // the room count and each node's member index follow their own maps' events, which are not
    // ordered with the presence events above: wait for each
    eventually("the emptied room deleted", () -> b.span.roomCount() == rooms - 1);
    eventually(
        "b's index lists only the member that stays",
        () ->
            b.rooms.memberInfo("ghosts").stream()
                .map(MemberInfo::id)
                .toList()
                .equals(List.of(stays.id)));
    eventually(
        "a's index lists only the member that stays",
        () ->
            a.rooms.memberInfo("ghosts").stream()
                .map(MemberInfo::id)
                .toList()
                .equals(List.of(stays.id)));
    Member last = new Member(); // one room's events arrive in order: this one's come last
    b.rooms.join("ghosts", last);
    b.rooms.leave("ghosts", last);
    eventually("last LEFT on a", () -> seen.size() >= 7);
    eventually("last LEFT on b", () -> seenOnB.size() >= 7);
    assertEquals(7, seen.size(), "each LEFT heard once on a though both survivors cleaned up");
    assertEquals(seen, seenOnB, "and once on b, in the same order");
    assertEquals(rooms - 1, b.span.roomCount(), "the emptied room deleted once, not twice");
    a.rooms.broadcast("ghosts", "still here");
    assertEquals(List.of("still here"), stays.received);
    a.rooms.leave("ghosts", stays);
    stopA.run();
    stopB.run();
  }

  @Test
  void membersOfANodeThatLeftBeforeAnyoneListened_thenRemovedWhenARegistryStarts() {
    Member stays = new Member();
    b.rooms.join("orphans", stays);
    long rooms = b.span.roomCount();
    String ghost = UUID.randomUUID().toString();
    // as a node that joined "orphans" and "orphans-only" and died while no registry listened
    joinByHand("orphans", ghost, "no-such-node");
    joinByHand("orphans-only", ghost, "no-such-node");
    assertEquals(2, b.rooms.members("orphans"));
    assertEquals(1, b.rooms.members("orphans-only"));
    assertEquals(rooms + 1, b.span.roomCount());
    b.span.dropAbsentNodes(); // what attach() does
    assertEquals(1, b.rooms.members("orphans"));
    assertEquals(0, b.rooms.members("orphans-only"));
    assertEquals(rooms, b.span.roomCount(), "the emptied room no longer counts");
    eventually("index on a", () -> a.rooms.memberInfo("orphans").size() == 1);
    assertEquals(stays.id, a.rooms.memberInfo("orphans").get(0).id());
    b.rooms.leave("orphans", stays);
  }

  /** A join as another node's GridRooms makes it: the room's record, then the member's entry. */
  static void joinByHand(String room, String memberId, String node) {
    IMap<String, byte[]> records = a.grid.getMap(GridRooms.NAME);
    IMap<String, byte[]> count = a.grid.getMap(GridRooms.COUNT);
    byte[] old = records.get(room);
    RoomRecord next =
        old == null
            ? RoomRecord.first(1000, memberId, node)
            : RoomRecord.decode(old).joined(memberId, node);
    if (old == null) {
      byte[] rooms = count.get("rooms");
      long n = rooms == null ? 0 : java.nio.ByteBuffer.wrap(rooms).getLong();
      count.put("rooms", java.nio.ByteBuffer.allocate(8).putLong(n + 1).array());
    }
    records.put(room, next.encode());
    a.grid
        .<String, HazelcastJsonValue>getMap(GridRoomMembers.MAP)
        .put(
            GridRoomMembers.key(room, memberId),
            GridRoomMembers.encode(
                new GridRoomMembers.Entry(
                    room, new MemberInfo(memberId, node, Map.of()), next.sequence())));
  }

  @Test
  void entryLostInAMerge_thenThisNodesMembersJoinAgain() {
    Member here = new Member();
    Member there = new Member();
    a.rooms.join("merged", here);
    b.rooms.join("merged", there);
    // as a merge keeping the other side's maps, which never had this room
    a.grid.getMap(GridRooms.NAME).delete("merged");
    a.grid.getMap(GridRoomMembers.MAP).delete(GridRoomMembers.key("merged", here.id));
    a.grid.getMap(GridRoomMembers.MAP).delete(GridRoomMembers.key("merged", there.id));
    assertEquals(0, b.rooms.members("merged"));
    a.span.rejoin(); // what the MERGED event does
    b.span.rejoin();
    assertEquals(2, a.rooms.members("merged"));
    a.rooms.leave("merged", here);
    b.rooms.leave("merged", there);
    assertEquals(0, a.rooms.members("merged"));
  }

  @Test
  void twoNodesRacingForTheLastRoom_thenExactlyOneMakesIt() throws Exception {
    String name = "osmosis.rooms-race-" + UUID.randomUUID();
    GridRooms onA = new GridRooms(a.grid, name);
    GridRooms onB = new GridRooms(b.grid, name);
    RoomRegistry roomsA = new RoomRegistry(1, 10, onA); // one room in the whole cluster
    RoomRegistry roomsB = new RoomRegistry(1, 10, onB);
    try {
      for (int round = 0; round < 20; round++) {
        Member x = new Member();
        Member y = new Member();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService two =
            java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.Future<String> joinA = two.submit(() -> race(start, roomsA, "x", x));
        java.util.concurrent.Future<String> joinB = two.submit(() -> race(start, roomsB, "y", y));
        List<String> outcomes = List.of(joinA.get(), joinB.get());
        two.shutdown();
        assertEquals(1, outcomes.stream().filter("joined"::equals).count(), outcomes.toString());
        assertEquals(1, outcomes.stream().filter("TOO_MANY_ROOMS"::equals).count());
        assertEquals(1, onA.roomCount());
        assertEquals(
            List.of(outcomes.get(0).equals("joined") ? "x" : "y"),
            List.copyOf(onB.rooms().keySet()));
        roomsA.leaveAll(x.id);
        roomsB.leaveAll(y.id);
        assertEquals(0, onA.roomCount(), "the room deleted: the slot is free again");
      }
    } finally {
      onA.close();
      onB.close();
    }
  }

  @Test
  void twoNodesRacingForTheLastPlaceInARoom_thenExactlyOneGetsIt() throws Exception {
    String name = "osmosis.rooms-full-" + UUID.randomUUID();
    GridRooms onA = new GridRooms(a.grid, name);
    GridRooms onB = new GridRooms(b.grid, name);
    RoomRegistry roomsA = new RoomRegistry(10, 10, 2, onA); // two members per room, cluster-wide
    RoomRegistry roomsB = new RoomRegistry(10, 10, 2, onB);
    try {
      Member first = new Member();
      roomsA.join("x", first);
      for (int round = 0; round < 20; round++) {
        Member x = new Member();
        Member y = new Member();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService two =
            java.util.concurrent.Executors.newFixedThreadPool(2);
        var joinA = two.submit(() -> race(start, roomsA, "x", x));
        var joinB = two.submit(() -> race(start, roomsB, "x", y));
        List<String> outcomes = List.of(joinA.get(), joinB.get());
        two.shutdown();
        assertEquals(1, outcomes.stream().filter("joined"::equals).count(), outcomes.toString());
        assertEquals(1, outcomes.stream().filter("ROOM_FULL"::equals).count());
        assertEquals(2, roomsB.members("x"));
        roomsA.leave("x", x.id);
        roomsB.leave("x", y.id);
        assertEquals(1, roomsB.members("x"));
      }
      roomsA.leave("x", first.id);
    } finally {
      onA.close();
      onB.close();
    }
  }

  private static String race(
      java.util.concurrent.CyclicBarrier start, RoomRegistry rooms, String room, Member m)
      throws Exception {
    start.await();
    try {
      rooms.join(room, m);
      return "joined";
    } catch (dev.osmosis.room.RoomException e) {
      assertTrue(e.getMessage().contains("maximum of"), e.getMessage());
      return e.reason().name();
    }
  }

  /** Counts the grid operations on one map, at the partition owners (this JVM's members). */
  static final class Touches implements com.hazelcast.map.MapInterceptor {
    static final Map<String, java.util.concurrent.atomic.AtomicInteger> COUNTS =
        new java.util.concurrent.ConcurrentHashMap<>();
    static final Map<String, java.util.concurrent.atomic.AtomicInteger> BYTES =
        new java.util.concurrent.ConcurrentHashMap<>();
    final String map;

    Touches(String map) {
      this.map = map;
    }

    static String count(String map) {
      return COUNTS.entrySet().stream()
          .filter(e -> e.getKey().startsWith(map + " "))
          .map(e -> e.getKey().substring(map.length() + 1) + "=" + e.getValue())
          .sorted()
          .toList()
          .toString();
    }

    private void touched(String what, Object value) {
      COUNTS
          .computeIfAbsent(map + " " + what, k -> new java.util.concurrent.atomic.AtomicInteger())
          .incrementAndGet();
      int size = value instanceof byte[] bytes ? bytes.length : String.valueOf(value).length();
      BYTES
          .computeIfAbsent(map, k -> new java.util.concurrent.atomic.AtomicInteger())
          .addAndGet(size);
    }

    @Override
    public Object interceptGet(Object value) {
      return null;
    }

    @Override
    public void afterGet(Object value) {
      touched("get", value);
    }

    @Override
    public Object interceptPut(Object oldValue, Object newValue) {
      touched("put", newValue);
      return null;
    }

    @Override
    public void afterPut(Object value) {}

    @Override
    public Object interceptRemove(Object removedValue) {
      touched("remove", removedValue);
      return null;
    }

    @Override
    public void afterRemove(Object value) {}
  }

  /** What a join of one more member into a room of {@code size} touches on the grid. */
  static String joinTouches(String room, int size) {
    List<Member> in = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Member m = new Member();
      (i % 2 == 0 ? a : b).rooms.join(room, m);
      in.add(m);
    }
    Touches.COUNTS.clear();
    Touches.BYTES.clear();
    Member newcomer = new Member();
    a.rooms.join(room, newcomer);
    String touched =
        "rooms "
            + Touches.count(GridRooms.NAME)
            + " "
            + Touches.BYTES.get(GridRooms.NAME)
            + " bytes, members "
            + Touches.count(GridRoomMembers.MAP)
            + " "
            + Touches.BYTES.get(GridRoomMembers.MAP)
            + " bytes, count "
            + Touches.count(GridRooms.COUNT);
    Touches.COUNTS.clear();
    Touches.BYTES.clear();
    a.rooms.leave(room, newcomer);
    touched +=
        "; leave: rooms "
            + Touches.count(GridRooms.NAME)
            + ", members "
            + Touches.count(GridRoomMembers.MAP)
            + " "
            + Touches.BYTES.get(GridRoomMembers.MAP)
            + " bytes, count "
            + Touches.count(GridRooms.COUNT);
    in.forEach(m -> (in.indexOf(m) % 2 == 0 ? a : b).rooms.leave(room, m));
    return touched;
  }

  @Test
  void joinOrLeave_thenTouchesOneRoomRecordAndOneMemberEntryWhateverTheRoomsSize() {
    String[] maps = {GridRooms.NAME, GridRoomMembers.MAP, GridRooms.COUNT};
    List<String> interceptors = new ArrayList<>();
    for (String map : maps) {
      interceptors.add(a.grid.getMap(map).addInterceptor(new Touches(map)));
    }
    try {
      // names of one length, members' ids of one length: only the room's size differs
      String small = joinTouches("size-1", 1);
      String big = joinTouches("size-9", 200);
      assertEquals(small, big, "a join into a room of 200 touches what one into a room of 1 does");
      assertTrue(
          big.startsWith("rooms [get=1, put=1] "),
          "one read and one compare-and-set of the room's record: " + big);
      assertTrue(big.contains("members [put=1] "), "one member entry written: " + big);
      assertTrue(big.contains("leave: rooms [get=1, put=1], members [remove=1] "), big);
    } finally {
      for (int i = 0; i < maps.length; i++) {
        a.grid.getMap(maps[i]).removeInterceptor(interceptors.get(i));
      }
    }
  }

  @Test
  void joinsAndLeavesRacingOnTwoNodes_thenEveryChangeHeardOnceOnEachNodeInOneOrder()
      throws Exception {
    List<PresenceEvent> onA = new CopyOnWriteArrayList<>();
    List<PresenceEvent> onB = new CopyOnWriteArrayList<>();
    Runnable stopA = a.rooms.addPresenceListener("once", onA::add);
    Runnable stopB = b.rooms.addPresenceListener("once", onB::add);
    int each = 25;
    Member anchor = new Member(); // keeps the room (and its one sequence) alive throughout
    a.rooms.join("once", anchor);
    java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    for (Node node : List.of(a, b)) {
      done.add(
          two.submit(
              () -> {
                for (int i = 0; i < each; i++) {
                  Member m = new Member();
                  node.rooms.join("once", m);
                  node.rooms.leave("once", m);
                }
              }));
    }
    for (java.util.concurrent.Future<?> f : done) {
      f.get();
    }
    two.shutdown();
    Member last = new Member();
    b.rooms.join("once", last); // one room's events arrive in order: this one comes last
    b.rooms.leave("once", last);
    a.rooms.leave("once", anchor);
    for (List<PresenceEvent> seen : List.of(onA, onB)) {
      eventually(
          "the last LEFT",
          () ->
              !seen.isEmpty()
                  && seen.get(seen.size() - 1).memberId().equals(anchor.id)
                  && seen.get(seen.size() - 1).kind() == PresenceEvent.Kind.LEFT);
      assertEquals(4 * each + 4, seen.size(), "one event per change, none twice");
      java.util.Set<String> joined = new java.util.HashSet<>();
      java.util.Set<String> left = new java.util.HashSet<>();
      int count = 0;
      for (int i = 0; i < seen.size(); i++) {
        PresenceEvent e = seen.get(i);
        if (i > 0) {
          assertEquals(seen.get(i - 1).sequence() + 1, e.sequence(), "sequence without gaps");
        }
        boolean isJoin = e.kind() == PresenceEvent.Kind.JOINED;
        count += isJoin ? 1 : -1;
        assertEquals(count, e.members(), "the count after each change");
        assertTrue((isJoin ? joined : left).add(e.memberId()), "once: " + e);
      }
      assertEquals(joined, left);
      assertEquals(0, count);
    }
    assertEquals(onA, onB, "the same events in the same order on both nodes");
    stopA.run();
    stopB.run();
  }

  /** An ingress session of a node, over a transport that records what it was sent. */
  static dev.osmosis.ingress.IngressConnection session(Node node, String user, List<String> sent) {
    var c =
        new dev.osmosis.ingress.IngressConnection(
            UUID.randomUUID().toString(),
            "chat",
            new dev.osmosis.ingress.IngressHandler() {},
            new dev.osmosis.ingress.IngressHandshake("/ws/chat", Map.of(), Map.of(), "127.0.0.1"),
            node.rooms,
            new dev.osmosis.ingress.IngressTransport() {
              @Override
              public void send(String message) {
                sent.add(message);
              }

              @Override
              public void close(int code, String reason) {}
            });
    c.setAttribute("user", user);
    return c;
  }

  @Test
  void membersOnTwoNodes_thenMemberSessionsAndTheAdminViewListBothWithTheirNodes() {
    List<String> toBob = new CopyOnWriteArrayList<>();
    var alice = session(a, "alice", new CopyOnWriteArrayList<>());
    var bob = session(b, "bob", toBob);
    bob.room("lounge").join();
    alice.room("lounge").join();
    eventually("a lists b's member", () -> alice.room("lounge").memberSessions().size() == 2);
    var sessions = alice.room("lounge").memberSessions();
    assertEquals(bob.id(), sessions.get(0).id(), "in joining order");
    assertEquals("bob", sessions.get(0).getAttribute("user"), "its attributes as it joined");
    assertTrue(sessions.get(1) == alice, "this node's member is the session itself");
    sessions.get(0).send("psst");
    eventually("relayed to bob on b", () -> toBob.contains("psst"));
    String bNode = b.grid.getCluster().getLocalMember().getUuid().toString();
    assertEquals(
        List.of(bNode, a.grid.getCluster().getLocalMember().getUuid().toString()),
        a.rooms.memberInfo("lounge").stream().map(MemberInfo::node).toList());
    assertEquals(2, a.rooms.roomCounts().get("lounge"), "the admin list counts every node's");
    bob.closed();
    eventually("bob gone on a", () -> alice.room("lounge").memberSessions().size() == 1);
    alice.closed();
    assertTrue(a.rooms.roomCounts().get("lounge") == null);
  }
}
