package dev.osmosis.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.ingress.IngressConnection;
import dev.osmosis.ingress.IngressHandshake;
import dev.osmosis.ingress.IngressTransport;
import dev.osmosis.room.RoomRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's chat example over fake transports. */
class ChatHandlerTest {
  final RoomRegistry rooms = new RoomRegistry(100, 10);
  final ChatHandler chat = new ChatHandler();

  static final class Client implements IngressTransport {
    final List<String> received = new ArrayList<>();
    final List<Integer> closes = new ArrayList<>();

    @Override
    public void send(String message) {
      received.add(message);
    }

    @Override
    public void close(int code, String reason) {
      closes.add(code);
    }
  }

  IngressConnection open(String id, String query, Client client) {
    Map<String, List<String>> params = new java.util.HashMap<>();
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      params.put(kv[0], List.of(kv[1]));
    }
    IngressConnection c =
        new IngressConnection(
            id,
            "chat",
            chat,
            new IngressHandshake("/ws/chat", params, Map.of(), "127.0.0.1"),
            rooms,
            client);
    c.opened();
    return c;
  }

  @Test
  void chat_whenAliceAndBobTalk_thenJoinMessageLeaveReachTheOtherOnly() {
    Client a = new Client();
    Client b = new Client();
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
    Client c = new Client();

    open("c", "room=" + "r".repeat(200) + "&user=carol", c);

    assertTrue(c.received.get(0).startsWith("{\"type\":\"error\""), c.received.get(0));
    assertEquals(List.of(1000), c.closes);
    assertEquals(0, rooms.size());
  }
}
