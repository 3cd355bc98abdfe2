package dev.osmosis.protocol;

import dev.osmosis.error.RequestException;
import dev.osmosis.lock.SessionLocks;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.List;

/**
 * The query messages of docs/PROTOCOL.md §8 ({@code getSessionLock}, {@code getSessionLocks}) and
 * §14 ({@code getGlobalPermissions}, {@code getPathPermissions}, {@code revokeAuthentication}):
 * decodes them for {@link FrameCodec} and encodes the answers. Problems are 1003 for a missing id
 * or a missing field or one of the wrong JSON type.
 */
public final class QueryFrames {
  private QueryFrames() {}

  static ClientFrame decode(String type, JsonObject m, long id) {
    if (id == 0) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD, "message \"" + type + "\" needs an \"id\"");
    }
    return switch (type) {
      case "getSessionLock" -> new ClientFrame.GetSessionLocks(id, string(m, "name"));
      case "getSessionLocks" -> new ClientFrame.GetSessionLocks(id, null);
      case "getGlobalPermissions" -> new ClientFrame.GetPermissions(id, null);
      case "getPathPermissions" -> new ClientFrame.GetPermissions(id, string(m, "path"));
      case "revokeAuthentication" -> new ClientFrame.RevokeAuthentication(id, string(m, "session"));
      default ->
          throw new RequestException(
              ErrorCode.UNKNOWN_MESSAGE_TYPE, "unknown message type \"" + type + "\"");
    };
  }

  /**
   * {@code {"t":"ok","id":n,"locks":{name:{"sessionId","sequence","serverName"}}}}: the held locks
   * asked for, by name (none when a named lock is free).
   */
  public static String sessionLocks(long id, List<SessionLocks.Holder> holders) {
    return ServerFrames.write(
        g -> {
          g.write("t", "ok").write("id", id).writeStartObject("locks");
          for (SessionLocks.Holder h : holders) {
            g.writeStartObject(h.name())
                .write("sessionId", h.session())
                .write("sequence", h.sequence())
                .write("serverName", h.server())
                .writeEnd();
          }
          g.writeEnd();
        });
  }

  /** {@code {"t":"ok","id":n,"permissions":[..]}}: permission names, sorted. */
  public static String permissions(long id, Collection<? extends Enum<?>> permissions) {
    return ServerFrames.write(
        g -> {
          g.write("t", "ok").write("id", id).writeStartArray("permissions");
          permissions.stream().map(Enum::name).sorted().forEach(g::write);
          g.writeEnd();
        });
  }

  private static String string(JsonObject m, String field) {
    JsonValue value = m.get(field);
    if (value instanceof JsonString s) {
      return s.getString();
    }
    throw new RequestException(
        ErrorCode.INVALID_FIELD,
        "\"" + field + "\" is required" + (value == null ? "" : " and must be a string"));
  }
}
