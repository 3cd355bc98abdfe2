package dev.osmosis.examples.chat;

import dev.osmosis.ingress.IngressConnection;
import dev.osmosis.ingress.IngressHandler;
import dev.osmosis.ingress.IngressHandshake;
import dev.osmosis.ingress.IngressTransport;
import dev.osmosis.room.RoomRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake transport of the chat examples' tests: records what the handler sent and the close codes.
 */
final class ChatClient implements IngressTransport {
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

  /**
   * Opens session {@code id} of handler {@code name} ({@code /ws/name}) with the handshake's query
   * string ({@code a=1&b=2}, or "" for none) over {@code client}, and runs {@code onOpen}.
   */
  static IngressConnection open(
      String name,
      IngressHandler handler,
      RoomRegistry rooms,
      String id,
      String query,
      ChatClient client) {
    Map<String, List<String>> params = new HashMap<>();
    if (!query.isEmpty()) {
      for (String pair : query.split("&")) {
        String[] kv = pair.split("=", 2);
        params.put(kv[0], List.of(kv[1]));
      }
    }
    IngressConnection c =
        new IngressConnection(
            id,
            name,
            handler,
            new IngressHandshake("/ws/" + name, params, Map.of(), "127.0.0.1"),
            rooms,
            client);
    c.opened();
    return c;
  }
}
