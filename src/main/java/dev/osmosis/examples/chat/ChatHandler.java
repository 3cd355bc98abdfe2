package dev.osmosis.examples.chat;

import dev.osmosis.ingress.IngressHandler;
import dev.osmosis.ingress.IngressName;
import dev.osmosis.ingress.IngressRoom;
import dev.osmosis.ingress.IngressSession;
import dev.osmosis.room.RoomException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.spi.JsonProvider;

/**
 * The seed's chat room, with the room chosen by the {@code room} parameter (default {@code
 * general}) and presence added: the welcome lists who is in the room, and join/leave carry the
 * member count.
 *
 * <pre>
 * to the new member  {"type":"welcome","id":"…","room":"general","user":"alice","users":["bob","alice"]}
 * to the others      {"type":"join","user":"alice","members":2}
 *                    {"type":"message","from":"alice","text":"hi","timestamp":1732290000000}
 *                    {"type":"leave","user":"alice","members":1}
 * on a bad room name {"type":"error","message":"…"} and the connection closes
 * </pre>
 */
@ApplicationScoped
@IngressName("chat")
public class ChatHandler implements IngressHandler {
  static final String USER = "username";

  /**
   * Looked up once: {@code Json.createObjectBuilder()} looks the provider up through the service
   * loader on every call, which cost more than the rest of a broadcast's message (docs/ROOMS.md).
   */
  private static final JsonProvider JSON = JsonProvider.provider();

  static final String ROOM = "room";

  @Override
  public void onOpen(IngressSession session) {
    String username = orDefault(session.getParameter("user"), "anonymous");
    session.setAttribute(USER, username);
    IngressRoom room;
    try {
      room = session.room(orDefault(session.getParameter("room"), "general"));
      room.join();
    } catch (RoomException e) {
      session.send(
          JSON.createObjectBuilder()
              .add("type", "error")
              .add("message", e.getMessage())
              .build()
              .toString());
      session.close();
      return;
    }
    session.setAttribute(ROOM, room.getName());
    JsonArrayBuilder users = JSON.createArrayBuilder();
    for (IngressSession member : room.memberSessions()) {
      users.add(String.valueOf(member.getAttribute(USER)));
    }
    session.send(
        JSON.createObjectBuilder()
            .add("type", "welcome")
            .add("id", session.id())
            .add("room", room.getName())
            .add("user", username)
            .add("users", users)
            .build()
            .toString());
    room.broadcastExcept(
        JSON.createObjectBuilder()
            .add("type", "join")
            .add("user", username)
            .add("members", room.members())
            .build()
            .toString());
  }

  @Override
  public void onMessage(IngressSession session, String message) {
    IngressRoom room = roomOf(session);
    if (room != null) {
      room.broadcastExcept(
          JSON.createObjectBuilder()
              .add("type", "message")
              .add("from", String.valueOf(session.getAttribute(USER)))
              .add("text", message)
              .add("timestamp", System.currentTimeMillis())
              .build()
              .toString());
    }
  }

  @Override
  public void onClose(IngressSession session) {
    IngressRoom room = roomOf(session);
    if (room != null) {
      // Still a member until onClose returns: the count after leaving is one less.
      room.broadcastExcept(
          JSON.createObjectBuilder()
              .add("type", "leave")
              .add("user", String.valueOf(session.getAttribute(USER)))
              .add("members", room.members() - 1)
              .build()
              .toString());
    }
  }

  private static IngressRoom roomOf(IngressSession session) {
    Object name = session.getAttribute(ROOM);
    return name == null ? null : session.room((String) name);
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
