package dev.osmosis.subscribe;

import dev.osmosis.error.RequestException;
import dev.osmosis.topic.JsonNesting;
import dev.osmosis.topic.TopicValue;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * RFC 6902 JSON Patch on a JSON topic's value, with JSON-P's implementation, one operation at a
 * time within {@link ValueLimits}: at most {@code maxPatchOperations}, and after every operation
 * the document stays within {@code maxValueBytes} and {@code maxJsonDepth} — a {@code copy} of
 * {@code ""} doubles the document, so a short patch could otherwise describe gigabytes. The check
 * is cheap: a running upper bound on the size grows by what each operation inserts (measured only
 * up to what is left of the limit); only when the bound passes the limit is the document itself
 * measured, and that walk stops at the limit. Subtrees measured once are remembered by identity for
 * the rest of the patch (JSON-P values are immutable and shared between the documents before and
 * after an operation).
 */
final class JsonPatches {
  private static final JsonProvider JSON = JsonProvider.provider();

  private JsonPatches() {}

  /** The patched document, as a JSON-P value for the topic type to validate and keep. */
  static JsonValue apply(String path, TopicValue current, JsonArray patch, ValueLimits limits) {
    if (!(current instanceof TopicValue.OfJson json)) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT, "topic " + path + " has no value to patch");
    }
    if (patch.size() > limits.maxPatchOperations()) {
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "a JSON patch may have at most "
              + limits.maxPatchOperations()
              + " operations; this one has "
              + patch.size());
    }
    JsonValue document = parse(path, json.text(), limits);
    if (!(document instanceof JsonStructure structure)) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT,
          "the value of " + path + " is a JSON scalar; a JSON patch applies to an object or array");
    }
    long bound = JsonSize.utf8(json.text());
    Map<JsonValue, long[]> measured = new IdentityHashMap<>();
    int index = 0;
    for (JsonValue operation : patch) {
      JsonStructure before = structure;
      try {
        structure =
            JSON.createPatch(JSON.createArrayBuilder().add(operation).build()).apply(structure);
      } catch (RuntimeException e) {
        // JsonException, ClassCastException, IllegalArgumentException, and NullPointerException for
        // an operation
        // missing "from" or both "op" and "path" (fuzz findings): all the client's patch
        throw new RequestException(
            ErrorCode.INVALID_ARGUMENT,
            "the JSON patch does not apply to "
                + path
                + ": operation "
                + index
                + ": "
                + (e instanceof JsonException || e.getMessage() != null
                    ? e.getMessage()
                    : "an operation lacks a required member (op, path, from or value)"));
      }
      bound = checked(path, index++, operation, before, structure, bound, limits, measured);
    }
    return structure;
  }

  private static JsonValue parse(String path, String text, ValueLimits limits) {
    if (JsonNesting.tooDeepAt(text, limits.maxJsonDepth()) >= 0) {
      throw tooDeep(path, -1, limits);
    }
    try (var reader = JSON.createReader(new StringReader(text))) {
      return reader.readValue();
    }
  }

  /**
   * The new upper bound on the document's size after {@code operation}, or a 4029 if the document
   * passed a limit. Growth: an add or replace inserts its {@code value}, a copy or move the value
   * at {@code from} (a move's bytes only change place, its depth may grow); a remove or test adds
   * nothing.
   */
  private static long checked(
      String path,
      int index,
      JsonValue operation,
      JsonStructure before,
      JsonStructure after,
      long bound,
      ValueLimits limits,
      Map<JsonValue, long[]> measured) {
    JsonObject op = (JsonObject) operation; // JSON-P refused anything else when applying it
    String kind = op.getString("op", "");
    JsonValue inserted =
        switch (kind) {
          case "add", "replace" -> op.get("value");
          case "copy", "move" -> JSON.createPointer(op.getString("from")).getValue(before);
          default -> null;
        };
    if (inserted == null) {
      return bound;
    }
    String target = op.get("path") instanceof JsonString s ? s.getString() : "";
    int targetLevels = levels(target);
    long room = Math.max(0, limits.maxValueBytes() - bound);
    JsonSize size = JsonSize.of(inserted, room, limits.maxJsonDepth() - targetLevels, measured);
    long grown =
        bound
            + (kind.equals("move")
                ? JsonSize.string(target)
                : size.bytes() + JsonSize.string(target));
    if (size.tooDeep()) {
      throw tooDeep(path, index, limits);
    }
    if (!size.tooLarge() && grown <= limits.maxValueBytes()) {
      return grown;
    }
    JsonSize exact = JsonSize.of(after, limits.maxValueBytes(), limits.maxJsonDepth(), measured);
    if (exact.tooDeep()) {
      throw tooDeep(path, index, limits);
    }
    if (exact.tooLarge()) {
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "operation "
              + index
              + " of the JSON patch makes the value of "
              + path
              + " larger than "
              + limits.maxValueBytes()
              + " bytes, the most a topic value may have");
    }
    return exact.bytes();
  }

  /** Levels a JSON pointer descends: one per reference token. */
  private static int levels(String pointer) {
    int n = 0;
    for (int i = 0; i < pointer.length(); i++) {
      if (pointer.charAt(i) == '/') {
        n++;
      }
    }
    return n;
  }

  private static RequestException tooDeep(String path, int index, ValueLimits limits) {
    String what =
        index < 0
            ? "the value of " + path + " nests"
            : "operation " + index + " of the JSON patch makes the value of " + path + " nest";
    return new RequestException(
        ErrorCode.LIMIT_EXCEEDED,
        what + " deeper than " + limits.maxJsonDepth() + " levels of arrays and objects");
  }
}
