package dev.osmosis.protocol;

import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringWriter;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Encodes the server's messages (docs/PROTOCOL.md) with JSON-P's streaming generator: no
 * reflection, one string per message, ready to be shared by every connection it goes to.
 */
public final class ServerFrames {
  private static final JsonGeneratorFactory GENERATORS =
      FrameCodec.JSON.createGeneratorFactory(Map.of());

  private ServerFrames() {}

  /** What the handshake granted. */
  public record Limits(int maxMessageSize, long reconnectTimeout, int maxOutboundQueue) {}

  /**
   * A {@code connected} for a sequenced session (§12): the plain one plus {@code seq}, {@code ack}
   * and, on a reconnect, {@code reconnected}.
   */
  public static String sequenced(String connected, boolean reconnected, long ack) {
    return connected.substring(0, connected.length() - 1)
        + ",\"seq\":true,\"ack\":"
        + ack
        + (reconnected ? ",\"reconnected\":true}" : "}");
  }

  public static String connected(
      String sessionId,
      String token,
      String server,
      String principal,
      Collection<String> roles,
      Map<String, String> properties,
      Limits limits) {
    return write(
        g -> {
          g.write("t", "connected")
              .write("v", 1)
              .write("sessionId", sessionId)
              .write("token", token)
              .write("server", server)
              .write("principal", principal);
          writeStrings(g, "roles", roles);
          writeMap(g, "properties", properties);
          g.writeStartObject("limits")
              .write("maxMessageSize", limits.maxMessageSize())
              .write("reconnectTimeout", limits.reconnectTimeout())
              .write("maxOutboundQueue", limits.maxOutboundQueue())
              .writeEnd();
        });
  }

  public static String pong(long id, long serverTime) {
    return write(g -> g.write("t", "ok").write("id", id).write("time", serverTime));
  }

  public static String principalChanged(long id, String principal, Collection<String> roles) {
    return write(
        g -> {
          g.write("t", "ok").write("id", id).write("principal", principal);
          writeStrings(g, "roles", roles);
        });
  }

  public static String ok(long id) {
    return write(g -> g.write("t", "ok").write("id", id));
  }

  public static String properties(long id, Map<String, String> properties) {
    return write(
        g -> {
          g.write("t", "ok").write("id", id);
          writeMap(g, "properties", properties);
        });
  }

  /** An answer carrying a {@code result} name (e.g. ADDED / EXISTS). */
  public static String result(long id, String result) {
    return write(g -> g.write("t", "ok").write("id", id).write("result", result));
  }

  /**
   * A count answer; {@code previous} (may be null) carries old values, null where a key was absent.
   */
  public static String count(long id, int count, Map<String, String> previous) {
    return write(
        g -> {
          g.write("t", "ok").write("id", id).write("count", count);
          if (previous != null) {
            writeMap(g, "previous", previous);
          }
        });
  }

  /** A session properties listener event (docs/PROTOCOL.md §8). */
  public static String sessionEvent(
      long listener,
      String type,
      String sessionId,
      Map<String, String> properties,
      Map<String, String> previous,
      CloseReason reason) {
    return write(
        g -> {
          g.write("t", "sessionEvent")
              .write("listener", listener)
              .write("type", type)
              .write("session", sessionId);
          writeMap(g, "properties", properties);
          if (previous != null) {
            writeMap(g, "previous", previous);
          }
          if (reason != null) {
            g.write("reason", reason.name());
          }
        });
  }

  /** An error answer; {@code id} 0 when the failed message had no readable correlation id. */
  public static String error(long id, ErrorCode code, String message) {
    return write(
        g -> {
          g.write("t", "error");
          if (id != 0) {
            g.write("id", id);
          }
          g.write("code", code.code()).write("message", message == null ? code.name() : message);
        });
  }

  public static String close(CloseReason reason, String message) {
    return write(
        g ->
            g.write("t", "close")
                .write("reason", reason.name())
                .write("code", reason.code())
                .write("message", message == null ? reason.name() : message));
  }

  /**
   * Joins already-encoded messages into one batch frame (a JSON array), sharing the message
   * strings.
   */
  public static String batch(Collection<String> messages) {
    int length = 2 + messages.size();
    for (String m : messages) {
      length += m.length();
    }
    StringBuilder out = new StringBuilder(length).append('[');
    for (String m : messages) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(m);
    }
    return out.append(']').toString();
  }

  private static void writeStrings(JsonGenerator g, String name, Collection<String> values) {
    g.writeStartArray(name);
    values.forEach(g::write);
    g.writeEnd();
  }

  private static void writeMap(JsonGenerator g, String name, Map<String, String> map) {
    g.writeStartObject(name);
    map.forEach(
        (k, v) -> {
          if (v == null) {
            g.writeNull(k);
          } else {
            g.write(k, v);
          }
        });
    g.writeEnd();
  }

  /** One JSON object written by {@code body} with the shared, stateless generator factory. */
  static String write(Consumer<JsonGenerator> body) {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator g = GENERATORS.createGenerator(out)) {
      g.writeStartObject();
      body.accept(g);
      g.writeEnd();
    }
    return out.toString();
  }
}
