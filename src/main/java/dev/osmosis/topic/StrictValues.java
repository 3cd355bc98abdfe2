package dev.osmosis.topic;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.Map;

/**
 * What {@link TopicSpecification#VALIDATE_VALUES} adds to the checks every value passes anyway
 * (docs/TOPICS.md "VALIDATE_VALUES"). Every value is already an exact value of its type (JSON text
 * parses, an INT64 is a 64-bit integer, BINARY is base64); with the property, a value must also
 * survive every client unchanged:
 *
 * <ul>
 *   <li>JSON: no string or member name with an unpaired UTF-16 surrogate (a {@code \ud800} escape:
 *       not encodable in UTF-8, it would reach clients as {@code ?}), no number beyond a double's
 *       range (a JavaScript client reads {@code 1e400} as {@code Infinity});
 *   <li>STRING: no unpaired surrogate;
 *   <li>INT64, DOUBLE, BINARY: every value of the type is valid; nothing more to check.
 * </ul>
 *
 * One streaming pass over a JSON value's text (no tree), run only for topics with the property. A
 * member name given twice cannot be refused here: the frame decoder (JSON-P) has kept the last one
 * before any topic sees the value.
 */
final class StrictValues {

  private static final JsonParserFactory PARSERS =
      JsonProvider.provider().createParserFactory(Map.of());

  private StrictValues() {}

  /** The problem with {@code value}, or null when it passes. */
  static String problem(TopicValue value) {
    if (value instanceof TopicValue.OfString s) {
      int at = unpairedSurrogate(s.value());
      return at < 0 ? null : "has an unpaired UTF-16 surrogate at index " + at;
    }
    if (value instanceof TopicValue.OfJson json) {
      return json(json.text());
    }
    return null;
  }

  private static String json(String text) {
    try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
      while (parser.hasNext()) {
        JsonParser.Event event = parser.next();
        switch (event) {
          case KEY_NAME -> {
            if (unpairedSurrogate(parser.getString()) >= 0) {
              return "has a member name with an unpaired UTF-16 surrogate";
            }
          }
          case VALUE_STRING -> {
            if (unpairedSurrogate(parser.getString()) >= 0) {
              return "has a string with an unpaired UTF-16 surrogate";
            }
          }
          case VALUE_NUMBER -> {
            if (!parser.isIntegralNumber() || parser.getString().length() > 18) {
              double d = parser.getBigDecimal().doubleValue();
              if (Double.isInfinite(d)) {
                return "has the number " + parser.getString() + ", beyond a double's range";
              }
            }
          }
          default -> {}
        }
      }
    } catch (JsonParsingException e) {
      throw new IllegalStateException("a validated JSON value no longer parses", e);
    }
    return null;
  }

  /** The index of the first unpaired surrogate in {@code s}, or -1. */
  static int unpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
