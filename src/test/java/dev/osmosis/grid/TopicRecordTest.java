package dev.osmosis.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.osmosis.subscribe.TopicReplication;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.topic.TopicValue;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The idempotency keys a topic's grid record keeps (docs/RECONNECTION.md "Fail-over"). */
class TopicRecordTest {
  static final TopicRecord EMPTY =
      new TopicRecord(7, 0, "member", null, TopicSpecification.of(TopicType.INT64), null);

  static TopicReplication.Key key(long writer, long message) {
    return new TopicReplication.Key(writer, message, false);
  }

  @Test
  void aRecordWithoutKeys_thenEncodedAsBefore_andDecodedWithNone() {
    TopicRecord record = EMPTY.next(TopicValue.int64(1));
    byte[] bytes = record.encode();
    assertArrayEquals(bytes, EMPTY.next(TopicValue.int64(1), null).encode());
    assertEquals(0, TopicRecord.decode(bytes).writers().length);
    assertEquals(0, TopicRecord.decode(bytes).decision(key(1, 1)));
  }

  @Test
  void keyedUpdates_thenEachSessionsLastDecisionSurvivesEncoding() {
    TopicRecord record =
        EMPTY
            .next(TopicValue.int64(1), key(11, 4))
            .next(TopicValue.int64(2), key(22, 9).afterAdd())
            .refused(key(33, 2))
            .next(TopicValue.int64(3), key(11, 5));
    TopicRecord decoded = TopicRecord.decode(record.encode());

    assertEquals(3, decoded.sequence());
    assertEquals(3, TopicRecord.sequenceOf(record.encode()));
    assertEquals(record.incarnation(), TopicRecord.incarnationOf(record.encode()));
    assertEquals(TopicValue.int64(3), decoded.value());
    assertEquals(TopicRecord.APPLIED, decoded.decision(key(11, 5)));
    assertEquals(TopicRecord.APPLIED, decoded.decision(key(11, 4)), "before its last: decided");
    assertEquals(0, decoded.decision(key(11, 6)), "after its last: not decided yet");
    assertEquals(TopicRecord.ADDED, decoded.decision(key(22, 9)));
    assertEquals(TopicRecord.REFUSED, decoded.decision(key(33, 2)));
    assertEquals(0, decoded.decision(key(44, 1)));
    assertEquals(6, decoded.writers().length, "one entry per session");
  }

  @Test
  void moreSessionsThanKept_thenTheOldestIsForgotten() {
    TopicRecord record = EMPTY;
    for (long writer = 1; writer <= TopicRecord.WRITERS + 1; writer++) {
      record = record.next(TopicValue.int64(writer), key(writer, 1));
    }
    TopicRecord decoded = TopicRecord.decode(record.encode());
    assertEquals(TopicRecord.WRITERS * 2, decoded.writers().length);
    assertEquals(0, decoded.decision(key(1, 1)));
    for (long writer = 2; writer <= TopicRecord.WRITERS + 1; writer++) {
      assertEquals(
          TopicRecord.APPLIED,
          decoded.decision(key(writer, 1)),
          Arrays.toString(decoded.writers()));
    }
  }

  @Test
  void aSessionIdsKey_thenItsFirst64Bits() {
    TopicReplication.Key key = TopicReplication.Key.of("ffffffffffffffff-0123456789abcdef", 3);
    assertEquals(-1L, key.writer());
    assertEquals(3, key.message());
  }
}
