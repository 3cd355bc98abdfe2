package dev.osmosis.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.room.RoomException;
import dev.osmosis.room.RoomRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session object and its lifecycle over a fake transport. */
class IngressConnectionTest {
  final RoomRegistry rooms = new RoomRegistry(100, 10);

  static final class FakeTransport implements IngressTransport {
    final List<String> sent = new ArrayList<>();
    final List<String> closes = new ArrayList<>();

    @Override
    public void send(String message) {
      sent.add(message);
    }

    @Override
    public void close(int code, String reason) {
      closes.add(code + " " + reason);
    }
  }

  static IngressHandshake handshake() {
    return new IngressHandshake(
        "/ws/chat",
        Map.of("room", List.of("general", "other"), "user", List.of("alice")),
        Map.of("Authorization", List.of("Bearer t")),
        "127.0.0.1");
  }

  IngressConnection connect(String id, IngressHandler handler, FakeTransport transport) {
    return new IngressConnection(id, "chat", handler, handshake(), rooms, transport);
  }

  @Test
  void session_whenHandshakeCaptured_thenParametersHeadersPathAndAddress() {
    IngressConnection s = connect("s1", new IngressHandler() {}, new FakeTransport());

    assertEquals("s1", s.id());
    assertEquals("s1", s.getId());
    assertEquals("general", s.getParameter("room"), "the first value");
    assertNull(s.getParameter("missing"));
    assertNull(s.getParameter(null));
    assertEquals("Bearer t", s.getHeader("authorization"), "header names are case-insensitive");
    assertNull(s.getHeader("X-None"));
    assertEquals("/ws/chat", s.getRequestPath());
    assertEquals("127.0.0.1", s.getRemoteAddr());
  }

  @Test
  void attributes_whenSetAndRemoved_thenSnapshotReflectsThem() {
    IngressConnection s = connect("s1", new IngressHandler() {}, new FakeTransport());
    s.setAttribute("username", "alice");
    s.setAttribute("n", 3);
    Map<String, Object> before = s.getAttributes();
    s.setAttribute("n", null);

    assertEquals("alice", s.getAttribute("username"));
    assertNull(s.getAttribute("n"));
    assertEquals(Map.of("username", "alice", "n", 3), before);
    assertEquals(Map.of("username", "alice"), s.getAttributes());
  }

  @Test
  void room_whenProxyObtained_thenDoesNotJoin() {
    IngressConnection s = connect("s1", new IngressHandler() {}, new FakeTransport());

    IngressRoom lobby = s.room("lobby");

    assertEquals("lobby", lobby.getName());
    assertEquals(0, lobby.members());
    assertTrue(rooms.find("lobby").isEmpty());
    lobby.join();
    assertEquals(1, lobby.members());
    assertEquals(List.of(s), lobby.memberSessions());
  }

  @Test
  void room_whenNameEmptyOrTooLong_thenClearError() {
    IngressConnection s = connect("s1", new IngressHandler() {}, new FakeTransport());

    RoomException e = assertThrows(RoomException.class, () -> s.room(""));
    assertThrows(RoomException.class, () -> s.room("r".repeat(129)));

    assertEquals(RoomException.Reason.INVALID_NAME, e.reason());
  }

  @Test
  void broadcast_whenTwoSessions_thenIncludesSenderAndExceptExcludesIt() {
    FakeTransport ta = new FakeTransport();
    FakeTransport tb = new FakeTransport();
    IngressConnection a = connect("a", new IngressHandler() {}, ta);
    IngressConnection b = connect("b", new IngressHandler() {}, tb);
    a.room("chat").join();
    b.room("chat").join();

    a.room("chat").broadcast("all");
    a.room("chat").broadcastExcept("others");

    assertEquals(List.of("all"), ta.sent);
    assertEquals(List.of("all", "others"), tb.sent);
  }

  @Test
  void closed_whenSessionInRooms_thenMembershipsRemovedOnlyAfterOnCloseReturns() {
    List<String> seenInOnClose = new ArrayList<>();
    FakeTransport tb = new FakeTransport();
    IngressConnection bob = connect("bob", new IngressHandler() {}, tb);
    bob.room("chat").join();
    IngressConnection alice =
        connect(
            "alice",
            new IngressHandler() {
              @Override
              public void onClose(IngressSession session) {
                seenInOnClose.add(session.room("chat").members() + " " + session.isOpen());
                session.room("chat").broadcastExcept("alice left");
              }
            },
            new FakeTransport());
    alice.room("chat").join();
    alice.room("side").join();

    alice.closed();

    assertEquals(List.of("2 false"), seenInOnClose, "still a member during onClose, but not open");
    assertEquals(List.of("alice left"), tb.sent);
    assertEquals(List.of(), rooms.roomsOf("alice"));
    assertEquals(1, rooms.members("chat"));
    assertTrue(rooms.find("side").isEmpty(), "an emptied room is deleted");
  }

  @Test
  void closed_whenCalledTwice_thenOnCloseRunsOnce() {
    int[] calls = new int[1];
    IngressConnection s =
        connect(
            "s",
            new IngressHandler() {
              @Override
              public void onClose(IngressSession session) {
                calls[0]++;
              }
            },
            new FakeTransport());

    s.closed();
    s.closed();

    assertEquals(1, calls[0]);
  }

  @Test
  void closed_whenOnCloseThrows_thenRoomsStillReleased() {
    IngressConnection s =
        connect(
            "s",
            new IngressHandler() {
              @Override
              public void onClose(IngressSession session) {
                throw new IllegalStateException("handler bug (expected in this test)");
              }
            },
            new FakeTransport());
    s.room("chat").join();

    s.closed();

    assertTrue(rooms.find("chat").isEmpty());
  }

  @Test
  void join_whenAfterClose_thenNoMembershipLeftBehind() {
    IngressConnection s = connect("s", new IngressHandler() {}, new FakeTransport());
    IngressRoom late = s.room("late");
    s.closed();

    late.join();

    assertTrue(rooms.find("late").isEmpty());
  }

  @Test
  void opened_whenOnOpenThrows_thenLoggedAndClosedWith1011() {
    FakeTransport t = new FakeTransport();
    IngressConnection s =
        connect(
            "s",
            new IngressHandler() {
              @Override
              public void onOpen(IngressSession session) {
                throw new IllegalStateException("handler bug (expected in this test)");
              }
            },
            t);

    s.opened();

    assertEquals(List.of("1011 handler error"), t.closes);
    assertFalse(s.isOpen());
  }

  @Test
  void received_whenOnMessageThrows_thenConnectionStaysOpen() {
    FakeTransport t = new FakeTransport();
    IngressConnection s =
        connect(
            "s",
            new IngressHandler() {
              @Override
              public void onMessage(IngressSession session, String message) {
                if (message.equals("bad")) {
                  throw new IllegalStateException("handler bug (expected in this test)");
                }
                session.send("echo " + message);
              }
            },
            t);
    s.opened();

    s.received("bad");
    s.received("good");

    assertEquals(List.of("echo good"), t.sent);
    assertTrue(s.isOpen());
    assertEquals(List.of(), t.closes);
  }

  @Test
  void send_whenClosed_thenDropped() {
    FakeTransport t = new FakeTransport();
    IngressConnection s = connect("s", new IngressHandler() {}, t);
    s.send("before");

    s.close();
    s.send("after");

    assertEquals(List.of("before"), t.sent);
    assertEquals(List.of("1000 closed by handler"), t.closes);
    assertFalse(s.isOpen());
  }

  @Test
  void handlers_whenNameInvalidOrUnknown_thenRefusedOrEmpty() {
    IngressHandler h = new IngressHandler() {};
    IngressHandlers handlers = new IngressHandlers(Map.of("chat", h));

    assertTrue(handlers.find("chat").isPresent());
    assertTrue(handlers.find("nope").isEmpty());
    assertTrue(handlers.find(null).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> new IngressHandlers(Map.of("a/b", h)));
    assertThrows(IllegalArgumentException.class, () -> new IngressHandlers(Map.of("", h)));
  }
}
