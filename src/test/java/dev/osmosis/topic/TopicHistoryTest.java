package dev.osmosis.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-topic history ring (docs/TOPICS.md "History"). */
class TopicHistoryTest {

  static TopicValue v(long n) {
    return new TopicValue.OfInt64(n);
  }

  static List<Long> after(TopicHistory history, long after, long now) {
    List<Long> seen = new ArrayList<>();
    history.forEachAfter(
        after,
        now,
        (sequence, value) -> {
          assertEquals(v(sequence), value, "each update kept with its own number");
          seen.add(sequence);
        });
    return seen;
  }

  @Test
  void ring_whenMoreUpdatesThanCapacity_thenKeepsTheLastInOrder() {
    TopicHistory history = new TopicHistory(3, 0);
    for (long n = 1; n <= 5; n++) {
      history.record(n, v(n), 0);
    }
    assertEquals(3, history.size());
    assertEquals(3, history.oldest(0));
    assertEquals(5, history.newest());
    assertEquals(List.of(3L, 4L, 5L), after(history, 0, 0));
    assertEquals(List.of(5L), after(history, 4, 0));
    assertTrue(history.covers(2, 5, 0), "3, 4, 5 are kept");
    assertFalse(history.covers(1, 5, 0), "2 is gone");
    assertTrue(history.covers(5, 5, 0), "nothing to give");
    assertFalse(history.covers(4, 6, 0), "6 was never recorded");
  }

  @Test
  void covers_whenANumberIsMissing_thenFalse() {
    TopicHistory history = new TopicHistory(4, 0);
    history.record(1, v(1), 0);
    history.record(3, v(3), 0); // a clustered node that skipped 2
    assertFalse(history.covers(0, 3, 0));
    assertTrue(history.covers(2, 3, 0));
  }

  @Test
  void ttl_whenEntriesExpire_thenTheyNoLongerCount() {
    TopicHistory history = new TopicHistory(10, 100);
    history.record(1, v(1), 1000);
    history.record(2, v(2), 1050);
    assertEquals(1, history.oldest(1100));
    assertEquals(2, history.oldest(1101), "update 1 is older than 100 ms");
    assertFalse(history.covers(0, 2, 1101));
    assertTrue(history.covers(1, 2, 1101));
    assertEquals(List.of(2L), after(history, 0, 1101));
    assertEquals(0, history.oldest(2000), "all expired");
  }

  @Test
  void topic_whenSpecificationHasHistorySize_thenEachUpdateIsKeptWithItsNumber() {
    TopicTree tree = new TopicTree(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    TopicSpecification spec =
        TopicSpecification.of(TopicType.INT64).withProperty(TopicSpecification.HISTORY_SIZE, "2");
    tree.add("h", spec);
    tree.add("none", TopicSpecification.of(TopicType.INT64));
    for (long n = 1; n <= 3; n++) {
      tree.set("h", n);
    }
    Topic topic = tree.get("h");
    assertEquals(2, topic.history().capacity());
    assertEquals(List.of(2L, 3L), after(topic.history(), 0, topic.millis()));
    assertNull(tree.get("none").history(), "off by default");
  }

  @Test
  void specification_whenHistoryPropertiesInvalid_thenPreciseErrors() {
    assertEquals(
        "property HISTORY_SIZE must be an integer from 0 to 1000000, was \"-1\"",
        assertThrows(
                InvalidSpecificationException.class,
                () -> new TopicSpecification(TopicType.JSON, Map.of("HISTORY_SIZE", "-1")))
            .getMessage());
    assertThrows(
        InvalidSpecificationException.class,
        () -> new TopicSpecification(TopicType.JSON, Map.of("HISTORY_SIZE", "1000001")));
    assertThrows(
        InvalidSpecificationException.class,
        () -> new TopicSpecification(TopicType.JSON, Map.of("HISTORY_TTL", "1s")));
    assertEquals(
        5000, new TopicSpecification(TopicType.JSON, Map.of("HISTORY_TTL", "5000")).historyTtl());
  }
}
