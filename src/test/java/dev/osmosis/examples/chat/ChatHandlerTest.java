package dev.osmosis.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.ingress.IngressConnection;
import dev.osmosis.room.RoomRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's chat example over fake transports. */
class ChatHandlerTest {
  final RoomRegistry rooms = new RoomRegistry(100, 10);
  final ChatHandler chat = new ChatHandler();

  IngressConnection open(String id, String query, ChatClient client) {
    return ChatClient.open("chat", chat, rooms, id, query, client);
  }

  @Test
  void chat_whenAliceAndBobTalk_thenJoinMessageLeaveReachTheOtherOnly() {
    ChatClient a = new ChatClient();
    ChatClient b = new ChatClient();
    IngressConnection alice = open("a", "room=general&user=alice", a);
    IngressConnection bob = open("b", "room=general&user=bob", b);

    alice.received("hello");
    bob.closed();

    assertEquals(
        "{\"type\":\"welcome\",\"id\":\"a\",\"room\":\"general\",\"user\":\"alice\",\"users\":[\"alice\"]}",
        a.received.get(0));
    assertEquals("{\"type\":\"join\",\"user\":\"bob\",\"members\":2}", a.received.get(1));
    assertEquals("{\"type\":\"leave\",\"user\":\"bob\",\"members\":1}", a.received.get(2));
    assertEquals(3, a.received.size(), "alice does not get her own message back");
    assertEquals(
        "{\"type\":\"welcome\",\"id\":\"b\",\"room\":\"general\",\"user\":\"bob\",\"users\":[\"alice\",\"bob\"]}",
        b.received.get(0));
    assertTrue(
        b.received
            .get(1)
            .startsWith(
                "{\"type\":\"message\",\"from\":\"alice\",\"text\":\"hello\",\"timestamp\":"));
    assertEquals(1, rooms.members("general"));
  }

  @Test
  void chat_whenRoomNameTooLong_thenErrorAndClose() {
    ChatClient c = new ChatClient();

    open("c", "room=" + "r".repeat(200) + "&user=carol", c);

    assertTrue(c.received.get(0).startsWith("{\"type\":\"error\""), c.received.get(0));
    assertEquals(List.of(1000), c.closes);
    assertEquals(0, rooms.size());
  }
}
