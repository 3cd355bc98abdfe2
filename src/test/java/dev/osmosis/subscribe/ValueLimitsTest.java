package dev.osmosis.subscribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.control.Caller;
import dev.osmosis.error.RequestException;
import dev.osmosis.session.TestSessions;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.io.StringReader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one topic value limit (size, depth, patch operations) on every door: set, addAndSet, JSON
 * patch.
 */
class ValueLimitsTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));
  final Subscriptions subscriptions = TestSessions.subscriptions();
  final TopicControl topics =
      new TopicControl(subscriptions, TestSessions::store, new ValueLimits(1000, 8, 20));

  static JsonArray patch(String text) {
    return Json.createReader(new StringReader(text)).readArray();
  }

  RequestException refused(Runnable update) {
    return assertThrows(RequestException.class, update::run);
  }

  String value(String path) {
    return subscriptions.tree().get(path).value().toString();
  }

  /** The blow-up: each copy of "" doubles the document; 18 made 6.3 MB. */
  static String doublings(int n) {
    StringBuilder ops = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      ops.append(i > 0 ? "," : "")
          .append("{\"op\":\"copy\",\"from\":\"\",\"path\":\"/c")
          .append(i)
          .append("\"}");
    }
    return ops.append(']').toString();
  }

  @Test
  void applyJsonPatch_whenCopiesDoubleTheDocumentPastTheLimit_thenLimitExceededAndUnchanged() {
    topics.addAndSet(
        ADMIN, "doc", TopicSpecification.of(TopicType.JSON), "{\"x\":\"" + "x".repeat(50) + "\"}");
    String before = value("doc");
    RequestException e =
        refused(
            () ->
                topics.applyJsonPatch(
                    ADMIN,
                    "doc",
                    patch(doublings(18)),
                    UpdateConstraint.NONE,
                    TopicControl.NO_LOCKS));
    assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
    // 58 bytes, doubled: past 1000 at the fourth copy (operation 3), long before the 18th
    assertTrue(
        e.getMessage()
            .startsWith("operation 3 of the JSON patch makes the value of doc larger than 1000"),
        e.getMessage());
    assertEquals(before, value("doc"));
  }

  @Test
  void applyJsonPatch_whenCopiesNestPastTheDepth_thenLimitExceeded() {
    topics.addAndSet(ADMIN, "deep", TopicSpecification.of(TopicType.JSON), "{\"a\":{}}");
    StringBuilder ops = new StringBuilder("[");
    String path = "";
    for (int i = 0; i < 10; i++) {
      path += "/a";
      ops.append(i > 0 ? "," : "")
          .append("{\"op\":\"add\",\"path\":\"")
          .append(path)
          .append("\",\"value\":{}}");
    }
    RequestException e =
        refused(
            () ->
                topics.applyJsonPatch(
                    ADMIN,
                    "deep",
                    patch(ops.append(']').toString()),
                    UpdateConstraint.NONE,
                    TopicControl.NO_LOCKS));
    assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
    assertTrue(e.getMessage().contains("deeper than 8 levels"), e.getMessage());
  }

  @Test
  void applyJsonPatch_whenWithinTheLimits_thenApplied_andAsManyOperationsAsAllowed() {
    topics.addAndSet(ADMIN, "ok", TopicSpecification.of(TopicType.JSON), "{\"n\":0}");
    topics.applyJsonPatch(
        ADMIN, "ok", patch(doublings(3)), UpdateConstraint.NONE, TopicControl.NO_LOCKS);
    assertTrue(value("ok").contains("\"c2\":{\"n\":0,\"c0\":{\"n\":0},\"c1\""), value("ok"));

    StringBuilder ops = new StringBuilder("[");
    for (int i = 0; i < 21; i++) {
      ops.append(i > 0 ? "," : "")
          .append("{\"op\":\"replace\",\"path\":\"/n\",\"value\":")
          .append(i)
          .append('}');
    }
    RequestException e =
        refused(
            () ->
                topics.applyJsonPatch(
                    ADMIN,
                    "ok",
                    patch(ops.append(']').toString()),
                    UpdateConstraint.NONE,
                    TopicControl.NO_LOCKS));
    assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
    assertEquals("a JSON patch may have at most 20 operations; this one has 21", e.getMessage());
  }

  @Test
  void applyJsonPatch_whenAnOperationFails_thenInvalidArgumentNamingIt() {
    topics.addAndSet(ADMIN, "f", TopicSpecification.of(TopicType.JSON), "{\"n\":0}");
    RequestException e =
        refused(
            () ->
                topics.applyJsonPatch(
                    ADMIN,
                    "f",
                    patch(
                        "[{\"op\":\"replace\",\"path\":\"/n\",\"value\":1},{\"op\":\"remove\",\"path\":\"/missing\"}]"),
                    UpdateConstraint.NONE,
                    TopicControl.NO_LOCKS));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("operation 1"), e.getMessage());
    assertEquals("{\"n\":0}", value("f"));
  }

  @Test
  void set_andAddAndSet_whenLargerThanTheLimit_thenLimitExceeded_andNoTopicLeftBehind() {
    topics.addAndSet(ADMIN, "s", TopicSpecification.of(TopicType.STRING), "x".repeat(1000));
    RequestException e = refused(() -> topics.set(ADMIN, "s", TopicType.STRING, "x".repeat(1001)));
    assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
    assertEquals(
        "the value for s has 1001 bytes; a topic value may have at most 1000", e.getMessage());
    // multi-byte characters count as their UTF-8 bytes
    assertEquals(
        ErrorCode.LIMIT_EXCEEDED,
        refused(() -> topics.set(ADMIN, "s", TopicType.STRING, "é".repeat(501))).code());
    topics.set(ADMIN, "s", TopicType.STRING, "é".repeat(500));

    assertEquals(
        ErrorCode.LIMIT_EXCEEDED,
        refused(
                () ->
                    topics.addAndSet(
                        ADMIN,
                        "j",
                        TopicSpecification.of(TopicType.JSON),
                        "[\"" + "y".repeat(1000) + "\"]"))
            .code());
    assertEquals(null, subscriptions.tree().get("j"));
    assertEquals(
        ErrorCode.LIMIT_EXCEEDED,
        refused(
                () ->
                    topics.addAndSet(
                        ADMIN, "b", TopicSpecification.of(TopicType.BINARY), new byte[1001]))
            .code());
  }

  @Test
  void set_whenJsonNestsDeeperThanTheLimit_thenLimitExceeded() {
    topics.addAndSet(ADMIN, "j", TopicSpecification.of(TopicType.JSON), "[[[[[[[[1]]]]]]]]");
    RequestException e =
        refused(() -> topics.set(ADMIN, "j", TopicType.JSON, "[[[[[[[[[1]]]]]]]]]"));
    assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
    assertEquals(
        "the value for j nests deeper than 8 levels of arrays and objects", e.getMessage());
  }
}
