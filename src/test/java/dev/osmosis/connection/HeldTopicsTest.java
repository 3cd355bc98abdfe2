package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.protocol.TopicFrames;
import dev.osmosis.topic.TopicValue;
import dev.osmosis.wire.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A disconnected session whose recovery buffer is full: topic updates are held back (for a resume
 * by sequence numbers) instead of losing the session, anything else still overflows
 * (docs/PROTOCOL.md §12 "Resuming topics").
 */
class HeldTopicsTest {
  final List<CloseReason> overflows = new ArrayList<>();
  final ReliableConnection r =
      new ReliableConnection(Runnable::run, 1000, 3, 65536, overflows::add);
  final ReconnectTest.FakeLink first = new ReconnectTest.FakeLink();

  static String value(long topic, long n) {
    return TopicFrames.value(topic, n, TopicValue.int64(n));
  }

  @Test
  void codec_whenUpdateMessages_thenTopicAndSequenceRead() {
    assertEquals(17, TopicFrames.updateTopic(value(17, 41)));
    assertEquals(41, TopicFrames.updateSequence(value(17, 41)));
    assertEquals(9, TopicFrames.updateTopic(TopicFrames.delta(9, 3, "[]")));
    assertEquals(3, TopicFrames.updateSequence(TopicFrames.delta(9, 3, "[]")));
    assertEquals(-1, TopicFrames.updateTopic(TopicFrames.unsubscribe(9, "REQUESTED")));
    assertEquals(0, TopicFrames.updateSequence(TopicFrames.value(5, 0, TopicValue.int64(1L))));
    assertEquals(
        "{\"t\":\"lostUpdates\",\"a\":5,\"after\":3,\"n\":9}", TopicFrames.lostUpdates(5, 3, 9));
  }

  @Test
  void overflow_whenClientResumesTopics_thenUpdatesHeldPerTopicAndOthersStillOverflow() {
    r.held().resumesTopics();
    r.attach(first, 0, "C");
    assertTrue(r.detach(first));
    r.send(value(1, 1), 0);
    r.send(value(1, 2), 0);
    r.send(value(1, 3), 0); // the buffer (3) is full
    r.send(value(1, 4), 0); // held: topic 1 from 4
    r.send(value(2, 7), 0); // held: topic 2 from 7
    r.send(value(1, 5), 0); // still held
    assertEquals(List.of(), overflows, "no loss of the session for topic updates");
    assertEquals(Map.of(1L, 4L, 2L, 7L), r.held().heldTopics());
    assertEquals(3, r.buffered(), "nothing held was queued");

    r.send("{\"t\":\"request\"}");
    assertEquals(List.of(CloseReason.LOST_MESSAGES), overflows, "anything else: lost as before");
  }

  @Test
  void overflow_whenClientCannotResumeTopics_thenLostMessagesAsBefore() {
    r.attach(first, 0, "C");
    assertTrue(r.detach(first));
    for (long n = 1; n <= 4; n++) {
      r.send(value(1, n), 0);
    }
    assertEquals(List.of(CloseReason.LOST_MESSAGES), overflows);
    assertEquals(Map.of(), r.held().heldTopics());
  }

  @Test
  void resumeHeld_thenReleasedTopicsQueueAgainPastTheBound_andNothingIsHeldAfter() {
    r.held().resumesTopics();
    r.attach(first, 0, "C");
    assertTrue(r.detach(first));
    for (long n = 1; n <= 5; n++) {
      r.send(value(1, n), 0);
    }
    ReconnectTest.FakeLink second = new ReconnectTest.FakeLink();
    r.attach(second, 0, "C2");
    r.send(value(1, 6), 0); // attached, but topic 1 is still held until its resume
    r.held()
        .resume(
            () -> {
              r.held().released(1);
              r.send(value(1, 4), 0); // the replay, past the buffer's bound
              r.send(value(1, 5), 0);
              r.send(value(1, 6), 0);
            });
    assertEquals(List.of(), overflows);
    assertEquals(Map.of(), r.held().heldTopics());
    String frames = String.join("", second.frames);
    for (long n = 1; n <= 6; n++) {
      assertEquals(
          1,
          frames.split("\"n\":" + n + ",", -1).length - 1,
          "update " + n + " exactly once: " + frames);
    }
  }
}
