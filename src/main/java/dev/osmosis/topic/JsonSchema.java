package dev.osmosis.topic;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON topic's {@link TopicSpecification#SCHEMA}: a subset of JSON Schema (draft 2020-12's
 * validation vocabulary, docs/TOPICS.md "SCHEMA"), compiled once when the specification is built
 * and checked on every update of the topic. Supported keywords: {@code type} (a name or an array of
 * names; {@code integer} included), {@code enum}, {@code const}, {@code properties}, {@code
 * required}, {@code additionalProperties} (a boolean or a schema), {@code minProperties}, {@code
 * maxProperties}, {@code items} (one schema for every element), {@code minItems}, {@code maxItems},
 * {@code minimum}, {@code maximum}, {@code exclusiveMinimum}, {@code exclusiveMaximum}, {@code
 * minLength}, {@code maxLength} (in code points); the annotations {@code $schema}, {@code $id},
 * {@code $comment}, {@code title}, {@code description}, {@code default}, {@code examples} are
 * ignored. Any other keyword ({@code $ref}, {@code pattern}, {@code allOf}, {@code format}, ...) is
 * refused when the topic is added, rather than silently not checked. A schema is {@code true},
 * {@code false} or an object of keywords. Immutable and thread-safe.
 */
final class JsonSchema {

  static final Set<String> KEYWORDS =
      Set.of(
          "type",
          "enum",
          "const",
          "properties",
          "required",
          "additionalProperties",
          "minProperties",
          "maxProperties",
          "items",
          "minItems",
          "maxItems",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "minLength",
          "maxLength");

  private static final Set<String> ANNOTATIONS =
      Set.of("$schema", "$id", "$comment", "title", "description", "default", "examples");

  private static final Set<String> TYPES =
      Set.of("null", "boolean", "object", "array", "number", "integer", "string");

  /** The deepest schema accepted (a schema nests through properties and items). */
  static final int MAX_DEPTH = 32;

  private final Boolean always; // true/false schema, else null
  private final List<String> types;
  private final List<JsonValue> enumValues;
  private final JsonValue constValue;
  private final Map<String, JsonSchema> properties;
  private final List<String> required;
  private final JsonSchema additional; // null: any additional property allowed
  private final JsonSchema items;
  private final long minProperties, maxProperties, minItems, maxItems, minLength, maxLength;
  private final BigDecimal minimum, maximum, exclusiveMinimum, exclusiveMaximum;

  private JsonSchema(Boolean always) {
    this.always = always;
    this.types = null;
    this.enumValues = null;
    this.constValue = null;
    this.properties = Map.of();
    this.required = List.of();
    this.additional = null;
    this.items = null;
    this.minProperties = this.minItems = this.minLength = 0;
    this.maxProperties = this.maxItems = this.maxLength = Long.MAX_VALUE;
    this.minimum = this.maximum = this.exclusiveMinimum = this.exclusiveMaximum = null;
  }

  private JsonSchema(JsonObject schema, String at, int depth) {
    if (depth > MAX_DEPTH) {
      throw invalid(at, "nests deeper than " + MAX_DEPTH + " schemas");
    }
    for (String keyword : schema.keySet()) {
      if (!KEYWORDS.contains(keyword) && !ANNOTATIONS.contains(keyword)) {
        throw invalid(
            at,
            "keyword "
                + TopicPath.quote(keyword)
                + " is not supported; supported keywords are "
                + String.join(", ", KEYWORDS.stream().sorted().toList()));
      }
    }
    this.always = null;
    this.types = types(schema.get("type"), at);
    this.enumValues = schema.containsKey("enum") ? list(schema.get("enum"), at + "/enum") : null;
    this.constValue = schema.get("const");
    Map<String, JsonSchema> props = new LinkedHashMap<>();
    JsonValue p = schema.get("properties");
    if (p != null) {
      if (!(p instanceof JsonObject object)) {
        throw invalid(at + "/properties", "must be an object of schemas");
      }
      for (Map.Entry<String, JsonValue> e : object.entrySet()) {
        props.put(e.getKey(), compile(e.getValue(), at + "/properties/" + e.getKey(), depth + 1));
      }
    }
    this.properties = Map.copyOf(props);
    List<String> names = new ArrayList<>();
    if (schema.containsKey("required")) {
      for (JsonValue v : list(schema.get("required"), at + "/required")) {
        if (!(v instanceof JsonString s)) {
          throw invalid(at + "/required", "must be an array of strings");
        }
        names.add(s.getString());
      }
    }
    this.required = List.copyOf(names);
    JsonValue a = schema.get("additionalProperties");
    this.additional = a == null ? null : compile(a, at + "/additionalProperties", depth + 1);
    JsonValue i = schema.get("items");
    this.items = i == null ? null : compile(i, at + "/items", depth + 1);
    this.minProperties = count(schema, "minProperties", at, 0);
    this.maxProperties = count(schema, "maxProperties", at, Long.MAX_VALUE);
    this.minItems = count(schema, "minItems", at, 0);
    this.maxItems = count(schema, "maxItems", at, Long.MAX_VALUE);
    this.minLength = count(schema, "minLength", at, 0);
    this.maxLength = count(schema, "maxLength", at, Long.MAX_VALUE);
    this.minimum = bound(schema, "minimum", at);
    this.maximum = bound(schema, "maximum", at);
    this.exclusiveMinimum = bound(schema, "exclusiveMinimum", at);
    this.exclusiveMaximum = bound(schema, "exclusiveMaximum", at);
  }

  /**
   * Compiles a schema's text.
   *
   * @throws InvalidSpecificationException naming the JSON pointer of the first problem
   */
  static JsonSchema parse(String text) {
    JsonValue value;
    try {
      value = JsonSupport.parse(text);
    } catch (JsonSupport.Malformed e) {
      throw new InvalidSpecificationException(
          "property SCHEMA is not valid JSON"
              + (e.offset >= 0 ? " at " + e.offset : "")
              + ": "
              + e.getMessage());
    }
    return compile(value, "", 0);
  }

  private static JsonSchema compile(JsonValue value, String at, int depth) {
    if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
      return new JsonSchema(value == JsonValue.TRUE);
    }
    if (value instanceof JsonObject object) {
      return new JsonSchema(object, at, depth);
    }
    throw invalid(at, "a schema must be an object, true or false");
  }

  /**
   * The first violation of this schema by {@code value}, as "at POINTER: PROBLEM (keyword)", or
   * null when the value conforms.
   */
  String violation(JsonValue value) {
    return check(value, "");
  }

  private String check(JsonValue value, String at) {
    if (always != null) {
      return always ? null : at(at) + "no value is allowed here (schema false)";
    }
    if (types != null && !types.contains(typeOf(value)) && !integerAsNumber(value)) {
      return at(at)
          + "expected "
          + String.join(" or ", types)
          + ", was "
          + typeOf(value)
          + " (type)";
    }
    if (enumValues != null && !contains(enumValues, value)) {
      return at(at) + "not one of the enum's values (enum)";
    }
    if (constValue != null && !same(constValue, value)) {
      return at(at) + "not the const value " + JsonSupport.write(constValue) + " (const)";
    }
    if (value instanceof JsonObject object) {
      return checkObject(object, at);
    }
    if (value instanceof JsonArray array) {
      if (array.size() < minItems) {
        return at(at) + array.size() + " items, fewer than " + minItems + " (minItems)";
      }
      if (array.size() > maxItems) {
        return at(at) + array.size() + " items, more than " + maxItems + " (maxItems)";
      }
      if (items != null) {
        for (int k = 0; k < array.size(); k++) {
          String problem = items.check(array.get(k), at + "/" + k);
          if (problem != null) {
            return problem;
          }
        }
      }
      return null;
    }
    if (value instanceof JsonString s) {
      int length = s.getString().codePointCount(0, s.getString().length());
      if (length < minLength) {
        return at(at) + "length " + length + " is less than " + minLength + " (minLength)";
      }
      if (length > maxLength) {
        return at(at) + "length " + length + " is more than " + maxLength + " (maxLength)";
      }
      return null;
    }
    if (value instanceof JsonNumber n) {
      return checkNumber(n.bigDecimalValue(), at);
    }
    return null;
  }

  private String checkObject(JsonObject object, String at) {
    if (object.size() < minProperties) {
      return at(at) + object.size() + " members, fewer than " + minProperties + " (minProperties)";
    }
    if (object.size() > maxProperties) {
      return at(at) + object.size() + " members, more than " + maxProperties + " (maxProperties)";
    }
    for (String name : required) {
      if (!object.containsKey(name)) {
        return at(at) + "missing required member " + TopicPath.quote(name) + " (required)";
      }
    }
    for (Map.Entry<String, JsonValue> e : object.entrySet()) {
      JsonSchema schema = properties.get(e.getKey());
      if (schema == null) {
        schema = additional;
        if (schema != null && schema.always == Boolean.FALSE) {
          return at(at)
              + "member "
              + TopicPath.quote(e.getKey())
              + " is not allowed (additionalProperties)";
        }
      }
      if (schema != null) {
        String problem = schema.check(e.getValue(), at + "/" + pointerToken(e.getKey()));
        if (problem != null) {
          return problem;
        }
      }
    }
    return null;
  }

  private String checkNumber(BigDecimal n, String at) {
    if (minimum != null && n.compareTo(minimum) < 0) {
      return at(at) + n + " is less than " + minimum + " (minimum)";
    }
    if (maximum != null && n.compareTo(maximum) > 0) {
      return at(at) + n + " is more than " + maximum + " (maximum)";
    }
    if (exclusiveMinimum != null && n.compareTo(exclusiveMinimum) <= 0) {
      return at(at) + n + " is not more than " + exclusiveMinimum + " (exclusiveMinimum)";
    }
    if (exclusiveMaximum != null && n.compareTo(exclusiveMaximum) >= 0) {
      return at(at) + n + " is not less than " + exclusiveMaximum + " (exclusiveMaximum)";
    }
    return null;
  }

  private boolean integerAsNumber(JsonValue value) {
    // "integer" is a number with no fractional part (1.0 counts, as JSON Schema says)
    return value instanceof JsonNumber n && types.contains("integer") && isIntegral(n);
  }

  private static boolean isIntegral(JsonNumber n) {
    BigDecimal d = n.bigDecimalValue();
    return d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0;
  }

  private static String typeOf(JsonValue value) {
    return switch (value.getValueType()) {
      case NULL -> "null";
      case TRUE, FALSE -> "boolean";
      case OBJECT -> "object";
      case ARRAY -> "array";
      case STRING -> "string";
      case NUMBER -> "number";
    };
  }

  private static boolean contains(List<JsonValue> values, JsonValue value) {
    for (JsonValue v : values) {
      if (same(v, value)) {
        return true;
      }
    }
    return false;
  }

  /** JSON equality; numbers by value (1 and 1.0 are the same). */
  private static boolean same(JsonValue a, JsonValue b) {
    if (a instanceof JsonNumber x && b instanceof JsonNumber y) {
      return x.bigDecimalValue().compareTo(y.bigDecimalValue()) == 0;
    }
    if (a instanceof JsonArray x && b instanceof JsonArray y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int k = 0; k < x.size(); k++) {
        if (!same(x.get(k), y.get(k))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof JsonObject x && b instanceof JsonObject y) {
      if (!x.keySet().equals(y.keySet())) {
        return false;
      }
      for (String k : x.keySet()) {
        if (!same(x.get(k), y.get(k))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static List<String> types(JsonValue type, String at) {
    if (type == null) {
      return null;
    }
    List<String> names = new ArrayList<>();
    if (type instanceof JsonString s) {
      names.add(s.getString());
    } else if (type instanceof JsonArray array && !array.isEmpty()) {
      for (JsonValue v : array) {
        names.add(v instanceof JsonString s ? s.getString() : "");
      }
    } else {
      throw invalid(at + "/type", "must be a type name or a non-empty array of them");
    }
    for (String name : names) {
      if (!TYPES.contains(name)) {
        throw invalid(
            at + "/type",
            "unknown type "
                + TopicPath.quote(name)
                + "; types are "
                + String.join(", ", TYPES.stream().sorted().toList()));
      }
    }
    return List.copyOf(names);
  }

  private static List<JsonValue> list(JsonValue value, String at) {
    if (!(value instanceof JsonArray array)) {
      throw invalid(at, "must be an array");
    }
    return List.copyOf(array);
  }

  private static long count(JsonObject schema, String keyword, String at, long absent) {
    JsonValue v = schema.get(keyword);
    if (v == null) {
      return absent;
    }
    if (v instanceof JsonNumber n && isIntegral(n) && n.bigDecimalValue().signum() >= 0) {
      try {
        return n.bigDecimalValue().longValueExact();
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
    throw invalid(at + "/" + keyword, "must be a non-negative integer");
  }

  private static BigDecimal bound(JsonObject schema, String keyword, String at) {
    JsonValue v = schema.get(keyword);
    if (v == null) {
      return null;
    }
    if (v instanceof JsonNumber n) {
      return n.bigDecimalValue();
    }
    throw invalid(at + "/" + keyword, "must be a number");
  }

  private static String pointerToken(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static String at(String pointer) {
    return "at " + (pointer.isEmpty() ? "/" : pointer) + ": ";
  }

  private static InvalidSpecificationException invalid(String at, String problem) {
    return new InvalidSpecificationException(
        "property SCHEMA is not a supported JSON Schema: at "
            + (at.isEmpty() ? "/" : at)
            + ": "
            + problem);
  }
}
