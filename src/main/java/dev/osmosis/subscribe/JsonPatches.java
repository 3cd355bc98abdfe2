package dev.osmosis.subscribe;

import dev.osmosis.protocol.ErrorCode;
import dev.osmosis.protocol.ProtocolException;
import dev.osmosis.topic.TopicValue;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/** RFC 6902 JSON Patch on a JSON topic's value, with JSON-P's implementation. */
final class JsonPatches {
  private static final JsonProvider JSON = JsonProvider.provider();

  private JsonPatches() {}

  /** The patched document, as a JSON-P value for the topic type to validate and keep. */
  static JsonValue apply(String path, TopicValue current, JsonArray patch) {
    if (!(current instanceof TopicValue.OfJson json)) {
      throw new ProtocolException(ErrorCode.INVALID_ARGUMENT, "topic " + path + " has no value to patch");
    }
    JsonValue document;
    try (var reader = JSON.createReader(new StringReader(json.text()))) {
      document = reader.readValue();
    }
    if (!(document instanceof JsonStructure structure)) {
      throw new ProtocolException(ErrorCode.INVALID_ARGUMENT,
          "the value of " + path + " is a JSON scalar; a JSON patch applies to an object or array");
    }
    try {
      return JSON.createPatch(patch).apply(structure);
    } catch (JsonException | ClassCastException | IllegalArgumentException e) {
      throw new ProtocolException(ErrorCode.INVALID_ARGUMENT, "the JSON patch does not apply to " + path + ": "
          + e.getMessage());
    }
  }
}
