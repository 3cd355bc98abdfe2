package dev.osmosis.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicSpecificationTest {

  private static TopicSpecification spec(String name, String value) {
    return new TopicSpecification(TopicType.JSON, Map.of(name, value));
  }

  @ParameterizedTest
  @CsvSource({
    "PUBLISH_VALUES_ONLY,true",
    "DONT_RETAIN_VALUE,false",
    "TIDY_ON_UNSUBSCRIBE,true",
    "VALIDATE_VALUES,false",
    "PERSISTENT,true",
    "CONFLATION,off",
    "CONFLATION,conflate",
    "CONFLATION,unsubscribe",
    "CONFLATION,always",
    "PRIORITY,low",
    "PRIORITY,default",
    "PRIORITY,high",
    "DELIVERY,default",
    "DELIVERY,acked",
    "REMOVAL,when time after 3387438330000",
    "REMOVAL,when no updates for 10m",
    "COMPRESSION,off",
    "COMPRESSION,low",
    "COMPRESSION,medium",
    "COMPRESSION,high",
    "COMPRESSION,true",
    "COMPRESSION,false",
    "VALIDATE_VALUES,true",
    "SCHEMA,'{\"type\":\"object\"}'"
  })
  void new_whenPropertyValid_thenKept(String name, String value) {
    assertEquals(value, spec(name, value).property(name));
  }

  @ParameterizedTest
  @CsvSource({
    "PUBLISH_VALUES_ONLY,yes",
    "DONT_RETAIN_VALUE,TRUE",
    "TIDY_ON_UNSUBSCRIBE,''",
    "VALIDATE_VALUES,1",
    "PERSISTENT,no",
    "CONFLATION,sometimes",
    "PRIORITY,urgent",
    "DELIVERY,ACKED",
    "REMOVAL,'   '",
    "COMPRESSION,zlib",
    "SCHEMA,'{\"pattern\":\"a+\"}'",
    "SCHEMA,'{'",
    "SCHEMA,'3'"
  })
  void new_whenPropertyInvalid_thenError(String name, String value) {
    InvalidSpecificationException e =
        assertThrows(InvalidSpecificationException.class, () -> spec(name, value));
    assertTrue(e.getMessage().contains(name), e.getMessage());
  }

  @Test
  void new_whenConflationInvalid_thenListsAllowedValues() {
    InvalidSpecificationException e =
        assertThrows(InvalidSpecificationException.class, () -> spec("CONFLATION", "maybe"));
    assertEquals(
        "property CONFLATION must be one of off, conflate, unsubscribe, always, was \"maybe\"",
        e.getMessage());
  }

  @Test
  void new_whenUnknownProperty_thenError() {
    InvalidSpecificationException e =
        assertThrows(
            InvalidSpecificationException.class, () -> spec("TIME_SERIES_EVENT_VALUE_TYPE", "x"));
    assertTrue(
        e.getMessage().startsWith("unknown topic property \"TIME_SERIES_EVENT_VALUE_TYPE\""));
  }

  @Test
  void owner_whenPrincipalIs_thenExposesPrincipal() {
    assertEquals("alice", spec("OWNER", "$Principal is \"alice\"").owner());
    assertEquals("bob", spec("OWNER", "$Principal eq 'bob'").owner());
    assertNull(TopicSpecification.of(TopicType.JSON).owner());
  }

  @Test
  void owner_whenOtherFilter_thenError() {
    assertThrows(InvalidSpecificationException.class, () -> spec("OWNER", "Department is \"x\""));
    assertThrows(InvalidSpecificationException.class, () -> spec("OWNER", "$Principal ne \"x\""));
    assertThrows(
        InvalidSpecificationException.class,
        () -> spec("OWNER", "$Principal is \"x\" and $Country is \"NZ\""));
    InvalidSpecificationException e =
        assertThrows(InvalidSpecificationException.class, () -> spec("OWNER", "$Principal is"));
    assertTrue(e.getMessage().startsWith("property OWNER must be $Principal is \"name\": "));
  }

  @Test
  void equals_whenSameTypeAndProperties_thenEqual() {
    TopicSpecification a = spec("PRIORITY", "high").withProperty("CONFLATION", "off");
    TopicSpecification b =
        new TopicSpecification(TopicType.JSON, Map.of("CONFLATION", "off", "PRIORITY", "high"));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, new TopicSpecification(TopicType.STRING, b.properties()));
    assertNotEquals(a, spec("PRIORITY", "high"));
  }

  @Test
  void accessors_whenDefaults_thenDiffusionDefaults() {
    TopicSpecification s = TopicSpecification.of(TopicType.STRING);
    assertEquals("conflate", s.conflation());
    assertEquals("default", s.priority());
    assertFalse(s.dontRetainValue());
    assertTrue(spec("DONT_RETAIN_VALUE", "true").dontRetainValue());
    assertTrue(spec("PUBLISH_VALUES_ONLY", "true").publishValuesOnly());
  }

  @Test
  void delivery_whenUnknownValue_thenListsAllowedValues() {
    InvalidSpecificationException e =
        assertThrows(InvalidSpecificationException.class, () -> spec("DELIVERY", "reliable"));
    assertEquals(
        "property DELIVERY must be one of default, acked, was \"reliable\"", e.getMessage());
  }

  @Test
  void delivery_whenAcked_thenConflationOffUnlessGivenOtherwise_whichIsInvalid() {
    TopicSpecification acked = spec("DELIVERY", "acked");
    assertTrue(acked.acked());
    assertEquals("off", acked.conflation(), "an acked topic sends every update");
    assertEquals("conflate", spec("DELIVERY", "default").conflation());
    assertFalse(spec("DELIVERY", "default").acked());
    assertEquals(
        "off",
        new TopicSpecification(TopicType.JSON, Map.of("DELIVERY", "acked", "CONFLATION", "off"))
            .conflation());
    InvalidSpecificationException e =
        assertThrows(
            InvalidSpecificationException.class,
            () ->
                new TopicSpecification(
                    TopicType.JSON, Map.of("DELIVERY", "acked", "CONFLATION", "conflate")));
    assertEquals(
        "property CONFLATION must be off with DELIVERY acked (an acked topic sends every update),"
            + " was \"conflate\"",
        e.getMessage());
    e =
        assertThrows(
            InvalidSpecificationException.class,
            () ->
                new TopicSpecification(
                    TopicType.JSON, Map.of("DELIVERY", "acked", "HISTORY_TTL", "500")));
    assertEquals(
        "property HISTORY_TTL must be 0 with DELIVERY acked (an update is kept until it is"
            + " acknowledged), was 500",
        e.getMessage());
  }

  @Test
  void compression_whenOldBooleans_thenReadAsDiffusionDoes() {
    assertEquals("off", TopicSpecification.of(TopicType.STRING).compression());
    assertEquals("medium", spec("COMPRESSION", "true").compression());
    assertEquals("off", spec("COMPRESSION", "false").compression());
    assertEquals("high", spec("COMPRESSION", "high").compression());
  }

  @Test
  void schema_whenNotJsonTopic_thenError() {
    InvalidSpecificationException e =
        assertThrows(
            InvalidSpecificationException.class,
            () -> new TopicSpecification(TopicType.STRING, Map.of("SCHEMA", "{}")));
    assertEquals(
        "property SCHEMA applies to JSON topics only, not to STRING topics", e.getMessage());
  }

  @Test
  void validate_whenSchemaViolated_thenInvalidValueNamingPointerAndKeyword() {
    TopicSpecification s =
        spec(
            "SCHEMA",
            "{\"type\":\"object\",\"properties\":{\"price\":{\"type\":\"number\",\"minimum\":0}},"
                + "\"required\":[\"price\"]}");
    s.validate("p", TopicValue.json("{\"price\":3}"), null);
    InvalidValueException e =
        assertThrows(
            InvalidValueException.class,
            () -> s.validate("p", TopicValue.json("{\"price\":-1}"), null));
    assertEquals(
        "value for JSON topic p does not match its SCHEMA at /price: -1 is less than 0 (minimum)",
        e.getMessage());
  }

  @Test
  void validate_whenValidateValuesAndUnpairedSurrogateOrHugeNumber_thenInvalidValue() {
    TopicSpecification json = spec("VALIDATE_VALUES", "true");
    json.validate("p", TopicValue.json("{\"a\":\"\\ud83d\\ude00\",\"n\":1e300}"), null);
    assertEquals(
        "value for JSON topic p has a string with an unpaired UTF-16 surrogate (VALIDATE_VALUES)",
        assertThrows(
                InvalidValueException.class,
                () -> json.validate("p", TopicValue.json("{\"a\":[\"x\\ud800\"]}"), null))
            .getMessage());
    assertEquals(
        "value for JSON topic p has the number 1E+400, beyond a double's range (VALIDATE_VALUES)",
        assertThrows(
                InvalidValueException.class,
                () -> json.validate("p", TopicValue.json("[1e400]"), null))
            .getMessage());
    TopicSpecification string =
        new TopicSpecification(TopicType.STRING, Map.of("VALIDATE_VALUES", "true"));
    string.validate("s", TopicValue.string("ok \ud83d\ude00"), null);
    assertEquals(
        "value for STRING topic s has an unpaired UTF-16 surrogate at index 2 (VALIDATE_VALUES)",
        assertThrows(
                InvalidValueException.class,
                () -> string.validate("s", TopicValue.string("ab\udc00"), null))
            .getMessage());
    // without the property, the same value passes (as before)
    spec("VALIDATE_VALUES", "false").validate("p", TopicValue.json("[1e400]"), null);
  }
}
