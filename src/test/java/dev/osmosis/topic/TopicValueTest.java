package dev.osmosis.topic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class TopicValueTest {

  @Test
  void json_whenValid_thenKeepsCompactCanonicalText() {
    TopicValue.OfJson value = TopicValue.json(" { \"a\" : [1, 2 ,3], \"b\": {\"c\": null} } ");
    assertEquals("{\"a\":[1,2,3],\"b\":{\"c\":null}}", value.text());
  }

  @Test
  void json_whenScalar_thenValid() {
    assertEquals("42", TopicValue.json("42").text());
    assertEquals("\"x\"", TopicValue.json("\"x\"").text());
  }

  @Test
  void json_whenInvalid_thenNamesTopicAndPosition() {
    InvalidValueException e =
        assertThrows(
            InvalidValueException.class, () -> TopicType.JSON.value("a/b", "{\"a\": tru}"));
    assertTrue(
        e.getMessage().startsWith("value for JSON topic a/b is not valid JSON at "),
        e.getMessage());
  }

  @Test
  void json_whenTrailingContentOrEmpty_thenInvalid() {
    assertThrows(InvalidValueException.class, () -> TopicValue.json("{} {}"));
    assertThrows(InvalidValueException.class, () -> TopicValue.json(""));
    assertThrows(InvalidValueException.class, () -> TopicValue.json("{\"a\":1"));
  }

  @Test
  void json_whenParsedJsonValue_thenSerialisedOnce() {
    TopicValue value = TopicType.JSON.value("p", Json.createObjectBuilder().add("x", 1).build());
    assertEquals("{\"x\":1}", value.toString());
  }

  @Test
  void string_whenStringOrJsonString_thenAccepted() {
    assertEquals(TopicValue.string("hi"), TopicType.STRING.value("p", "hi"));
    assertEquals(TopicValue.string("hi"), TopicType.STRING.value("p", Json.createValue("hi")));
    InvalidValueException e =
        assertThrows(InvalidValueException.class, () -> TopicType.STRING.value("s", 12L));
    assertEquals("value for STRING topic s cannot be a Long", e.getMessage());
  }

  @Test
  void int64_whenIntegralInRange_thenAccepted() {
    assertEquals(TopicValue.int64(7), TopicType.INT64.value("p", 7));
    assertEquals(
        TopicValue.int64(Long.MAX_VALUE), TopicType.INT64.value("p", "9223372036854775807"));
    assertEquals(TopicValue.int64(-3), TopicType.INT64.value("p", Json.createValue(-3L)));
  }

  @Test
  void int64_whenFractionalOrOutOfRangeOrText_thenInvalid() {
    assertThrows(InvalidValueException.class, () -> TopicType.INT64.value("p", "1.5"));
    assertThrows(InvalidValueException.class, () -> TopicType.INT64.value("p", "abc"));
    assertThrows(
        InvalidValueException.class,
        () -> TopicType.INT64.value("p", BigInteger.ONE.shiftLeft(64)));
    assertThrows(
        InvalidValueException.class, () -> TopicType.INT64.value("p", Json.createValue(1.5)));
    InvalidValueException e =
        assertThrows(InvalidValueException.class, () -> TopicType.INT64.value("a/b", 2.0));
    assertEquals("value for INT64 topic a/b cannot be a Double", e.getMessage());
  }

  @Test
  void double_whenNumberOrText_thenAccepted() {
    assertEquals(TopicValue.ofDouble(2.5), TopicType.DOUBLE.value("p", 2.5));
    assertEquals(TopicValue.ofDouble(3.0), TopicType.DOUBLE.value("p", 3));
    assertEquals(TopicValue.ofDouble(-1e3), TopicType.DOUBLE.value("p", "-1e3"));
    assertThrows(InvalidValueException.class, () -> TopicType.DOUBLE.value("p", "one"));
  }

  @Test
  void binary_whenBytesOrBase64_thenEqualByContent() {
    byte[] bytes = {1, 2, 3, (byte) 255};
    TopicValue.OfBinary value = (TopicValue.OfBinary) TopicType.BINARY.value("p", bytes);
    bytes[0] = 9;
    assertArrayEquals(new byte[] {1, 2, 3, (byte) 255}, value.bytes());
    assertEquals("AQID/w==", value.base64());
    assertEquals(value, TopicType.BINARY.value("p", "AQID/w=="));
    InvalidValueException e =
        assertThrows(InvalidValueException.class, () -> TopicType.BINARY.value("b", "not base64!"));
    assertTrue(e.getMessage().startsWith("value for BINARY topic b is not valid base64"));
  }

  @Test
  void value_whenTopicValueOfOtherType_thenInvalid() {
    InvalidValueException e =
        assertThrows(
            InvalidValueException.class,
            () -> TopicType.INT64.value("a/b", TopicValue.string("1")));
    assertEquals("value for INT64 topic a/b must be INT64, was STRING", e.getMessage());
    assertThrows(InvalidValueException.class, () -> TopicType.JSON.value("a", null));
  }

  @Test
  void value_whenTimeSeries_thenNotSupportedYet() {
    InvalidValueException e =
        assertThrows(InvalidValueException.class, () -> TopicType.TIME_SERIES.value("t", "1"));
    assertTrue(e.getMessage().contains("not supported yet"));
  }
}
