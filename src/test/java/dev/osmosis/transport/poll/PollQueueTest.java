package dev.osmosis.transport.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The hold/deliver/expiry logic of one polling connection, without JAX-RS. */
class PollQueueTest {
  static final long HOLD = 25_000;
  final PollQueue queue = new PollQueue(HOLD, 0);
  final AtomicInteger done = new AtomicInteger();

  @Test
  void write_whenPollHeld_thenAnsweredAtOnceWithTheFrame_andDoneRuns() {
    FakePoll poll = new FakePoll();
    queue.poll(poll, 10);
    assertFalse(poll.answered(), "held while there is nothing to say");
    queue.write("{\"t\":\"pong\"}", done::incrementAndGet);
    assertEquals("{\"t\":\"pong\"}", poll.only());
    assertEquals(1, done.get());
    assertFalse(queue.isHolding());
  }

  @Test
  void write_whenNoPollHeld_thenKeptUntilTheNextPoll_andDoneOnlyThen() {
    queue.write("A", done::incrementAndGet);
    assertEquals(0, done.get(), "not delivered yet: the writer must wait (one frame in flight)");
    FakePoll poll = new FakePoll();
    queue.poll(poll, 10);
    assertEquals("A", poll.only());
    assertEquals(1, done.get());
  }

  @Test
  void poll_whenAnotherIsHeld_thenTheOlderAnswers204AtOnce() {
    FakePoll older = new FakePoll();
    FakePoll newer = new FakePoll();
    queue.poll(older, 10);
    queue.poll(newer, 20);
    assertNull(older.only(), "204");
    assertFalse(newer.answered());
    queue.write("B", done::incrementAndGet);
    assertEquals("B", newer.only());
  }

  @Test
  void sweep_whenHeldForTheHoldTime_then204_notBefore() {
    FakePoll poll = new FakePoll();
    queue.poll(poll, 1_000);
    assertFalse(queue.sweep(1_000 + HOLD - 1, HOLD + 10_000));
    assertFalse(poll.answered());
    assertFalse(queue.sweep(1_000 + HOLD, HOLD + 10_000));
    assertNull(poll.only(), "204 after the hold time");
  }

  @Test
  void sweep_whenNoPollForTheGrace_thenReportsTheConnectionLost_whileHeldNever() {
    long drop = HOLD + 10_000;
    FakePoll poll = new FakePoll();
    queue.poll(poll, 0);
    assertFalse(queue.sweep(HOLD, drop), "expires the held poll (answered at 25 s)");
    assertFalse(
        queue.sweep(HOLD + drop - 1, drop), "the client has until 25 s + 35 s to poll again");
    assertTrue(queue.sweep(HOLD + drop, drop));
  }

  @Test
  void end_thenHeldPollAndLaterPollsAre404_andWaitingFramesReleaseTheirWriter() {
    FakePoll held = new FakePoll();
    queue.poll(held, 0);
    queue.write("A", done::incrementAndGet); // delivered on the held poll
    queue.write("B", done::incrementAndGet); // waits
    FakePoll second = new FakePoll();
    queue.end();
    assertEquals(2, done.get(), "every write's done runs exactly once, delivered or not");
    queue.poll(second, 5);
    assertEquals("404", second.only());
    queue.write("C", done::incrementAndGet);
    assertEquals(3, done.get());
    assertTrue(queue.isEnded());
  }

  @Test
  void end_whilePollHeld_thenItAnswers404() {
    FakePoll held = new FakePoll();
    queue.poll(held, 0);
    queue.end();
    assertEquals("404", held.only());
  }

  @Test
  void write_whenTheHeldRequestIsAlreadyGone_thenTheFrameWaitsForTheNextPoll() {
    FakePoll dead = new FakePoll();
    queue.poll(dead, 0);
    dead.alive = false; // e.g. the container timed it out
    queue.write("A", done::incrementAndGet);
    assertEquals(0, done.get());
    FakePoll next = new FakePoll();
    queue.poll(next, 10);
    assertEquals("A", next.only());
    assertEquals(1, done.get());
  }
}
