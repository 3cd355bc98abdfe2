package dev.osmosis.topic;

import jakarta.json.JsonPatch;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;

/**
 * The package's one door to JSON-P. The provider and factories are looked up once: {@code
 * jakarta.json.Json}'s static methods run a service-loader lookup per call, which would dominate
 * the cost of adding a million small topics.
 */
final class JsonSupport {

  private static final JsonProvider PROVIDER = JsonProvider.provider();
  private static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of());
  private static final JsonWriterFactory WRITERS = PROVIDER.createWriterFactory(Map.of());

  private JsonSupport() {}

  /** Thrown by {@link #parse} with the 0-based character offset of the problem. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;
    final long offset;

    Malformed(long offset, String message) {
      super(message, null, false, false);
      this.offset = offset;
    }
  }

  /** Parses one JSON value (any kind, scalars included) with nothing after it. */
  static JsonValue parse(String text) throws Malformed {
    try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
      if (!parser.hasNext()) {
        throw new Malformed(0, "no JSON value");
      }
      parser.next();
      JsonValue value = parser.getValue();
      // JsonReader.readValue ignores what follows the value; a topic value must be nothing else.
      if (parser.hasNext()) {
        throw new Malformed(parser.getLocation().getStreamOffset(), "content after the JSON value");
      }
      return value;
    } catch (JsonParsingException e) {
      long offset = e.getLocation() == null ? -1 : e.getLocation().getStreamOffset();
      throw new Malformed(offset, e.getMessage());
    } catch (jakarta.json.JsonException e) {
      // Parsson reports trailing content and empty input this way, without a location.
      throw new Malformed(-1, e.getMessage());
    }
  }

  /** The compact serialisation: the one text a JSON topic keeps and every subscriber gets. */
  static String write(JsonValue value) {
    StringWriter out = new StringWriter(128);
    try (JsonWriter writer = WRITERS.createWriter(out)) {
      writer.write(value);
    }
    return out.toString();
  }

  /** The RFC 6902 patch turning {@code source} into {@code target}, as compact text. */
  static String diff(JsonStructure source, JsonStructure target) {
    JsonPatch patch = PROVIDER.createDiff(source, target);
    return write(patch.toJsonArray());
  }

  static boolean isStructure(JsonValue value) {
    return value instanceof JsonStructure;
  }
}
