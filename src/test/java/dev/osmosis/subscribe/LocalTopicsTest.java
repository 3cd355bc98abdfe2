package dev.osmosis.subscribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osmosis.control.Caller;
import dev.osmosis.error.RequestException;
import dev.osmosis.session.TestSessions;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicMatcher;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicType;
import dev.osmosis.topic.TopicValue;
import dev.osmosis.topic.TopicView;
import dev.osmosis.topic.ValueChange;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The one-server topic role: every change goes through it, and updates are numbered in order. */
class LocalTopicsTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));

  final Subscriptions subscriptions = TestSessions.subscriptions();
  final List<String> calls = new ArrayList<>();

  /** LocalTopics, recording which role method each change took. */
  final TopicReplication recording =
      new TopicReplication() {
        final LocalTopics local = new LocalTopics(subscriptions);

        @Override
        public TopicTree.AddResult add(String path, TopicSpecification spec, String creator) {
          calls.add("add " + path);
          return local.add(path, spec, creator);
        }

        @Override
        public boolean update(
            Topic topic,
            Predicate<? super TopicView> precondition,
            Function<TopicValue, TopicValue> compute) {
          calls.add("update " + topic.path());
          return local.update(topic, precondition, compute);
        }

        @Override
        public int remove(TopicMatcher matcher) {
          calls.add("remove " + matcher.literalPrefix());
          return local.remove(matcher);
        }
      };

  final TopicControl topics =
      new TopicControl(subscriptions, TestSessions::store, ValueLimits.defaults(), recording);

  @Test
  void everyChange_thenThroughTheRole() {
    topics.add(ADMIN, "r/a", TopicSpecification.of(TopicType.JSON));
    topics.set(ADMIN, "r/a", TopicType.JSON, "{\"x\":1}");
    topics.addAndSet(ADMIN, "r/b", TopicSpecification.of(TopicType.STRING), "b");
    topics.applyJsonPatch(
        ADMIN,
        "r/a",
        Json.createArrayBuilder()
            .add(Json.createObjectBuilder().add("op", "add").add("path", "/y").add("value", 2))
            .build(),
        UpdateConstraint.NONE,
        TopicControl.NO_LOCKS);
    assertEquals(2, topics.remove(ADMIN, "?r/.*"));

    assertEquals(
        List.of("add r/a", "update r/a", "add r/b", "update r/b", "update r/a", "remove r"), calls);
  }

  @Test
  void updates_thenNumberedOneByOneInTheTopicsOrder() {
    topics.add(ADMIN, "n/t", TopicSpecification.of(TopicType.INT64));
    Topic topic = subscriptions.tree().get("n/t");
    assertEquals(0, topic.sequence());

    topics.set(ADMIN, "n/t", TopicType.INT64, 1L);
    topics.set(ADMIN, "n/t", TopicType.INT64, 2L);
    assertEquals(2, topic.sequence());

    // a constraint that does not hold changes nothing, number included
    RequestException e =
        assertThrows(
            RequestException.class,
            () ->
                topics.set(
                    ADMIN,
                    "n/t",
                    TopicType.INT64,
                    9L,
                    new UpdateConstraint.Value(1L),
                    TopicControl.NO_LOCKS));
    assertEquals(ErrorCode.UNSATISFIED_CONSTRAINT, e.code());
    assertEquals(2, topic.sequence());

    ValueChange third = subscriptions.publish(topic, 3L);
    assertEquals(3, third.sequence());
    assertEquals(3, topic.sequence());
  }

  @Test
  void applyingNumberedUpdates_thenDuplicatesAndOlderOnesAreIgnored() {
    topics.add(ADMIN, "q/t", TopicSpecification.of(TopicType.STRING));
    Topic topic = subscriptions.tree().get("q/t");

    assertEquals(1, subscriptions.apply(topic, TopicValue.string("one"), 1).sequence());
    assertNull(subscriptions.apply(topic, TopicValue.string("again"), 1));
    // a number past the next is applied; the change shows the jump
    ValueChange jump = subscriptions.apply(topic, TopicValue.string("four"), 4);
    assertEquals(4, jump.sequence());
    assertEquals(TopicValue.string("one"), jump.oldValue());
    assertNull(subscriptions.apply(topic, TopicValue.string("three"), 3));
    assertEquals(TopicValue.string("four"), topic.value());
    // and a local update continues from there
    topics.set(ADMIN, "q/t", TopicType.STRING, "five");
    assertEquals(5, topic.sequence());
  }
}
