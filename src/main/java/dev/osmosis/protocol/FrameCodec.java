package dev.osmosis.protocol;

import dev.osmosis.control.Target;
import dev.osmosis.error.RequestException;
import dev.osmosis.topic.JsonNesting;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.ErrorCode;
import dev.osmosis.wire.NotifiedDigest;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Decodes client frames (docs/PROTOCOL.md). One frame holds a message or a batch; every message
 * decodes to a {@link ClientFrame}, bad ones to {@link ClientFrame.Invalid} so one bad message in a
 * batch does not hide the others. Thread-safe and stateless.
 *
 * <p>This package uses JSON-P (a plain library, Parsson, usable without a container); it is the one
 * core package allowed a {@code jakarta.json} import, because it is the one place that knows the
 * wire format.
 */
public final class FrameCodec {
  static final JsonProvider JSON = JsonProvider.provider();
  private static final long MAX_ID = (1L << 53) - 1;

  private FrameCodec() {}

  /**
   * Frames may nest this deep by default: a value of the default depth, in a message, in a batch.
   */
  public static final int MAX_FRAME_DEPTH =
      JsonNesting.DEFAULT_MAX_DEPTH + JsonNesting.FRAME_LEVELS;

  public static List<ClientFrame> decode(String text) {
    return decode(text, MAX_FRAME_DEPTH);
  }

  /**
   * Decodes a frame that may nest at most {@code maxDepth} levels of arrays and objects (deeper:
   * one 1001).
   */
  public static List<ClientFrame> decode(String text, int maxDepth) {
    JsonValue value;
    try {
      value = read(text, maxDepth);
    } catch (RequestException e) {
      return List.of(new ClientFrame.Invalid(0, e.code(), e.getMessage()));
    }
    if (value instanceof JsonObject object) {
      return List.of(decodeMessage(object));
    }
    if (value instanceof JsonArray batch) {
      List<ClientFrame> frames = new ArrayList<>(batch.size());
      for (JsonValue element : batch) {
        frames.add(
            element instanceof JsonObject o
                ? decodeMessage(o)
                : new ClientFrame.Invalid(
                    0, ErrorCode.MALFORMED_MESSAGE, "a batch element must be a JSON object"));
      }
      return frames;
    }
    return List.of(
        new ClientFrame.Invalid(
            0,
            ErrorCode.MALFORMED_MESSAGE,
            "a message must be a JSON object or an array of objects"));
  }

  /**
   * One decoded client message with its sequence number and piggybacked ack (0 when absent), §12.
   */
  public record Numbered(long seq, long ack, ClientFrame frame) {}

  /** Decodes like {@link #decode}, keeping each message's {@code seq} and {@code ack}. */
  public static List<Numbered> decodeNumbered(String text) {
    return decodeNumbered(text, MAX_FRAME_DEPTH);
  }

  /** {@link #decodeNumbered(String)} with a nesting bound, as {@link #decode(String, int)}. */
  public static List<Numbered> decodeNumbered(String text, int maxDepth) {
    JsonValue value;
    try {
      value = read(text, maxDepth);
    } catch (RequestException e) {
      return List.of(new Numbered(0, 0, new ClientFrame.Invalid(0, e.code(), e.getMessage())));
    }
    if (value instanceof JsonObject object) {
      return List.of(numbered(object));
    }
    if (value instanceof JsonArray batch) {
      List<Numbered> frames = new ArrayList<>(batch.size());
      for (JsonValue element : batch) {
        frames.add(
            element instanceof JsonObject o
                ? numbered(o)
                : new Numbered(
                    0,
                    0,
                    new ClientFrame.Invalid(
                        0, ErrorCode.MALFORMED_MESSAGE, "a batch element must be a JSON object")));
      }
      return frames;
    }
    return List.of(
        new Numbered(
            0,
            0,
            new ClientFrame.Invalid(
                0,
                ErrorCode.MALFORMED_MESSAGE,
                "a message must be a JSON object or an array of objects")));
  }

  /**
   * Parses one frame, refusing one that nests deeper than {@code maxDepth} before the parser sees
   * it. Parsson throws a plain RuntimeException past its own depth limit: it is malformed input
   * like any other.
   */
  private static JsonValue read(String text, int maxDepth) {
    int at = JsonNesting.tooDeepAt(text, maxDepth);
    if (at >= 0) {
      throw new RequestException(
          ErrorCode.MALFORMED_MESSAGE,
          "the frame nests deeper than "
              + maxDepth
              + " levels of arrays and objects (at offset "
              + at
              + ")");
    }
    try (var reader = JSON.createReader(new StringReader(text))) {
      return reader.readValue();
    } catch (RuntimeException e) {
      throw new RequestException(ErrorCode.MALFORMED_MESSAGE, "not valid JSON: " + e.getMessage());
    }
  }

  private static Numbered numbered(JsonObject message) {
    boolean isAck = message.get("t") instanceof JsonString t && "ack".equals(t.getString());
    return new Numbered(
        isAck ? 0 : sequenceField(message, "seq"),
        sequenceField(message, "ack"),
        decodeMessage(message));
  }

  private static long sequenceField(JsonObject message, String name) {
    return message.get(name) instanceof JsonNumber n && n.isIntegral() && n.longValue() > 0
        ? n.longValue()
        : 0;
  }

  static ClientFrame decodeMessage(JsonObject message) {
    long id = 0;
    try {
      id = optionalId(message);
      String type = message.get("t") instanceof JsonString s ? s.getString() : null;
      if (type == null) {
        return new ClientFrame.Invalid(
            id, ErrorCode.UNKNOWN_MESSAGE_TYPE, "message has no type \"t\"");
      }
      return switch (type) {
        case "connect" -> connect(message);
        case "ack" -> new ClientFrame.Ack(sequenceField(message, "ack"));
        case "ping" -> new ClientFrame.Ping(requiredId(message, id));
        case "changePrincipal" ->
            new ClientFrame.ChangePrincipal(
                requiredId(message, id),
                optionalString(message, "principal"),
                optionalString(message, "credentials"));
        case "close" -> new ClientFrame.Close();
        case "getSessionProperties" ->
            new ClientFrame.GetSessionProperties(
                requiredId(message, id),
                requiredString(message, "session"),
                strings(message, "keys", true));
        case "setSessionProperties" ->
            new ClientFrame.SetSessionProperties(
                requiredId(message, id), target(message), nullableStrings(message, "properties"));
        case "changeRoles" ->
            new ClientFrame.ChangeRoles(
                requiredId(message, id),
                target(message),
                new LinkedHashSet<>(strings(message, "remove", false)),
                new LinkedHashSet<>(strings(message, "add", false)));
        case "closeSession" ->
            new ClientFrame.CloseSession(requiredId(message, id), target(message));
        case "addSessionListener" ->
            new ClientFrame.AddSessionListener(
                requiredId(message, id), strings(message, "keys", true));
        case "addTopic" ->
            new ClientFrame.AddTopic(
                requiredId(message, id), requiredString(message, "path"), specification(message));
        case "removeTopics" ->
            new ClientFrame.RemoveTopics(
                requiredId(message, id), requiredString(message, "selector"));
        case "set" ->
            new ClientFrame.SetValue(
                requiredId(message, id),
                requiredString(message, "path"),
                topicType(message),
                wireValue(message),
                ConstraintCodec.of(message));
        case "addAndSet" ->
            new ClientFrame.AddAndSet(
                requiredId(message, id),
                requiredString(message, "path"),
                specification(message),
                wireValue(message),
                ConstraintCodec.of(message));
        case "applyJsonPatch" ->
            new ClientFrame.ApplyJsonPatch(
                requiredId(message, id),
                requiredString(message, "path"),
                patch(message),
                ConstraintCodec.of(message));
        case "removeSessionListener" ->
            new ClientFrame.RemoveSessionListener(
                requiredId(message, id), requiredLong(message, "listener"));
        case "addRequestHandler",
            "removeRequestHandler",
            "sendRequest",
            "sendRequestToFilter",
            "response",
            "responseError",
            "lock",
            "unlock" ->
            MessagingFrames.decode(type, message, id);
        case "getSecurityConfiguration",
            "getSystemAuthenticationConfiguration",
            "updateSecurityStore",
            "updateAuthenticationStore" ->
            SecurityFrames.decode(type, message, id);
        case "putSessionMetricCollector",
            "removeSessionMetricCollector",
            "listSessionMetricCollectors",
            "putTopicMetricCollector",
            "removeTopicMetricCollector",
            "listTopicMetricCollectors",
            "fetchMetrics" ->
            MetricsFrames.decode(type, message, id);
        case "select",
            "unselect",
            "subscribeSession",
            "unsubscribeSession",
            "unselectAllScopes",
            "unsubscribeSessionAllScopes",
            "getTopicSelections",
            "setConflated" ->
            SelectionFrames.decode(type, message, id);
        case "fetch",
            "selectNotifications",
            "deselectNotifications",
            "addMissingTopicHandler",
            "removeMissingTopicHandler",
            "missingTopicResponse" ->
            TopicQueryCodec.decode(type, message, id);
        case "getSessionLock",
            "getSessionLocks",
            "getGlobalPermissions",
            "getPathPermissions",
            "revokeAuthentication" ->
            QueryFrames.decode(type, message, id);
        default ->
            new ClientFrame.Invalid(
                id, ErrorCode.UNKNOWN_MESSAGE_TYPE, "unknown message type \"" + type + "\"");
      };
    } catch (RequestException e) {
      return new ClientFrame.Invalid(id, e.code(), e.getMessage());
    }
  }

  private static ClientFrame connect(JsonObject message) {
    JsonValue version = message.get("v");
    if (!(version instanceof JsonNumber number) || !number.isIntegral()) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD, "connect needs an integer protocol version \"v\"");
    }
    String clientType = optionalString(message, "clientType");
    Map<String, String> properties =
        stringProperties(message, ErrorCode.INVALID_PROPERTY, "user property \"%s\"");
    long reconnectTimeout = -1;
    JsonValue timeout = message.get("reconnectTimeout");
    if (timeout instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 0) {
      reconnectTimeout = n.longValue();
    } else if (timeout != null && timeout != JsonValue.NULL) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD, "\"reconnectTimeout\" must be a non-negative integer");
    }
    boolean sequenced = message.get("seq") == JsonValue.TRUE;
    String sessionId = optionalString(message, "sessionId");
    String token = optionalString(message, "token");
    long ack = message.get("ack") instanceof JsonNumber a && a.isIntegral() ? a.longValue() : 0;
    if (sessionId != null && (token == null || !sequenced)) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD, "a reconnect needs \"seq\":true, \"sessionId\" and \"token\"");
    }
    return new ClientFrame.Connect(
        number.intValue(),
        clientType,
        optionalString(message, "principal"),
        optionalString(message, "credentials"),
        properties,
        reconnectTimeout,
        sequenced,
        sessionId,
        token,
        ack,
        topicSequences(message.get("topics")),
        notified(message.get("notified")));
  }

  /** The {@code notified} of a reconnect: {@code count} and {@code hash} (PROTOCOL.md §12). */
  private static NotifiedDigest notified(JsonValue notified) {
    if (notified == null || notified == JsonValue.NULL) {
      return null;
    }
    NotifiedDigest topics = digest(notified, "\"notified\"");
    JsonValue descendants = ((JsonObject) notified).get("descendants");
    return descendants == null || descendants == JsonValue.NULL
        ? topics
        : new NotifiedDigest(
            topics.count(), topics.hash(), digest(descendants, "\"notified\".\"descendants\""));
  }

  /**
   * {@code {"count": n, "hash": "hex"}} as a digest; 1003 naming {@code field} if it is not one.
   */
  private static NotifiedDigest digest(JsonValue value, String field) {
    if (value instanceof JsonObject o
        && o.get("count") instanceof JsonNumber count
        && count.isIntegral()
        && count.longValue() >= 0
        && o.get("hash") instanceof JsonString hash) {
      try {
        return new NotifiedDigest(count.longValue(), NotifiedDigest.parseHex(hash.getString()));
      } catch (IllegalArgumentException e) {
        // the message below
      }
    }
    throw new RequestException(
        ErrorCode.INVALID_FIELD,
        field
            + " must be an object with \"count\" (a non-negative integer) and \"hash\" (1 to 16"
            + " hexadecimal digits)");
  }

  /** The {@code topics} of a connect: path -> last sequence received (PROTOCOL.md §12). */
  private static Map<String, Long> topicSequences(JsonValue topics) {
    if (topics == null || topics == JsonValue.NULL) {
      return null;
    }
    if (!(topics instanceof JsonObject object)) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD, "\"topics\" must be an object of topic paths to numbers");
    }
    Map<String, Long> sequences = new java.util.HashMap<>();
    for (Map.Entry<String, JsonValue> e : object.entrySet()) {
      if (!(e.getValue() instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 0) {
        throw new RequestException(
            ErrorCode.INVALID_FIELD,
            "\"topics\" must map each topic path to a non-negative integer, "
                + e.getKey()
                + " is not");
      }
      sequences.put(e.getKey(), n.longValue());
    }
    return Map.copyOf(sequences);
  }

  private static long optionalId(JsonObject message) {
    JsonValue id = message.get("id");
    if (id == null || id == JsonValue.NULL) {
      return 0;
    }
    if (id instanceof JsonNumber n && n.isIntegral()) {
      long value = n.longValue();
      if (value > 0 && value <= MAX_ID) {
        return value;
      }
    }
    throw new RequestException(
        ErrorCode.INVALID_FIELD, "\"id\" must be an integer from 1 to 2^53-1");
  }

  private static long requiredId(JsonObject message, long id) {
    if (id == 0) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD, "message \"" + message.getString("t") + "\" needs an \"id\"");
    }
    return id;
  }

  private static JsonArray patch(JsonObject message) {
    if (message.get("patch") instanceof JsonArray patch) {
      return patch;
    }
    throw new RequestException(
        ErrorCode.INVALID_FIELD, "\"patch\" must be an RFC 6902 JSON Patch (an array)");
  }

  /**
   * The message's optional {@code "properties"}: an object whose values must all be strings ({@code
   * code} and {@code what}, a format naming the key, say what was wrong with one that is not);
   * absent or null is empty.
   */
  private static Map<String, String> stringProperties(
      JsonObject message, ErrorCode code, String what) {
    JsonValue props = message.get("properties");
    if (props == null || props == JsonValue.NULL) {
      return Map.of();
    }
    if (!(props instanceof JsonObject object)) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD, "\"properties\" must be an object of strings");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : object.entrySet()) {
      if (!(e.getValue() instanceof JsonString s)) {
        throw new RequestException(code, String.format(what, e.getKey()) + " must be a string");
      }
      map.put(e.getKey(), s.getString());
    }
    return Collections.unmodifiableMap(map);
  }

  private static TopicType topicType(JsonObject message) {
    String name = requiredString(message, "type");
    try {
      return TopicType.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT,
          "unknown topic type '" + name + "'; expected JSON, STRING, INT64, DOUBLE or BINARY");
    }
  }

  private static TopicSpecification specification(JsonObject message) {
    TopicType type = topicType(message);
    Map<String, String> properties =
        stringProperties(message, ErrorCode.INVALID_ARGUMENT, "topic property %s");
    try {
      return new TopicSpecification(type, properties);
    } catch (IllegalArgumentException e) {
      throw new RequestException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
    }
  }

  /** The value {@code v}: JSON numbers as Numbers, everything else as the JSON-P value. */
  private static Object wireValue(JsonObject message) {
    JsonValue v = message.get("v");
    if (v == null) {
      throw new RequestException(ErrorCode.INVALID_FIELD, "\"v\" (the value) is required");
    }
    return v instanceof JsonNumber n ? n.numberValue() : v;
  }

  static Target target(JsonObject message) {
    String session = optionalString(message, "session");
    String filter = optionalString(message, "filter");
    if ((session == null) == (filter == null)) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD, "give exactly one of \"session\" and \"filter\"");
    }
    return new Target(session, filter);
  }

  private static String requiredString(JsonObject message, String field) {
    String value = optionalString(message, field);
    if (value == null) {
      throw new RequestException(ErrorCode.INVALID_FIELD, "\"" + field + "\" is required");
    }
    return value;
  }

  private static long requiredLong(JsonObject message, String field) {
    if (message.get(field) instanceof JsonNumber n && n.isIntegral()) {
      return n.longValue();
    }
    throw new RequestException(ErrorCode.INVALID_FIELD, "\"" + field + "\" must be an integer");
  }

  private static List<String> strings(JsonObject message, String field, boolean required) {
    JsonValue value = message.get(field);
    if (value == null || value == JsonValue.NULL) {
      if (required) {
        throw new RequestException(ErrorCode.INVALID_FIELD, "\"" + field + "\" is required");
      }
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD, "\"" + field + "\" must be an array of strings");
    }
    List<String> strings = new ArrayList<>(array.size());
    for (JsonValue element : array) {
      if (!(element instanceof JsonString s)) {
        throw new RequestException(
            ErrorCode.INVALID_FIELD, "\"" + field + "\" must be an array of strings");
      }
      strings.add(s.getString());
    }
    return List.copyOf(strings);
  }

  /** An object of strings where null values are kept (they mean "remove"). */
  private static Map<String, String> nullableStrings(JsonObject message, String field) {
    if (!(message.get(field) instanceof JsonObject object)) {
      throw new RequestException(ErrorCode.INVALID_FIELD, "\"" + field + "\" must be an object");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : object.entrySet()) {
      if (e.getValue() == JsonValue.NULL) {
        map.put(e.getKey(), null);
      } else if (e.getValue() instanceof JsonString s) {
        map.put(e.getKey(), s.getString());
      } else {
        throw new RequestException(
            ErrorCode.INVALID_PROPERTY, "property \"" + e.getKey() + "\" must be a string or null");
      }
    }
    return Collections.unmodifiableMap(map);
  }

  private static String optionalString(JsonObject message, String field) {
    JsonValue value = message.get(field);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonString s) {
      return s.getString();
    }
    throw new RequestException(ErrorCode.INVALID_FIELD, "\"" + field + "\" must be a string");
  }
}
