package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values on the wire (PROTOCOL.md §9), JsonValue, TopicType and TopicSpecification. */
class TopicValuesTest {

  /** The value as it travels: written into a message, read back by the peer. */
  private static Object roundTrip(TopicType type, Object value) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("v", TopicValues.toWire(type, value));
    String wire = Json.write(message);
    @SuppressWarnings("unchecked")
    Map<String, Object> read = (Map<String, Object>) Json.parse(wire);
    return TopicValues.fromWire(type, read.get("v"));
  }

  private static String wire(TopicType type, Object value) {
    return Json.write(TopicValues.toWire(type, value));
  }

  @Test
  void int64_whenWithinSafeRange_thenNumberElseDecimalString() {
    assertEquals("9007199254740991", wire(TopicType.INT64, (1L << 53) - 1));
    assertEquals("-9007199254740991", wire(TopicType.INT64, -(1L << 53) + 1));
    assertEquals("\"9007199254740992\"", wire(TopicType.INT64, 1L << 53));
    assertEquals("\"-9223372036854775808\"", wire(TopicType.INT64, Long.MIN_VALUE));
    assertEquals("\"9223372036854775807\"", wire(TopicType.INT64, Long.MAX_VALUE));
    for (long value : new long[] {0, 42, -7, 1L << 53, Long.MAX_VALUE, Long.MIN_VALUE}) {
      assertEquals(value, roundTrip(TopicType.INT64, value));
    }
    assertEquals(1000L, TopicValues.fromWire(TopicType.INT64, 1e3));
    assertEquals(12L, TopicValues.fromWire(TopicType.INT64, "12"));
  }

  @Test
  void double_whenNaNOrInfinite_thenNamedStrings() {
    assertEquals("\"NaN\"", wire(TopicType.DOUBLE, Double.NaN));
    assertEquals("\"Infinity\"", wire(TopicType.DOUBLE, Double.POSITIVE_INFINITY));
    assertEquals("\"-Infinity\"", wire(TopicType.DOUBLE, Double.NEGATIVE_INFINITY));
    assertEquals("1.5", wire(TopicType.DOUBLE, 1.5));
    assertTrue(((Double) roundTrip(TopicType.DOUBLE, Double.NaN)).isNaN());
    for (double value :
        new double[] {
          0.0,
          1.5,
          -2.25,
          1e300,
          Double.MIN_VALUE,
          3.0,
          Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY
        }) {
      assertEquals(value, roundTrip(TopicType.DOUBLE, value));
    }
    assertEquals(7.0, TopicValues.fromWire(TopicType.DOUBLE, 7L), "an integral number is a double");
  }

  @Test
  void binary_whenBytes_thenPaddedBase64() {
    byte[] bytes = {0, 1, 2, (byte) 0xff, (byte) 0xfe};
    assertEquals("\"AAEC//4=\"", wire(TopicType.BINARY, bytes));
    assertArrayEquals(bytes, (byte[]) roundTrip(TopicType.BINARY, bytes));
    assertArrayEquals(new byte[0], (byte[]) roundTrip(TopicType.BINARY, new byte[0]));
  }

  @Test
  void stringAndJson_whenRoundTripped_thenEqual() {
    assertEquals("héllo \"quoted\"\n", roundTrip(TopicType.STRING, "héllo \"quoted\"\n"));
    JsonValue doc = JsonValue.parse("{\"a\":[1,2.5,\"x\",true,null],\"b\":{}}");
    assertEquals("{\"a\":[1,2.5,\"x\",true,null],\"b\":{}}", wire(TopicType.JSON, doc));
    assertEquals(doc, roundTrip(TopicType.JSON, doc));
    for (String scalar : List.of("\"s\"", "12", "-1.5", "true", "false", "null")) {
      assertEquals(JsonValue.parse(scalar), roundTrip(TopicType.JSON, JsonValue.parse(scalar)));
    }
  }

  @Test
  void fromWire_whenInvalidForType_thenIllegalArgumentNamingType() {
    assertEquals(
        "Invalid STRING value 5",
        assertThrows(
                IllegalArgumentException.class, () -> TopicValues.fromWire(TopicType.STRING, 5L))
            .getMessage());
    assertEquals(
        "Invalid INT64 value \"1.5\"",
        assertThrows(
                IllegalArgumentException.class, () -> TopicValues.fromWire(TopicType.INT64, "1.5"))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> TopicValues.fromWire(TopicType.INT64, 1.5));
    assertThrows(IllegalArgumentException.class, () -> TopicValues.fromWire(TopicType.INT64, null));
    assertThrows(
        IllegalArgumentException.class, () -> TopicValues.fromWire(TopicType.DOUBLE, "nan"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> TopicValues.fromWire(TopicType.BINARY, "not base64!"))
            .getMessage()
            .startsWith("Invalid BINARY value (not base64)"));
  }

  @Test
  void toWire_whenValueOfAnotherClass_thenIllegalArgument() {
    assertEquals(
        "A value of a INT64 topic must be a Long, not a java.lang.Integer",
        assertThrows(IllegalArgumentException.class, () -> TopicValues.toWire(TopicType.INT64, 5))
            .getMessage());
    assertThrows(NullPointerException.class, () -> TopicValues.toWire(TopicType.STRING, null));
  }

  @Test
  void topicType_whenValueClass_thenType() {
    assertEquals(TopicType.JSON, TopicType.forClass(JsonValue.class));
    assertEquals(TopicType.STRING, TopicType.forClass(String.class));
    assertEquals(TopicType.INT64, TopicType.forClass(Long.class));
    assertEquals(TopicType.DOUBLE, TopicType.forClass(Double.class));
    assertEquals(TopicType.BINARY, TopicType.forClass(byte[].class));
    assertThrows(IllegalArgumentException.class, () -> TopicType.forClass(Integer.class));
    assertEquals(TopicType.INT64, TopicType.fromName("INT64").orElseThrow());
    assertTrue(TopicType.fromName("TIME_SERIES").isEmpty());
  }

  @Test
  void jsonValue_whenParsedOrBuilt_thenCompactTextAndUnmodifiableModel() {
    JsonValue parsed = JsonValue.parse(" { \"b\" : [ 1 , {\"c\":null} ], \"a\" : \"x\" } ");
    assertEquals("{\"b\":[1,{\"c\":null}],\"a\":\"x\"}", parsed.toJsonString());
    assertEquals(parsed.toJsonString(), parsed.toString());
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("b", Arrays.asList(1L, Map.of("c", "d")));
    model.put("a", "x");
    JsonValue built = JsonValue.of(model);
    assertEquals("{\"b\":[1,{\"c\":\"d\"}],\"a\":\"x\"}", built.toJsonString());
    assertNotEquals(parsed, built);
    assertEquals(JsonValue.parse("{\"b\":[1,{\"c\":\"d\"}],\"a\":\"x\"}"), built);
    assertEquals(built.hashCode(), JsonValue.of(model).hashCode());

    @SuppressWarnings("unchecked")
    Map<String, Object> got = (Map<String, Object>) parsed.get();
    assertEquals("x", got.get("a"));
    assertThrows(UnsupportedOperationException.class, () -> got.put("z", 1));
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) got.get("b");
    assertThrows(UnsupportedOperationException.class, () -> list.add(2));
    assertThrows(
        UnsupportedOperationException.class, () -> ((Map<String, Object>) list.get(1)).clear());
    assertNull(JsonValue.parse("null").get());
    assertEquals(42L, JsonValue.of(42L).get());
    assertThrows(IllegalArgumentException.class, () -> JsonValue.parse("{} {}"));
    assertThrows(IllegalArgumentException.class, () -> JsonValue.of(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> JsonValue.of(new Object()));
  }

  @Test
  void specification_whenWithProperty_thenNewImmutableSpecification() {
    TopicSpecification plain = TopicSpecification.of(TopicType.JSON);
    TopicSpecification stateless = plain.withProperty(TopicSpecification.DONT_RETAIN_VALUE, "true");
    assertEquals(Map.of(), plain.getProperties());
    assertEquals(Map.of("DONT_RETAIN_VALUE", "true"), stateless.getProperties());
    assertTrue(stateless.isTrue(TopicSpecification.DONT_RETAIN_VALUE));
    assertEquals(
        stateless,
        TopicSpecification.of(
            TopicType.JSON, Map.of(TopicSpecification.DONT_RETAIN_VALUE, "true")));
    assertNotEquals(
        stateless,
        TopicSpecification.of(
            TopicType.STRING, Map.of(TopicSpecification.DONT_RETAIN_VALUE, "true")));
    assertThrows(
        UnsupportedOperationException.class,
        () -> stateless.getProperties().put("PRIORITY", "high"));
    assertThrows(NullPointerException.class, () -> plain.withProperty("PRIORITY", null));
    assertThrows(NullPointerException.class, () -> TopicSpecification.of(null));
  }
}
