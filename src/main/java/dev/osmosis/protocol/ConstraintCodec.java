package dev.osmosis.protocol;

import dev.osmosis.error.RequestException;
import dev.osmosis.subscribe.UpdateConstraint;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an update constraint (docs/PROTOCOL.md §9 "Update constraints"): an object with exactly
 * one of {@code value}, {@code noValue}, {@code noTopic}, {@code json}, {@code locked}, {@code
 * and}.
 */
final class ConstraintCodec {
  private static final int MAX_DEPTH = 8;

  private ConstraintCodec() {}

  /** The message's {@code constraint}, or {@link UpdateConstraint#NONE} if it has none. */
  static UpdateConstraint of(JsonObject message) {
    JsonValue value = message.get("constraint");
    return value == null || value == JsonValue.NULL ? UpdateConstraint.NONE : decode(value, 0);
  }

  private static UpdateConstraint decode(JsonValue value, int depth) {
    if (!(value instanceof JsonObject object) || object.size() != 1) {
      throw invalid(
          "a constraint is an object with exactly one of value, noValue, noTopic, json, locked, and");
    }
    if (depth > MAX_DEPTH) {
      throw invalid("constraints nest at most " + MAX_DEPTH + " levels deep");
    }
    String kind = object.keySet().iterator().next();
    JsonValue body = object.get(kind);
    switch (kind) {
      case "value":
        return new UpdateConstraint.Value(body instanceof JsonNumber n ? n.numberValue() : body);
      case "noValue":
        return new UpdateConstraint.NoValue();
      case "noTopic":
        return new UpdateConstraint.NoTopic();
      case "json":
        return json(body);
      case "locked":
        if (body instanceof JsonObject lock
            && lock.get("name") instanceof JsonString name
            && lock.get("sequence") instanceof JsonNumber sequence
            && sequence.isIntegral()) {
          return new UpdateConstraint.Locked(name.getString(), sequence.longValue());
        }
        throw invalid("\"locked\" needs {\"name\": string, \"sequence\": integer}");
      case "and":
        if (!(body instanceof JsonArray all)) {
          throw invalid("\"and\" needs an array of constraints");
        }
        List<UpdateConstraint> parts = new ArrayList<>();
        for (JsonValue part : all) {
          parts.add(decode(part, depth + 1));
        }
        return new UpdateConstraint.And(parts);
      default:
        throw invalid("unknown constraint \"" + kind + "\"");
    }
  }

  private static UpdateConstraint json(JsonValue body) {
    if (!(body instanceof JsonObject json)) {
      throw invalid("\"json\" needs {\"with\": {pointer: value}, \"without\": [pointer]}");
    }
    Map<String, JsonValue> with = new LinkedHashMap<>();
    if (json.get("with") instanceof JsonObject pointers) {
      pointers.forEach(with::put);
    }
    List<String> without = new ArrayList<>();
    if (json.get("without") instanceof JsonArray pointers) {
      for (JsonValue p : pointers) {
        if (!(p instanceof JsonString s)) {
          throw invalid("\"without\" holds JSON pointers as strings");
        }
        without.add(s.getString());
      }
    }
    for (String pointer : with.keySet()) {
      checkPointer(pointer);
    }
    without.forEach(ConstraintCodec::checkPointer);
    return new UpdateConstraint.Json(with, without);
  }

  private static void checkPointer(String pointer) {
    if (!pointer.isEmpty() && !pointer.startsWith("/")) {
      throw invalid(
          "\"" + pointer + "\" is not a JSON pointer (RFC 6901: empty or starting with '/')");
    }
  }

  private static RequestException invalid(String message) {
    return new RequestException(
        ErrorCode.INVALID_ARGUMENT, "invalid update constraint: " + message);
  }
}
