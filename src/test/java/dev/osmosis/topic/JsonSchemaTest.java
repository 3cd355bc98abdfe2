package dev.osmosis.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonSchemaTest {

  static final String ORDER =
      "{\"type\":\"object\",\"required\":[\"id\",\"qty\"],\"additionalProperties\":false,"
          + "\"properties\":{\"id\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":8},"
          + "\"qty\":{\"type\":\"integer\",\"minimum\":1,\"exclusiveMaximum\":100},"
          + "\"side\":{\"enum\":[\"buy\",\"sell\"]},"
          + "\"tags\":{\"type\":\"array\",\"maxItems\":2,\"items\":{\"type\":\"string\"}},"
          + "\"v\":{\"const\":1},\"note\":{\"type\":[\"string\",\"null\"]}}}";

  static String violation(String schema, String value) throws Exception {
    return JsonSchema.parse(schema).violation(JsonSupport.parse(value));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"id\":\"a\",\"qty\":1}",
        "{\"id\":\"a\",\"qty\":99.0,\"side\":\"sell\",\"tags\":[\"x\",\"y\"],\"v\":1.0}",
        "{\"id\":\"\uD83D\uDE00\uD83D\uDE00\",\"qty\":2,\"note\":null}"
      })
  void violation_whenConforms_thenNull(String value) throws Exception {
    assertNull(violation(ORDER, value));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[]|at /: expected object, was array (type)",
        "{\"id\":\"a\"}|at /: missing required member \"qty\" (required)",
        "{\"id\":\"a\",\"qty\":1,\"x\":0}|at /: member \"x\" is not allowed (additionalProperties)",
        "{\"id\":\"\",\"qty\":1}|at /id: length 0 is less than 1 (minLength)",
        "{\"id\":\"123456789\",\"qty\":1}|at /id: length 9 is more than 8 (maxLength)",
        "{\"id\":\"a\",\"qty\":1.5}|at /qty: expected integer, was number (type)",
        "{\"id\":\"a\",\"qty\":0}|at /qty: 0 is less than 1 (minimum)",
        "{\"id\":\"a\",\"qty\":100}|at /qty: 100 is not less than 100 (exclusiveMaximum)",
        "{\"id\":\"a\",\"qty\":1,\"side\":\"hold\"}|at /side: not one of the enum's values (enum)",
        "{\"id\":\"a\",\"qty\":1,\"tags\":[1]}|at /tags/0: expected string, was number (type)",
        "{\"id\":\"a\",\"qty\":1,\"tags\":[\"a\",\"b\",\"c\"]}|at /tags: 3 items, more than 2 (maxItems)",
        "{\"id\":\"a\",\"qty\":1,\"v\":2}|at /v: not the const value 1 (const)",
        "{\"id\":\"a\",\"qty\":1,\"note\":3}|at /note: expected string or null, was number (type)"
      })
  void violation_whenNot_thenPointerAndKeyword(String value, String expected) throws Exception {
    assertEquals(expected, violation(ORDER, value));
  }

  @Test
  void violation_whenBooleanSchemas_thenAsJsonSchemaSays() throws Exception {
    assertNull(violation("true", "{\"a\":1}"));
    assertEquals("at /: no value is allowed here (schema false)", violation("false", "1"));
    assertEquals(
        "at /a~1b: no value is allowed here (schema false)",
        violation("{\"properties\":{\"a/b\":false}}", "{\"a/b\":1}"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"$ref\":\"#/x\"}|at /: keyword \"$ref\" is not supported; supported keywords are"
            + " additionalProperties, const, enum, exclusiveMaximum, exclusiveMinimum, items,"
            + " maxItems, maxLength, maxProperties, maximum, minItems, minLength, minProperties,"
            + " minimum, properties, required, type",
        "{\"type\":\"int\"}|at /type: unknown type \"int\"; types are array, boolean, integer,"
            + " null, number, object, string",
        "{\"properties\":{\"a\":{\"minLength\":-1}}}|at /properties/a/minLength: must be a"
            + " non-negative integer",
        "{\"items\":3}|at /items: a schema must be an object, true or false",
        "{\"required\":[1]}|at /required: must be an array of strings",
        "{\"maximum\":\"9\"}|at /maximum: must be a number"
      })
  void parse_whenUnsupportedOrWrong_thenErrorNamingPointer(String schema, String expected) {
    assertEquals(
        "property SCHEMA is not a supported JSON Schema: " + expected,
        assertThrows(InvalidSpecificationException.class, () -> JsonSchema.parse(schema))
            .getMessage());
  }

  @Test
  void parse_whenNestedTooDeep_thenError() {
    String schema = "{\"items\":".repeat(40) + "{}" + "}".repeat(40);
    assertThrows(InvalidSpecificationException.class, () -> JsonSchema.parse(schema));
  }
}
