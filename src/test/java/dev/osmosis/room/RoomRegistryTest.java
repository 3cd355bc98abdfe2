package dev.osmosis.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every lifecycle rule of seed 004, one test each, plus the limits. */
class RoomRegistryTest {
  final RoomRegistry registry = new RoomRegistry(1000, 100);
  final FakeMember alice = new FakeMember("alice");
  final FakeMember bob = new FakeMember("bob");

  @Test
  void join_whenRoomDoesNotExist_thenCreatesItLazily() {
    assertTrue(registry.find("lobby").isEmpty());
    assertEquals(0, registry.size());

    assertTrue(registry.join("lobby", alice));

    assertEquals(1, registry.size());
    assertEquals(1, registry.members("lobby"));
    assertEquals("lobby", registry.find("lobby").orElseThrow().name());
  }

  @Test
  void leave_whenLastMemberLeaves_thenRoomIsDeleted() {
    registry.join("lobby", alice);
    registry.join("lobby", bob);
    registry.leave("lobby", alice);
    assertTrue(registry.find("lobby").isPresent());

    assertTrue(registry.leave("lobby", bob));

    assertTrue(registry.find("lobby").isEmpty());
    assertEquals(0, registry.size());
    assertEquals(List.of(), registry.rooms());
  }

  @Test
  void join_whenAlreadyMember_thenIdempotent() {
    assertTrue(registry.join("lobby", alice));
    Room room = registry.find("lobby").orElseThrow();

    assertFalse(registry.join("lobby", alice));
    assertFalse(registry.join("lobby", new FakeMember("alice")), "same id, same member");

    assertEquals(1, registry.members("lobby"));
    assertSame(room, registry.find("lobby").orElseThrow());
    assertEquals(List.of("lobby"), registry.roomsOf("alice"));
  }

  @Test
  void leave_whenNotAMember_thenNothingHappens() {
    assertFalse(registry.leave("nowhere", alice), "no such room");
    assertTrue(registry.find("nowhere").isEmpty(), "leaving creates nothing");
    registry.join("lobby", bob);

    assertFalse(registry.leave("lobby", alice));

    assertEquals(1, registry.members("lobby"));
  }

  @Test
  void broadcast_whenSenderIsMember_thenSenderReceivesToo() {
    registry.join("lobby", alice);
    registry.join("lobby", bob);

    assertEquals(2, registry.broadcast("lobby", "hi"));

    assertEquals(List.of("hi"), alice.received);
    assertEquals(List.of("hi"), bob.received);
  }

  @Test
  void broadcastExcept_whenSenderIsMember_thenEveryoneButSender() {
    registry.join("lobby", alice);
    registry.join("lobby", bob);

    assertEquals(1, registry.broadcastExcept("lobby", "hi", "alice"));

    assertEquals(List.of(), alice.received);
    assertEquals(List.of("hi"), bob.received);
  }

  @Test
  void broadcastExcept_whenAnotherIdHasTheSenderHash_thenOnlyTheSenderIsLeftOut() {
    FakeMember aa = new FakeMember("Aa");
    FakeMember bb = new FakeMember("BB"); // "Aa".hashCode() == "BB".hashCode()
    registry.join("lobby", aa);
    registry.join("lobby", bb);

    assertEquals(1, registry.broadcastExcept("lobby", "hi", new String("BB")));
    assertEquals(2, registry.broadcastExcept("lobby", "all", null));

    assertEquals(List.of("hi", "all"), aa.received);
    assertEquals(List.of("all"), bb.received);
  }

  @Test
  void broadcast_whenManyMembers_thenTheSameStringInstanceReachesEach() {
    String[] seen = new String[2];
    RoomMember a = member("a", m -> seen[0] = m);
    RoomMember b = member("b", m -> seen[1] = m);
    registry.join("lobby", a);
    registry.join("lobby", b);
    String message = new String("encoded once");

    registry.broadcast("lobby", message);

    assertSame(message, seen[0]);
    assertSame(message, seen[1]);
  }

  @Test
  void broadcast_whenRoomDoesNotExist_thenReachesNobody() {
    assertEquals(0, registry.broadcast("ghost", "x"));
    assertEquals(0, registry.broadcastExcept("ghost", "x", "alice"));
  }

  @Test
  void join_whenSessionJoinsManyRooms_thenMemberOfEachAndBroadcastsStaySeparate() {
    registry.join("a", alice);
    registry.join("b", alice);
    registry.join("c", alice);
    registry.join("b", bob);

    registry.broadcast("b", "to-b");
    registry.broadcast("c", "to-c");

    assertEquals(List.of("a", "b", "c"), registry.roomsOf("alice"));
    assertEquals(List.of("to-b", "to-c"), alice.received);
    assertEquals(List.of("to-b"), bob.received);
  }

  @Test
  void leaveAll_whenMemberInManyRooms_thenLeavesEachAndDeletesEmptiedRooms() {
    registry.join("a", alice);
    registry.join("b", alice);
    registry.join("b", bob);

    assertEquals(2, registry.leaveAll("alice"));

    assertEquals(List.of(), registry.roomsOf("alice"));
    assertTrue(registry.find("a").isEmpty());
    assertEquals(1, registry.members("b"));
    assertEquals(0, registry.leaveAll("alice"));
  }

  @Test
  void join_whenNameEmptyOrTooLong_thenInvalidName() {
    RoomException empty = assertThrows(RoomException.class, () -> registry.join("", alice));
    RoomException missing = assertThrows(RoomException.class, () -> registry.join(null, alice));
    RoomException tooLong =
        assertThrows(RoomException.class, () -> registry.join("x".repeat(129), alice));

    assertEquals(RoomException.Reason.INVALID_NAME, empty.reason());
    assertEquals(RoomException.Reason.INVALID_NAME, missing.reason());
    assertEquals(RoomException.Reason.INVALID_NAME, tooLong.reason());
    assertTrue(tooLong.getMessage().contains("128"), tooLong.getMessage());
    assertTrue(registry.join("x".repeat(128), alice), "128 chars is allowed");
  }

  @Test
  void join_whenMemberAtItsRoomLimit_thenRefusedAndNothingCreated() {
    RoomRegistry small = new RoomRegistry(100, 2);
    small.join("a", alice);
    small.join("b", alice);

    RoomException e = assertThrows(RoomException.class, () -> small.join("c", alice));

    assertEquals(RoomException.Reason.TOO_MANY_ROOMS_FOR_MEMBER, e.reason());
    assertTrue(small.find("c").isEmpty());
    assertEquals(2, small.size());
    assertFalse(small.join("a", alice), "re-joining a room it is in is still fine");
    assertTrue(small.join("c", bob), "the limit is per member");
  }

  @Test
  void join_whenServerAtItsRoomLimit_thenNewRoomRefusedExistingRoomJoinable() {
    RoomRegistry small = new RoomRegistry(1, 100);
    small.join("a", alice);

    RoomException e = assertThrows(RoomException.class, () -> small.join("b", bob));

    assertEquals(RoomException.Reason.TOO_MANY_ROOMS, e.reason());
    assertEquals(List.of(), small.roomsOf("bob"), "a refused join leaves no membership behind");
    assertTrue(small.join("a", bob));
    small.leaveAll("alice");
    small.leaveAll("bob");
    assertTrue(small.join("b", bob), "deleting a room frees its slot");
  }

  @Test
  void room_whenDeletedAndRecreated_thenNewRoomStartsEmpty() {
    registry.join("lobby", alice);
    Room first = registry.find("lobby").orElseThrow();
    registry.leave("lobby", alice);

    registry.join("lobby", bob);

    Room second = registry.find("lobby").orElseThrow();
    assertFalse(first == second);
    assertEquals(List.of("bob"), second.memberList().stream().map(RoomMember::id).toList());
  }

  private static RoomMember member(String id, java.util.function.Consumer<String> sink) {
    return new RoomMember() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public void send(String message) {
        sink.accept(message);
      }
    };
  }

  @Test
  void memberInfoAndRoomCounts_whenGridOff_thenThisNodesInJoiningOrderWithoutNode() {
    registry.join("lobby", new FakeMember("b"));
    registry.join("lobby", new FakeMember("a"));
    registry.join("hall", new FakeMember("a"));
    assertEquals(
        List.of(new MemberInfo("b", null, Map.of()), new MemberInfo("a", null, Map.of())),
        registry.memberInfo("lobby"));
    assertEquals(List.of(), registry.memberInfo("nowhere"));
    assertEquals(Map.of("hall", 1, "lobby", 2), registry.roomCounts());
    assertEquals(List.of("hall", "lobby"), List.copyOf(registry.roomCounts().keySet()));
    assertFalse(registry.spans());
  }

  @Test
  void send_whenMemberOfTheRoom_thenOnlyItGetsTheMessage() {
    FakeMember a = new FakeMember("a");
    FakeMember b = new FakeMember("b");
    registry.join("lobby", a);
    registry.join("lobby", b);
    assertTrue(registry.send("lobby", "b", "psst"));
    assertFalse(registry.send("lobby", "c", "nobody"), "no such member, no other node");
    assertEquals(List.of("psst"), b.received);
    assertEquals(List.of(), a.received);
  }

  @Test
  void join_whenRoomHasMaxMembers_thenRoomFullAndNothingChanges() {
    RoomRegistry small = new RoomRegistry(100, 100, 2, new LocalRooms());
    small.join("lobby", new FakeMember("a"));
    small.join("lobby", new FakeMember("b"));
    RoomException e =
        assertThrows(RoomException.class, () -> small.join("lobby", new FakeMember("c")));
    assertEquals(RoomException.Reason.ROOM_FULL, e.reason());
    assertTrue(e.getMessage().contains("maximum of 2 members"), e.getMessage());
    assertEquals(2, small.members("lobby"));
    assertEquals(List.of(), small.roomsOf("c"));
    assertFalse(small.join("lobby", new FakeMember("a")), "a member already in is no join");
    small.leave("lobby", "b");
    assertTrue(small.join("lobby", new FakeMember("c")), "a place freed");
  }
}
