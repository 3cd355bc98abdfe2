package dev.osmosis.subscribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osmosis.control.Caller;
import dev.osmosis.error.RequestException;
import dev.osmosis.session.TestSessions;
import dev.osmosis.topic.InvalidSpecificationException;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.Json;
import java.io.StringReader;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * VALIDATE_VALUES and SCHEMA on every door of an update (set, addAndSet, JSON patch): refused with
 * 4001 naming the problem, the topic keeping its value.
 */
class ValueChecksTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));
  static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"price\":{\"type\":\"number\",\"minimum\":0}}}";
  final Subscriptions subscriptions = TestSessions.subscriptions();
  final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);

  String value(String path) {
    return subscriptions.tree().get(path).value().toString();
  }

  RequestException refused(Runnable update) {
    return assertThrows(RequestException.class, update::run);
  }

  @Test
  void set_whenSchemaViolated_thenInvalidArgumentAndValueKept() {
    TopicSpecification spec =
        new TopicSpecification(TopicType.JSON, Map.of(TopicSpecification.SCHEMA, SCHEMA));
    topics.addAndSet(ADMIN, "p", spec, "{\"price\":1}");
    RequestException e = refused(() -> topics.set(ADMIN, "p", TopicType.JSON, "{\"price\":-2}"));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertEquals(
        "value for JSON topic p does not match its SCHEMA at /price: -2 is less than 0 (minimum)",
        e.getMessage());
    assertEquals("{\"price\":1}", value("p"));
    e =
        refused(
            () ->
                topics.applyJsonPatch(
                    ADMIN,
                    "p",
                    Json.createReader(
                            new StringReader(
                                "[{\"op\":\"replace\",\"path\":\"/price\",\"value\":\"x\"}]"))
                        .readArray(),
                    UpdateConstraint.NONE,
                    TopicControl.NO_LOCKS));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertEquals("{\"price\":1}", value("p"));
    topics.set(ADMIN, "p", TopicType.JSON, "{\"price\":2.5}");
    assertEquals("{\"price\":2.5}", value("p"));
  }

  @Test
  void addAndSet_whenSchemaViolated_thenNoTopicLeftBehind() {
    TopicSpecification spec =
        new TopicSpecification(TopicType.JSON, Map.of(TopicSpecification.SCHEMA, SCHEMA));
    assertEquals(
        ErrorCode.INVALID_ARGUMENT, refused(() -> topics.addAndSet(ADMIN, "q", spec, "[]")).code());
    assertEquals(null, subscriptions.tree().get("q"));
  }

  @Test
  void add_whenSchemaUnsupported_thenInvalidSpecification() {
    assertThrows(
        InvalidSpecificationException.class,
        () ->
            new TopicSpecification(
                TopicType.JSON, Map.of(TopicSpecification.SCHEMA, "{\"anyOf\":[]}")));
  }

  @Test
  void set_whenValidateValuesAndUnpairedSurrogate_thenRefusedOthersUnaffected() {
    TopicSpecification strict =
        new TopicSpecification(
            TopicType.STRING, Map.of(TopicSpecification.VALIDATE_VALUES, "true"));
    topics.addAndSet(ADMIN, "s", strict, "ok");
    topics.addAndSet(ADMIN, "lax", TopicSpecification.of(TopicType.STRING), "ok");
    RequestException e = refused(() -> topics.set(ADMIN, "s", TopicType.STRING, "x\ud800"));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertEquals(
        "value for STRING topic s has an unpaired UTF-16 surrogate at index 1 (VALIDATE_VALUES)",
        e.getMessage());
    assertEquals("OfString[value=ok]", value("s"));
    topics.set(ADMIN, "lax", TopicType.STRING, "x\ud800"); // without the property: as before
  }
}
