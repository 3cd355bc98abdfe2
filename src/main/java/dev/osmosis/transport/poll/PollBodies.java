package dev.osmosis.transport.poll;

import dev.osmosis.topic.JsonNesting;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The request bodies of the polling transport, checked before the protocol sees them: at most the
 * max message size in bytes (refused before reading past it: 413), UTF-8, and one frame — a JSON
 * object or an array (400). Plain Java; the messages inside a frame are the protocol's business, as
 * on a WebSocket.
 */
final class PollBodies {
  private PollBodies() {}

  /** The opening body: exactly one {@code connect} message. */
  static String connect(InputStream body, long declaredLength, int maxBytes, int maxDepth) {
    String text = read(body, declaredLength, maxBytes);
    JsonValue value = parse(text, maxDepth);
    if (!(value instanceof JsonObject object)
        || !(object.get("t") instanceof JsonString type)
        || !"connect".equals(type.getString())) {
      throw new PollRefusal(400, "the body of POST /osmosis/poll must be one connect message");
    }
    return text;
  }

  /** A send's body: one frame, a message object or a JSON array of messages. */
  static String frame(InputStream body, long declaredLength, int maxBytes, int maxDepth) {
    String text = read(body, declaredLength, maxBytes);
    parse(text, maxDepth);
    return text;
  }

  static String read(InputStream body, long declaredLength, int maxBytes) {
    if (declaredLength > maxBytes) {
      throw tooLarge(maxBytes);
    }
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream((int) Math.max(64, Math.min(declaredLength, maxBytes)));
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = body.read(buffer)) >= 0) {
        if (bytes.size() + n > maxBytes) {
          throw tooLarge(maxBytes);
        }
        bytes.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new PollRefusal(400, "the body could not be read: " + e.getMessage());
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new PollRefusal(400, "the body is not UTF-8");
    }
  }

  private static JsonValue parse(String text, int maxDepth) {
    if (text.isBlank()) {
      throw new PollRefusal(400, "the body is empty: expected one JSON frame");
    }
    if (JsonNesting.tooDeepAt(text, maxDepth) >= 0) {
      throw new PollRefusal(
          400, "the body nests deeper than " + maxDepth + " levels of arrays and objects");
    }
    try (JsonParser parser = Json.createParser(new StringReader(text))) {
      JsonParser.Event first = parser.next();
      if (first != JsonParser.Event.START_OBJECT && first != JsonParser.Event.START_ARRAY) {
        throw new PollRefusal(
            400, "the body must be one frame: a message object or a JSON array of messages");
      }
      JsonValue value = parser.getValue();
      if (parser.hasNext()) {
        throw new PollRefusal(
            400, "the body must be one frame: something follows the first JSON value");
      }
      return value;
    } catch (JsonParsingException e) {
      throw new PollRefusal(400, "the body is not JSON: " + e.getMessage());
    } catch (
        RuntimeException e) { // JsonException, NoSuchElementException, Parsson's own depth limit
      if (e instanceof PollRefusal refusal) {
        throw refusal;
      }
      throw new PollRefusal(400, "the body is not one JSON frame: " + e.getMessage());
    }
  }

  private static PollRefusal tooLarge(int maxBytes) {
    return new PollRefusal(
        413, "the body exceeds the maximum message size of " + maxBytes + " bytes");
  }
}
