package dev.osmosis.subscribe;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osmosis.control.Caller;
import dev.osmosis.error.RequestException;
import dev.osmosis.session.TestSessions;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpdateConstraintTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));
  final Subscriptions subscriptions = TestSessions.subscriptions();
  final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);

  String value(String path) {
    return subscriptions.tree().get(path).value().toString();
  }

  void set(String path, Object value, UpdateConstraint constraint) {
    topics.set(
        ADMIN,
        path,
        TopicType.STRING,
        value,
        constraint,
        (name, sequence) -> name.equals("L") && sequence == 3);
  }

  ErrorCode refused(Runnable update) {
    return assertThrows(RequestException.class, update::run).code();
  }

  @Test
  void value_whenCurrentMatches_thenSetElseUnsatisfiedAndUnchanged() {
    topics.addAndSet(ADMIN, "s", TopicSpecification.of(TopicType.STRING), "a");
    set("s", "b", new UpdateConstraint.Value("a"));
    assertEquals("OfString[value=b]", value("s"));
    assertEquals(
        ErrorCode.UNSATISFIED_CONSTRAINT,
        refused(() -> set("s", "c", new UpdateConstraint.Value("a"))));
    assertEquals("OfString[value=b]", value("s"));
  }

  @Test
  void noValue_andNoTopic() {
    topics.add(ADMIN, "empty", TopicSpecification.of(TopicType.STRING));
    set("empty", "first", new UpdateConstraint.NoValue());
    assertEquals(
        ErrorCode.UNSATISFIED_CONSTRAINT,
        refused(() -> set("empty", "second", new UpdateConstraint.NoValue())));

    assertEquals(
        TopicTree.AddResult.ADDED,
        topics.addAndSet(
            ADMIN,
            "fresh",
            TopicSpecification.of(TopicType.STRING),
            "x",
            new UpdateConstraint.NoTopic(),
            TopicControl.NO_LOCKS));
    assertEquals(
        ErrorCode.UNSATISFIED_CONSTRAINT,
        refused(
            () ->
                topics.addAndSet(
                    ADMIN,
                    "fresh",
                    TopicSpecification.of(TopicType.STRING),
                    "y",
                    new UpdateConstraint.NoTopic(),
                    TopicControl.NO_LOCKS)));
    assertEquals("OfString[value=x]", value("fresh"));
  }

  @Test
  void json_withAndWithoutPointers() {
    topics.addAndSet(
        ADMIN, "doc", TopicSpecification.of(TopicType.JSON), "{\"a\":{\"b\":1},\"list\":[1,2]}");
    UpdateConstraint ok =
        new UpdateConstraint.Json(
            Map.of("/a/b", Json.createValue(1), "/list/1", Json.createValue(2)),
            List.of("/missing"));
    topics.set(ADMIN, "doc", TopicType.JSON, "{\"a\":{\"b\":2}}", ok, TopicControl.NO_LOCKS);
    assertEquals("{\"a\":{\"b\":2}}", value("doc"));
    UpdateConstraint stale =
        new UpdateConstraint.Json(Map.of("/a/b", Json.createValue(1)), List.of());
    assertEquals(
        ErrorCode.UNSATISFIED_CONSTRAINT,
        refused(
            () -> topics.set(ADMIN, "doc", TopicType.JSON, "{}", stale, TopicControl.NO_LOCKS)));
    UpdateConstraint present = new UpdateConstraint.Json(Map.of(), List.of("/a"));
    assertEquals(
        ErrorCode.UNSATISFIED_CONSTRAINT,
        refused(
            () -> topics.set(ADMIN, "doc", TopicType.JSON, "{}", present, TopicControl.NO_LOCKS)));
  }

  @Test
  void locked_andAnd() {
    topics.addAndSet(ADMIN, "guarded", TopicSpecification.of(TopicType.STRING), "a");
    set(
        "guarded",
        "b",
        new UpdateConstraint.And(
            List.of(new UpdateConstraint.Locked("L", 3), new UpdateConstraint.Value("a"))));
    assertEquals(
        ErrorCode.UNSATISFIED_CONSTRAINT,
        refused(() -> set("guarded", "c", new UpdateConstraint.Locked("L", 2))));
    assertEquals(
        ErrorCode.UNSATISFIED_CONSTRAINT,
        refused(
            () ->
                set(
                    "guarded",
                    "c",
                    new UpdateConstraint.And(
                        List.of(
                            new UpdateConstraint.Locked("L", 3),
                            new UpdateConstraint.Value("a"))))));
    assertEquals("OfString[value=b]", value("guarded"));
  }

  @Test
  void addAndSet_whenValueInvalid_thenNoTopicLeftBehind() {
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        refused(
            () ->
                topics.addAndSet(ADMIN, "bad/n", TopicSpecification.of(TopicType.INT64), "many")));
    assertEquals(null, subscriptions.tree().get("bad/n"));
  }

  @Test
  void applyJsonPatch_whenApplies_thenNewValue_elseInvalidArgumentAndUnchanged() {
    topics.addAndSet(
        ADMIN, "p", TopicSpecification.of(TopicType.JSON), "{\"n\":1,\"tags\":[\"a\"]}");
    topics.applyJsonPatch(
        ADMIN,
        "p",
        patch(
            "[{\"op\":\"replace\",\"path\":\"/n\",\"value\":2},"
                + "{\"op\":\"add\",\"path\":\"/tags/-\",\"value\":\"b\"}]"),
        UpdateConstraint.NONE,
        TopicControl.NO_LOCKS);
    assertEquals("{\"n\":2,\"tags\":[\"a\",\"b\"]}", value("p"));
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        refused(
            () ->
                topics.applyJsonPatch(
                    ADMIN,
                    "p",
                    patch("[{\"op\":\"test\",\"path\":\"/n\",\"value\":1}]"),
                    UpdateConstraint.NONE,
                    TopicControl.NO_LOCKS)));
    assertEquals("{\"n\":2,\"tags\":[\"a\",\"b\"]}", value("p"));
    topics.addAndSet(ADMIN, "str", TopicSpecification.of(TopicType.STRING), "x");
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        refused(
            () ->
                topics.applyJsonPatch(
                    ADMIN, "str", patch("[]"), UpdateConstraint.NONE, TopicControl.NO_LOCKS)));
  }

  @Test
  void subscribeControl_thenTargetSubscribedWithItsOwnReadPermissionAndUnsubscribedWithControl() {
    var sessions = TestSessions.sessions();
    var connection = new TestSessions.RecordingConnection();
    var target = sessions.open(handshake("client", "password", Map.of()), connection);
    topics.addAndSet(ADMIN, "news/a", TopicSpecification.of(TopicType.STRING), "x");
    topics.addAndSet(ADMIN, "secret/b", TopicSpecification.of(TopicType.STRING), "y");
    assertEquals(
        1,
        subscriptions.selectFor(target, "*.*"),
        "the target still needs READ_TOPIC: not secret/b");
    assertEquals(1, subscriptions.unselectFor(target, "*.*"));
    assertEquals(true, connection.last().contains("\"reason\":\"CONTROL\""), connection.last());
  }

  private static JsonArray patch(String text) {
    return Json.createReader(new StringReader(text)).readArray();
  }
}
