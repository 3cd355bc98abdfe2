package dev.osmosis.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.ingress.IngressConnection;
import dev.osmosis.room.RoomRegistry;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Seed 004's chat script, message for message, over fake transports. */
class SeedChatHandlerTest {
  static final Pattern MESSAGE =
      Pattern.compile(
          "\\{\"type\":\"message\",\"from\":\"(.*)\",\"text\":\"(.*)\",\"timestamp\":(\\d+)}");

  final RoomRegistry rooms = new RoomRegistry(100, 10);
  final SeedChatHandler chat = new SeedChatHandler();

  IngressConnection open(String id, String query, ChatClient client) {
    return ChatClient.open("seed-chat", chat, rooms, id, query, client);
  }

  @Test
  void seedChat_whenAliceAndBobTalk_thenExactlyTheSeedsMessages() {
    ChatClient a = new ChatClient();
    ChatClient b = new ChatClient();
    IngressConnection alice = open("a", "user=alice", a);
    IngressConnection bob = open("b", "user=bob", b);

    long before = System.currentTimeMillis();
    bob.received("he said \"hi\"");
    long after = System.currentTimeMillis();
    bob.closed();

    assertEquals(
        List.of(
            "{\"type\":\"welcome\",\"id\":\"a\"}",
            "{\"type\":\"join\",\"user\":\"bob\"}",
            a.received.get(2),
            "{\"type\":\"leave\",\"user\":\"bob\"}"),
        a.received);
    var m = MESSAGE.matcher(a.received.get(2));
    assertTrue(m.matches(), a.received.get(2));
    assertEquals("bob", m.group(1));
    assertEquals("he said \\\"hi\\\"", m.group(2), "escaped as JSON.stringify does");
    long timestamp = Long.parseLong(m.group(3));
    assertTrue(timestamp >= before && timestamp <= after, "Date.now() when sent");
    assertEquals(List.of("{\"type\":\"welcome\",\"id\":\"b\"}"), b.received, "never its own");
    assertEquals(1, rooms.members("chat"), "bob left the seed's one room after onClose");
  }

  @Test
  void seedChat_whenNoOrEmptyUser_thenAnonymous() {
    ChatClient a = new ChatClient();
    ChatClient b = new ChatClient();
    ChatClient c = new ChatClient();
    open("a", "", a);
    open("b", "user=", b);
    open("c", "user=carol", c);

    assertEquals("{\"type\":\"join\",\"user\":\"anonymous\"}", a.received.get(1));
    assertEquals("{\"type\":\"join\",\"user\":\"carol\"}", b.received.get(1));
    assertEquals(3, rooms.members("chat"));
  }
}
