package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The outbox's byte budget and tracked replies, on a writer that holds every write (a client that
 * never reads).
 */
class OutboxBytesTest {
  final OutboxTest.HeldWriter writer = new OutboxTest.HeldWriter();
  final AtomicInteger overflows = new AtomicInteger();
  final Outbox outbox =
      new Outbox(writer, Runnable::run, 1000, 100, 65536, overflows::incrementAndGet);

  static String chars(int n) {
    return "x".repeat(n);
  }

  @Test
  void
      offer_whenQueuedCharactersPassTheBudget_thenRefusedAndOverflowReportedOnce_longBeforeTheCountLimit() {
    assertTrue(outbox.offer(chars(90))); // written at once: in flight, no longer queued
    assertTrue(outbox.offer(chars(40)));
    assertTrue(outbox.offer(chars(60)));
    assertEquals(100, outbox.backlogBytes());
    assertFalse(outbox.offer("y"));
    assertFalse(outbox.offer(chars(30)));
    assertEquals(1, overflows.get());
    assertEquals(2, outbox.backlog());

    writer.completeNext(); // the two queued go out as one batch
    assertEquals(0, outbox.backlogBytes());
    assertEquals(List.of(chars(90), "[" + chars(40) + "," + chars(60) + "]"), writer.frames);
  }

  @Test
  void offerConflated_whenReplacedOrDiscarded_thenTheBudgetFollowsTheLatestMessage() {
    outbox.offer(chars(10)); // in flight
    outbox.offerConflated(7L, chars(20), chars(20));
    outbox.offerConflated(7L, chars(50), chars(50));
    assertEquals(50, outbox.backlogBytes());
    outbox.discard(7L);
    assertEquals(0, outbox.backlogBytes());
    assertTrue(outbox.offer(chars(100)), "the discarded value no longer counts");
  }

  @Test
  void offerTracked_thenTakenRunsWhenTheWriterTakesIt_orWhenRefused_orDroppedByShutdown() {
    AtomicInteger taken = new AtomicInteger();
    outbox.offer(chars(10)); // in flight
    outbox.offer("a", taken::incrementAndGet);
    outbox.offer("b", taken::incrementAndGet);
    assertEquals(0, taken.get());
    writer.completeNext();
    assertEquals(2, taken.get(), "both taken into the batch");

    assertFalse(outbox.offer(chars(101), taken::incrementAndGet));
    assertEquals(3, taken.get(), "a refused one at once");

    outbox.offer("c", taken::incrementAndGet);
    outbox.shutdown(null, () -> {});
    assertEquals(4, taken.get(), "a dropped one on shutdown");
    assertEquals(0, outbox.backlogBytes());
  }

  @Test
  void unbatched_withABudget_thenTheSameOverflow() {
    AtomicInteger overflow = new AtomicInteger();
    OutboxTest.HeldWriter held = new OutboxTest.HeldWriter();
    Outbox ingress = Outbox.unbatched(held, Runnable::run, 1000, 100, overflow::incrementAndGet);
    assertTrue(ingress.offer(chars(10))); // in flight
    assertTrue(ingress.offer(chars(100)));
    assertFalse(ingress.offer("y"));
    assertEquals(1, overflow.get());
  }
}
