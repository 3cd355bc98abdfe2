package dev.osmosis.protocol;

import dev.osmosis.error.RequestException;
import dev.osmosis.message.Payload;
import dev.osmosis.message.Request;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The wire form of messaging and lock messages (docs/PROTOCOL.md §10): decoding the client's,
 * encoding the server's. A value's JSON text is validated against its datatype once, on the way in,
 * and then spliced into outgoing messages as is, never parsed again. Stateless.
 */
public final class MessagingFrames {
  /** The datatypes a request or response may carry (§9 "Values on the wire"). */
  public static final Set<String> TYPES = Set.of("JSON", "STRING", "INT64", "DOUBLE", "BINARY");

  private static final long MAX_ID = (1L << 53) - 1;
  private static final long MAX_SAFE = (1L << 53) - 1;

  private MessagingFrames() {}

  static ClientFrame decode(String type, JsonObject m, long id) {
    switch (type) {
      case "addRequestHandler":
        return new ClientFrame.AddRequestHandler(requiredId(m, id), string(m, "path"), keys(m));
      case "removeRequestHandler":
        return new ClientFrame.RemoveRequestHandler(requiredId(m, id), string(m, "path"));
      case "sendRequest":
        requiredId(m, id);
        return new ClientFrame.SendRequest(
            id, string(m, "path"), optionalString(m, "session"), datatype(m), value(m));
      case "sendRequestToFilter":
        requiredId(m, id);
        return new ClientFrame.SendRequestToFilter(
            id, string(m, "filter"), string(m, "path"), datatype(m), value(m));
      case "response":
        {
          long rid = rid(m);
          try {
            return new ClientFrame.Response(rid, datatype(m), value(m));
          } catch (RequestException e) {
            // the requester hears of a bad response at once instead of waiting for its timeout
            return new ClientFrame.ResponseError(
                rid,
                ErrorCode.INVALID_ARGUMENT.code(),
                "the responding session sent an invalid response: " + e.getMessage());
          }
        }
      case "responseError":
        {
          long rid = rid(m);
          int code = m.get("code") instanceof JsonNumber n && n.isIntegral() ? n.intValue() : 0;
          String message = optionalString(m, "message");
          return new ClientFrame.ResponseError(
              rid, code, message == null ? "the request was rejected" : message);
        }
      case "lock":
        {
          requiredId(m, id);
          String scope = optionalString(m, "scope");
          if (scope != null
              && !scope.equals("UNLOCK_ON_SESSION_LOSS")
              && !scope.equals("UNLOCK_ON_CONNECTION_LOSS")) {
            throw new RequestException(
                ErrorCode.INVALID_FIELD,
                "\"scope\" must be UNLOCK_ON_SESSION_LOSS or UNLOCK_ON_CONNECTION_LOSS");
          }
          return new ClientFrame.Lock(
              id, string(m, "name"), scope == null ? "UNLOCK_ON_SESSION_LOSS" : scope);
        }
      case "unlock":
        requiredId(m, id);
        if (!(m.get("sequence") instanceof JsonNumber n && n.isIntegral())) {
          throw new RequestException(ErrorCode.INVALID_FIELD, "\"sequence\" must be an integer");
        }
        return new ClientFrame.Unlock(id, string(m, "name"), n.longValue());
      default:
        throw new IllegalArgumentException(type);
    }
  }

  // ------------------------------------------------------------ server to client

  /** A request for a handler ({@code handler} set) or a session's request stream. */
  public static String request(Request r) {
    return withValue(
        g -> {
          g.write("t", "request").write("rid", r.rid()).write("path", r.path());
          if (r.handler() != null) {
            g.write("handler", r.handler());
          }
          g.write("session", r.sender().toString());
          if (!r.properties().isEmpty()) {
            g.writeStartObject("properties");
            r.properties().forEach(g::write);
            g.writeEnd();
          }
          g.write("type", r.payload().type());
        },
        r.payload().json());
  }

  /** The answer to {@code sendRequest}: {@code ok} with the response. */
  public static String response(long id, Payload response) {
    return withValue(
        g -> g.write("t", "ok").write("id", id).write("type", response.type()), response.json());
  }

  /** One session's response to {@code sendRequestToFilter} {@code id}. */
  public static String filterResponse(long id, String session, Payload response) {
    return withValue(
        g ->
            g.write("t", "filterResponse")
                .write("id", id)
                .write("session", session)
                .write("type", response.type()),
        response.json());
  }

  /** One session's error for {@code sendRequestToFilter} {@code id}. */
  public static String filterResponseError(
      long id, String session, ErrorCode code, String message) {
    return write(
        g ->
            g.write("t", "filterResponseError")
                .write("id", id)
                .write("session", session)
                .write("code", code.code())
                .write("message", message));
  }

  public static String handlerAdded(long id, String branch) {
    return write(g -> g.write("t", "ok").write("id", id).write("path", branch));
  }

  public static String removed(long id, boolean removed) {
    return write(g -> g.write("t", "ok").write("id", id).write("removed", removed));
  }

  public static String locked(long id, String name, long sequence, String scope) {
    return write(
        g ->
            g.write("t", "ok")
                .write("id", id)
                .write("name", name)
                .write("sequence", sequence)
                .write("scope", scope));
  }

  public static String unlocked(long id, boolean released) {
    return write(g -> g.write("t", "ok").write("id", id).write("released", released));
  }

  // ------------------------------------------------------------ helpers

  private static String withValue(Consumer<JsonGenerator> body, String json) {
    String head = write(body);
    return new StringBuilder(head.length() + json.length() + 6)
        .append(head, 0, head.length() - 1)
        .append(",\"v\":")
        .append(json)
        .append('}')
        .toString();
  }

  private static String write(Consumer<JsonGenerator> body) {
    return ServerFrames.write(body);
  }

  private static String datatype(JsonObject m) {
    String type = string(m, "type");
    if (!TYPES.contains(type)) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD,
          "\"type\" must be one of JSON, STRING, INT64, DOUBLE, BINARY, is \"" + type + "\"");
    }
    return type;
  }

  /** The JSON text of {@code v}, checked against {@code type}. */
  private static String value(JsonObject m) {
    String type = datatype(m);
    JsonValue v = m.get("v");
    if (v == null) {
      throw new RequestException(ErrorCode.INVALID_FIELD, "\"v\" is required");
    }
    boolean valid;
    switch (type) {
      case "STRING":
        valid = v instanceof JsonString;
        break;
      case "INT64":
        valid =
            (v instanceof JsonNumber n
                    && n.isIntegral()
                    && n.bigDecimalValue().abs().compareTo(BigDecimal.valueOf(MAX_SAFE)) <= 0)
                || (v instanceof JsonString s && isLong(s.getString()));
        break;
      case "DOUBLE":
        valid =
            v instanceof JsonNumber
                || (v instanceof JsonString s
                    && Set.of("NaN", "Infinity", "-Infinity").contains(s.getString()));
        break;
      case "BINARY":
        valid = v instanceof JsonString s && isBase64(s.getString());
        break;
      default:
        valid = true;
    }
    if (!valid) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT, "\"v\" is not a valid " + type + " value");
    }
    return v.toString();
  }

  private static boolean isLong(String text) {
    try {
      Long.parseLong(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isBase64(String text) {
    try {
      Base64.getDecoder().decode(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static long requiredId(JsonObject m, long id) {
    if (id == 0) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD, "message \"" + m.getString("t") + "\" needs an \"id\"");
    }
    return id;
  }

  private static long rid(JsonObject m) {
    if (m.get("rid") instanceof JsonNumber n
        && n.isIntegral()
        && n.longValue() > 0
        && n.longValue() <= MAX_ID) {
      return n.longValue();
    }
    throw new RequestException(
        ErrorCode.INVALID_FIELD, "\"rid\" must be an integer from 1 to 2^53-1");
  }

  private static String string(JsonObject m, String field) {
    String value = optionalString(m, field);
    if (value == null) {
      throw new RequestException(ErrorCode.INVALID_FIELD, "\"" + field + "\" is required");
    }
    return value;
  }

  private static String optionalString(JsonObject m, String field) {
    JsonValue value = m.get(field);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonString s) {
      return s.getString();
    }
    throw new RequestException(ErrorCode.INVALID_FIELD, "\"" + field + "\" must be a string");
  }

  private static List<String> keys(JsonObject m) {
    JsonValue value = m.get("properties");
    if (value == null || value == JsonValue.NULL) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD, "\"properties\" must be an array of strings");
    }
    List<String> keys = new ArrayList<>(array.size());
    for (JsonValue element : array) {
      if (!(element instanceof JsonString s)) {
        throw new RequestException(
            ErrorCode.INVALID_FIELD, "\"properties\" must be an array of strings");
      }
      keys.add(s.getString());
    }
    return List.copyOf(keys);
  }
}
