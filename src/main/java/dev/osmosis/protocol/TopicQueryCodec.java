package dev.osmosis.protocol;

import dev.osmosis.error.RequestException;
import dev.osmosis.subscribe.FetchQuery;
import dev.osmosis.topic.TopicPath;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Decodes the fetch, topic notification and missing topic handler messages of docs/PROTOCOL.md §9
 * for {@link FrameCodec}. Problems are {@link RequestException}s: 1003 for a missing field or one
 * of the wrong JSON type, 4001 for a well-formed value the request refuses (an unknown topic type,
 * a bad bound path, conflicting options).
 */
final class TopicQueryCodec {
  private TopicQueryCodec() {}

  static ClientFrame decode(String type, JsonObject m, long id) {
    switch (type) {
      case "fetch":
        return new ClientFrame.Fetch(required(id, type), fetch(m));
      case "selectNotifications":
        return new ClientFrame.SelectNotifications(required(id, type), string(m, "selector", true));
      case "deselectNotifications":
        return new ClientFrame.DeselectNotifications(
            required(id, type), string(m, "selector", true));
      case "addMissingTopicHandler":
        return new ClientFrame.AddMissingTopicHandler(
            required(id, type), string(m, "path", true), strings(m, "properties"));
      case "removeMissingTopicHandler":
        return new ClientFrame.RemoveMissingTopicHandler(
            required(id, type), string(m, "path", true));
      case "missingTopicResponse":
        return missingTopicResponse(m);
      default:
        throw new RequestException(
            ErrorCode.UNKNOWN_MESSAGE_TYPE, "unknown message type \"" + type + "\"");
    }
  }

  private static ClientFrame missingTopicResponse(JsonObject m) {
    long rid = integer(m, "rid", 1, Long.MAX_VALUE, true);
    String action = string(m, "action", true);
    if (!action.equals("PROCEED") && !action.equals("CANCEL")) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT, "\"action\" must be PROCEED or CANCEL, not " + action);
    }
    return new ClientFrame.MissingTopicResponse(rid, action.equals("PROCEED"));
  }

  private static FetchQuery fetch(JsonObject m) {
    String selector = string(m, "selector", true);
    String from = path(m, "from");
    String after = path(m, "after");
    String to = path(m, "to");
    String before = path(m, "before");
    if (from != null && after != null) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT, "give at most one of \"from\" and \"after\"");
    }
    if (to != null && before != null) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT, "give at most one of \"to\" and \"before\"");
    }
    Set<TopicType> types = EnumSet.noneOf(TopicType.class);
    for (String name : strings(m, "types")) {
      types.add(topicType(name));
    }
    boolean values = false;
    TopicType valueType = null;
    JsonValue v = m.get("values");
    if (v == JsonValue.TRUE) {
      values = true;
    } else if (v instanceof JsonString s) {
      values = true;
      valueType = topicType(s.getString());
    } else if (v != null && v != JsonValue.FALSE && v != JsonValue.NULL) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD, "\"values\" must be a boolean or a topic type name");
    }
    JsonValue p = m.get("properties");
    if (p != null && p != JsonValue.NULL && p != JsonValue.TRUE && p != JsonValue.FALSE) {
      throw new RequestException(ErrorCode.INVALID_FIELD, "\"properties\" must be a boolean");
    }
    int first = (int) integer(m, "first", 1, Integer.MAX_VALUE, false);
    int last = (int) integer(m, "last", 1, Integer.MAX_VALUE, false);
    if (first > 0 && last > 0) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT, "give at most one of \"first\" and \"last\"");
    }
    long maxResultSize = integer(m, "maxResultSize", 1, Long.MAX_VALUE, false);
    int depth = (int) integer(m, "deepBranchDepth", 1, TopicPath.MAX_DEPTH, false);
    int limit = (int) integer(m, "deepBranchLimit", 1, Integer.MAX_VALUE, false);
    if ((depth == 0) != (limit == 0)) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT,
          "give both \"deepBranchDepth\" and \"deepBranchLimit\", or neither");
    }
    return new FetchQuery(
        selector,
        from != null ? from : after,
        after == null,
        to != null ? to : before,
        before == null,
        types,
        values,
        valueType,
        p == JsonValue.TRUE,
        first,
        last,
        maxResultSize,
        depth,
        limit);
  }

  private static long required(long id, String type) {
    if (id == 0) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD, "message \"" + type + "\" needs an \"id\"");
    }
    return id;
  }

  private static TopicType topicType(String name) {
    try {
      TopicType type = TopicType.valueOf(name);
      if (type.isSupported()) {
        return type;
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw new RequestException(
        ErrorCode.INVALID_ARGUMENT,
        "unknown topic type '" + name + "'; expected JSON, STRING, INT64, DOUBLE or BINARY");
  }

  private static String path(JsonObject m, String field) {
    String text = string(m, field, false);
    if (text == null) {
      return null;
    }
    try {
      return TopicPath.canonical(text);
    } catch (IllegalArgumentException e) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT, "\"" + field + "\": " + e.getMessage());
    }
  }

  /** An integer within [min, max]; 0 if absent and not required. */
  private static long integer(JsonObject m, String field, long min, long max, boolean required) {
    JsonValue v = m.get(field);
    if (v == null || v == JsonValue.NULL) {
      if (required) {
        throw new RequestException(ErrorCode.INVALID_FIELD, "\"" + field + "\" is required");
      }
      return 0;
    }
    if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
      throw new RequestException(ErrorCode.INVALID_FIELD, "\"" + field + "\" must be an integer");
    }
    long value;
    try {
      value = n.longValueExact();
    } catch (ArithmeticException e) {
      value = Long.MAX_VALUE;
    }
    if (value < min || value > max) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT,
          "\"" + field + "\" must be from " + min + " to " + max + ", not " + n);
    }
    return value;
  }

  private static String string(JsonObject m, String field, boolean required) {
    JsonValue v = m.get(field);
    if (v == null || v == JsonValue.NULL) {
      if (required) {
        throw new RequestException(ErrorCode.INVALID_FIELD, "\"" + field + "\" is required");
      }
      return null;
    }
    if (v instanceof JsonString s) {
      return s.getString();
    }
    throw new RequestException(ErrorCode.INVALID_FIELD, "\"" + field + "\" must be a string");
  }

  private static List<String> strings(JsonObject m, String field) {
    JsonValue v = m.get(field);
    if (v == null || v == JsonValue.NULL) {
      return List.of();
    }
    if (!(v instanceof JsonArray array)) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD, "\"" + field + "\" must be an array of strings");
    }
    List<String> out = new ArrayList<>(array.size());
    for (JsonValue e : array) {
      if (!(e instanceof JsonString s)) {
        throw new RequestException(
            ErrorCode.INVALID_FIELD, "\"" + field + "\" must be an array of strings");
      }
      out.add(s.getString());
    }
    return List.copyOf(out);
  }
}
