package dev.osmosis.protocol;

import dev.osmosis.error.RequestException;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * Decodes the selection messages of docs/PROTOCOL.md §9 (a session's own selections, with their
 * optional selection scope) and §8 (client control's subscriptions, selections and conflation) for
 * {@link FrameCodec}, and encodes the answer to {@code getTopicSelections}. Problems are {@link
 * RequestException}s: 1003 for a missing field or one of the wrong JSON type; a bad scope name is
 * the core's 4001.
 */
public final class SelectionFrames {
  private SelectionFrames() {}

  static ClientFrame decode(String type, JsonObject m, long id) {
    long requestId = required(id, type);
    return switch (type) {
      case "select" ->
          new ClientFrame.Select(requestId, string(m, "selector", true), string(m, "scope", false));
      case "unselect" ->
          new ClientFrame.Unselect(
              requestId, string(m, "selector", true), scope(string(m, "scope", false)));
      case "unselectAllScopes" ->
          new ClientFrame.Unselect(requestId, string(m, "selector", true), null);
      case "subscribeSession", "unsubscribeSession" ->
          new ClientFrame.SubscribeControl(
              requestId,
              FrameCodec.target(m),
              string(m, "selector", true),
              type.equals("subscribeSession"),
              scope(string(m, "scope", false)));
      case "unsubscribeSessionAllScopes" ->
          new ClientFrame.SubscribeControl(
              requestId, FrameCodec.target(m), string(m, "selector", true), false, null);
      case "getTopicSelections" ->
          new ClientFrame.GetTopicSelections(requestId, string(m, "session", true));
      case "setConflated" -> {
        JsonValue v = m.get("conflated");
        if (v != JsonValue.TRUE && v != JsonValue.FALSE) {
          throw new RequestException(
              ErrorCode.INVALID_FIELD, "\"conflated\" is required: true or false");
        }
        yield new ClientFrame.SetConflated(requestId, FrameCodec.target(m), v == JsonValue.TRUE);
      }
      default ->
          throw new RequestException(
              ErrorCode.UNKNOWN_MESSAGE_TYPE, "unknown message type \"" + type + "\"");
    };
  }

  /** The default scope when none is given (null stands for every scope in the frames). */
  private static String scope(String given) {
    return given == null ? "" : given;
  }

  /**
   * The answer to {@code getTopicSelections}: {@code selections}, an object of the session's
   * selectors (canonical expressions, in the order made) by scope, the default scope as {@code ""}.
   */
  public static String selections(long id, Map<String, List<String>> byScope) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = jakarta.json.Json.createGenerator(out)) {
      g.writeStartObject().write("t", "ok").write("id", id).writeStartObject("selections");
      byScope.forEach(
          (scope, selectors) -> {
            g.writeStartArray(scope);
            selectors.forEach(g::write);
            g.writeEnd();
          });
      g.writeEnd().writeEnd();
    }
    return out.toString();
  }

  private static long required(long id, String type) {
    if (id == 0) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD, "message \"" + type + "\" needs an \"id\"");
    }
    return id;
  }

  private static String string(JsonObject m, String field, boolean required) {
    JsonValue value = m.get(field);
    if (value == null || value == JsonValue.NULL) {
      if (required) {
        throw new RequestException(ErrorCode.INVALID_FIELD, "\"" + field + "\" is required");
      }
      return null;
    }
    if (value instanceof JsonString s) {
      return s.getString();
    }
    throw new RequestException(ErrorCode.INVALID_FIELD, "\"" + field + "\" must be a string");
  }
}
