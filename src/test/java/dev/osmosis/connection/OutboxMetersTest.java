package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.osmosis.meter.Outbound;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the outbound queues count in {@link Outbound#TOTALS} (docs/OPERATIONS.md "Metrics"). The
 * totals are the server's (shared by every test in this JVM): each test compares before and after a
 * synchronous scenario.
 */
class OutboxMetersTest {
  private static final Outbound T = Outbound.TOTALS;

  @Test
  void offerConflated_whenAValueOfTheTopicWaits_thenCountsOneConflation() {
    OutboxTest.HeldWriter writer = new OutboxTest.HeldWriter();
    Outbox outbox = new Outbox(writer, 10, 65536, () -> {});
    outbox.offer("busy"); // in flight: the next ones wait
    long before = T.conflated();

    outbox.offerConflated(5L, "v1", "v1");
    outbox.offerConflated(5L, "v2", "v2");
    outbox.offerConflated(5L, "v3", "v3");

    assertEquals(2, T.conflated() - before);
  }

  @Test
  void offer_whenFull_thenCountsTheRefusedAndTheClearedAsDropped() {
    OutboxTest.HeldWriter writer = new OutboxTest.HeldWriter();
    Outbox outbox = new Outbox(writer, 2, 65536, () -> {});
    outbox.offer("in flight");
    outbox.offer("a");
    outbox.offer("b");
    long before = T.dropped();

    outbox.offer("refused");
    assertEquals(1, T.dropped() - before);

    outbox.shutdown("bye", () -> {}); // "a" and "b" never go out
    assertEquals(3, T.dropped() - before);
  }

  @Test
  void offer_whenTheQueueGrows_thenThePeakIsAtLeastItsDepth() {
    OutboxTest.HeldWriter writer = new OutboxTest.HeldWriter();
    Outbox outbox = new Outbox(writer, 100, 65536, () -> {});
    outbox.offer("in flight");
    for (int i = 0; i < 40; i++) {
      outbox.offer("m" + i);
    }

    assertEquals(40, outbox.backlog());
    assertEquals(true, T.peakQueue() >= 40, "peak " + T.peakQueue());
  }

  @Test
  void countedFrames_whenFramesWritten_thenCountsFramesMessagesAndCharacters() {
    List<String> written = new ArrayList<>();
    FrameSink sink = CountedFrames.of((frame, done) -> written.add(frame));
    long frames = T.frames();
    long messages = T.messages();
    long chars = T.characters();

    sink.write("{\"a\":1}", () -> {});
    sink.write("[", new String[] {"x1", "y22", "unused"}, 2, "]", () -> {});

    assertEquals(List.of("{\"a\":1}", "[x1,y22]"), written);
    assertEquals(2, T.frames() - frames);
    assertEquals(3, T.messages() - messages);
    assertEquals(7 + 8, T.characters() - chars);
    assertEquals(sink, CountedFrames.of(sink), "not counted twice");
  }
}
