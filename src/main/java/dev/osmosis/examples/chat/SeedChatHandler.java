package dev.osmosis.examples.chat;

import dev.osmosis.ingress.IngressHandler;
import dev.osmosis.ingress.IngressName;
import dev.osmosis.ingress.IngressSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

/**
 * Seed 004's "Full Example: Chat Room" script, translated line for line: one room named {@code
 * chat}, and exactly the seed's four messages (docs/ROOMS.md shows the script and this class side
 * by side). {@link ChatHandler} is the richer example the browser page uses.
 *
 * <pre>
 * to the new member  {"type":"welcome","id":"…"}
 * to the others      {"type":"join","user":"alice"}
 *                    {"type":"message","from":"alice","text":"hi","timestamp":1732290000000}
 *                    {"type":"leave","user":"alice"}
 * </pre>
 */
@ApplicationScoped
@IngressName("seed-chat")
public class SeedChatHandler implements IngressHandler {
  /** Looked up once ({@code Json.createObjectBuilder()} looks it up on every call). */
  private static final JsonProvider JSON = JsonProvider.provider();

  @Override
  public void onOpen(IngressSession session) {
    String username = session.getParameter("user");
    if (username == null || username.isEmpty()) { // JavaScript's `||`: null and "" are falsy
      username = "anonymous";
    }
    session.setAttribute("username", username);
    session.room("chat").join();

    session.send(json().add("type", "welcome").add("id", session.id()).build().toString());
    session
        .room("chat")
        .broadcastExcept(json().add("type", "join").add("user", username).build().toString());
  }

  @Override
  public void onMessage(IngressSession session, String message) {
    Object username = session.getAttribute("username");
    session
        .room("chat")
        .broadcastExcept(
            json()
                .add("type", "message")
                .add("from", String.valueOf(username))
                .add("text", message)
                .add("timestamp", System.currentTimeMillis())
                .build()
                .toString());
  }

  @Override
  public void onClose(IngressSession session) {
    Object username = session.getAttribute("username");
    session
        .room("chat")
        .broadcastExcept(
            json().add("type", "leave").add("user", String.valueOf(username)).build().toString());
    // room.leave() is called automatically after onClose returns
  }

  private static JsonObjectBuilder json() {
    return JSON.createObjectBuilder();
  }
}
