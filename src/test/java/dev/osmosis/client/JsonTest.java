package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void parse_whenObject_thenOrderedMapOfJavaValues() {
    Object value =
        Json.parse(
            " {\"t\":\"ok\",\"id\":7,\"x\":1.5,\"b\":true,\"f\":false,\"n\":null,\"l\":[1,\"a\",{}]} ");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("t", "ok");
    expected.put("id", 7L);
    expected.put("x", 1.5);
    expected.put("b", true);
    expected.put("f", false);
    expected.put("n", null);
    expected.put("l", List.of(1L, "a", Map.of()));
    assertEquals(expected, value);
    assertEquals(
        List.of("t", "id", "x", "b", "f", "n", "l"), new ArrayList<>(((Map<?, ?>) value).keySet()));
  }

  @Test
  void parse_whenNumbers_thenLongWhenIntegralAndFitting() {
    assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
    assertEquals(-9007199254740991L, Json.parse("-9007199254740991"));
    assertEquals(0L, Json.parse("-0"));
    assertEquals(9.223372036854775808E18, Json.parse("9223372036854775808"));
    assertEquals(1500.0, Json.parse("1.5e3"));
    assertEquals(-0.25, Json.parse("-25E-2"));
  }

  @Test
  void parse_whenEscapes_thenDecoded() {
    assertEquals(
        "\"\\/\b\f\n\r\té😀", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\""));
    assertEquals("é😀", Json.parse("\"é😀\""));
  }

  @Test
  void write_whenControlCharactersAndQuotes_thenEscaped() {
    assertEquals(
        "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0000\\u001f\\u2028\"",
        Json.write("a\"b\\c\n\r\t\b\f\u0000\u001f\u2028"));
  }

  @Test
  void write_whenSurrogates_thenPairsRawAndLoneOnesEscaped() {
    assertEquals("\"😀\"", Json.write("😀"));
    assertEquals("\"\\ud800x\\udc00\"", Json.write("\ud800x\udc00"));
    assertEquals("\"\\ud83d😀\"", Json.write("\ud83d\ud83d\ude00"));
    assertEquals("\ud800x\udc00", Json.parse(Json.write("\ud800x\udc00")));
  }

  @Test
  void write_whenMapsListsAndNumbers_thenCompactJson() {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("t", "connect");
    message.put("v", 1);
    message.put("d", 2.5);
    message.put("whole", 3.0);
    message.put("roles", List.of("A", "B"));
    message.put("none", null);
    message.put("props", Map.of("k", "v"));
    assertEquals(
        "{\"t\":\"connect\",\"v\":1,\"d\":2.5,\"whole\":3,\"roles\":[\"A\",\"B\"],\"none\":null,"
            + "\"props\":{\"k\":\"v\"}}",
        Json.write(message));
  }

  @Test
  void writeThenParse_whenAnyValue_thenSameValue() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("s", "ünïcödé \u0001 \"q\" \\ / 😀");
    value.put("n", -42L);
    value.put("d", 0.1);
    value.put("nested", List.of(List.of(), Map.of("a", List.of(true, false)), "x"));
    assertEquals(value, Json.parse(Json.write(value)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "{",
        "}",
        "[",
        "[1,]",
        "[,1]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{a:1}",
        "{\"a\":}",
        "[1 2]",
        "01",
        "-01",
        "1.",
        ".5",
        "-",
        "+1",
        "1e",
        "1e+",
        "NaN",
        "Infinity",
        "tru",
        "nul",
        "True",
        "'a'",
        "\"abc",
        "\"\\x\"",
        "\"\\u12G4\"",
        "\"\\u12\"",
        "\"a\tb\"",
        "\"a\nb\"",
        "{} x",
        "1 2",
        "[]]",
        "{}}",
        "\"a\"\"b\"",
        "{\"a\":1,\"a\":2}",
        "\u00a0{}"
      })
  void parse_whenMalformed_thenIllegalArgumentException(String text) {
    assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
  }

  @Test
  void parse_whenNestedToTheLimit_thenAccepted() {
    String text = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
    assertTrue(Json.parse(text) instanceof List);
  }

  @Test
  void parse_whenNestedBeyondTheLimit_thenRejectedWithoutStackOverflow() {
    String tooDeep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
    assertThrows(IllegalArgumentException.class, () -> Json.parse(tooDeep));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":".repeat(100_000)));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("[".repeat(1_000_000)));
  }

  @Test
  void write_whenNotJson_thenIllegalArgumentException() {
    assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Json.write(Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, "a")));
    assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    Object deep = List.of();
    for (int i = 0; i < Json.MAX_DEPTH + 1; i++) {
      deep = Arrays.asList(deep);
    }
    Object tooDeep = deep;
    assertThrows(IllegalArgumentException.class, () -> Json.write(tooDeep));
  }
}
