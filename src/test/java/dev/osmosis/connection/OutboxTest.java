package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutboxTest {

  /** A writer that holds each write until the test completes it. */
  static final class HeldWriter implements FrameSink {
    final List<String> frames = new ArrayList<>();
    final List<Runnable> pending = new ArrayList<>();

    @Override
    public synchronized void write(String frame, Runnable done) {
      frames.add(frame);
      pending.add(done);
    }

    void completeNext() {
      Runnable done;
      synchronized (this) {
        done = pending.remove(0);
      }
      done.run();
    }
  }

  @Test
  void offer_whenIdle_thenWritesAtOnceUnbatched() {
    HeldWriter writer = new HeldWriter();
    Outbox outbox = new Outbox(writer, 10, 65536, () -> {});

    outbox.offer("{\"n\":1}");

    assertEquals(List.of("{\"n\":1}"), writer.frames);
  }

  @Test
  void offer_withPriorities_thenHighBeforeDefaultBeforeLow_eachLaneInOrder_conflationInItsLane() {
    HeldWriter writer = new HeldWriter();
    Outbox outbox = new Outbox(writer, 20, 65536, () -> {});
    outbox.offer("first");
    outbox.offerConflated(5L, "L1", "L1", dev.osmosis.session.Connection.LOW);
    outbox.offer("D1");
    outbox.offer("H1", dev.osmosis.session.Connection.HIGH);
    outbox.offer("L2", dev.osmosis.session.Connection.LOW);
    outbox.offerConflated(5L, "l3", "L3", dev.osmosis.session.Connection.LOW);
    outbox.offerConflated(9L, "H2", "H2", dev.osmosis.session.Connection.HIGH);
    outbox.offer("D2", dev.osmosis.session.Connection.DEFAULT);
    writer.completeNext();

    assertEquals(List.of("first", "[H1,H2,D1,D2,L3,L2]"), writer.frames);
    assertEquals(0, outbox.size());
  }

  @Test
  void offer_whenWriteInFlight_thenQueuedMessagesGoAsOneBatch() {
    HeldWriter writer = new HeldWriter();
    Outbox outbox = new Outbox(writer, 10, 65536, () -> {});
    outbox.offer("{\"n\":1}");
    outbox.offer("{\"n\":2}");
    outbox.offer("{\"n\":3}");

    assertEquals(1, writer.frames.size(), "only one write in flight");
    writer.completeNext();

    assertEquals(List.of("{\"n\":1}", "[{\"n\":2},{\"n\":3}]"), writer.frames);
    assertEquals(0, outbox.size());
  }

  @Test
  void offer_whenUnbatchedAndWriteInFlight_thenEachMessageIsItsOwnFrameInOrder() {
    HeldWriter writer = new HeldWriter();
    Outbox outbox = Outbox.unbatched(writer, 10, () -> {});
    outbox.offer("plain text");
    outbox.offer("{\"n\":2}");
    outbox.offer("third");

    writer.completeNext();
    writer.completeNext();

    assertEquals(List.of("plain text", "{\"n\":2}", "third"), writer.frames);
    assertEquals(0, outbox.size());
  }

  /** A writer that records each call: a single frame, or a group of frames in one write. */
  static final class GroupWriter implements FrameSink {
    final List<List<String>> writes = new ArrayList<>();
    final List<Runnable> pending = new ArrayList<>();

    @Override
    public synchronized void write(String frame, Runnable done) {
      writes.add(List.of(frame));
      pending.add(done);
    }

    @Override
    public synchronized void writeEach(String[] messages, int count, Runnable done) {
      writes.add(List.of(java.util.Arrays.copyOf(messages, count)));
      pending.add(done);
    }

    void completeNext() {
      Runnable done;
      synchronized (this) {
        done = pending.remove(0);
      }
      done.run();
    }
  }

  @Test
  void offer_whenUnbatchedAndWriteInFlight_thenQueuedMessagesGoAsTheirFramesInOneWrite() {
    GroupWriter writer = new GroupWriter();
    Outbox outbox = Outbox.unbatched(writer, 200, () -> {});
    outbox.offer("first");
    for (int i = 0; i < 70; i++) {
      outbox.offer("m" + i);
    }
    assertEquals(1, writer.writes.size(), "one write in flight");

    writer.completeNext();
    writer.completeNext();

    assertEquals(3, writer.writes.size());
    assertEquals(List.of("first"), writer.writes.get(0));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      expected.add("m" + i);
    }
    assertEquals(expected.subList(0, Outbox.MAX_BATCH_MESSAGES), writer.writes.get(1));
    assertEquals(expected.subList(Outbox.MAX_BATCH_MESSAGES, 70), writer.writes.get(2));
    assertEquals(0, outbox.size());
    assertEquals(0, outbox.backlogBytes());
  }

  @Test
  void offer_whenUnbatchedGroupPastItsCharacters_thenTheRestGoesInTheNextWrite() {
    GroupWriter writer = new GroupWriter();
    Outbox outbox = Outbox.unbatched(writer, 10, () -> {});
    String big = "x".repeat(Outbox.MAX_FRAMES_CHARS / 2);
    outbox.offer("first");
    outbox.offer(big);
    outbox.offer(big);
    outbox.offer("small");
    outbox.offer("last");

    writer.completeNext();
    writer.completeNext();

    assertEquals(List.of(big, big), writer.writes.get(1), "stops at the character limit");
    assertEquals(List.of("small", "last"), writer.writes.get(2));
  }

  @Test
  void writeEach_byDefault_thenOneWritePerFrameInTurnAndDoneOnceAfterTheLast() {
    HeldWriter writer = new HeldWriter();
    AtomicInteger done = new AtomicInteger();
    String[] group = {"a", "b", "c"};

    writer.writeEach(group, 3, done::incrementAndGet);
    group[1] = "changed"; // only read during the call
    assertEquals(List.of("a"), writer.frames, "the next starts when the previous is done");
    writer.completeNext();
    writer.completeNext();
    assertEquals(0, done.get());
    writer.completeNext();

    assertEquals(List.of("a", "b", "c"), writer.frames);
    assertEquals(1, done.get());
  }

  @Test
  void offer_whenUnbatchedAndFull_thenRefusesAndReportsOverflowOnce() {
    HeldWriter writer = new HeldWriter();
    AtomicInteger overflows = new AtomicInteger();
    Outbox outbox = Outbox.unbatched(writer, 1, overflows::incrementAndGet);
    outbox.offer("a");
    assertTrue(outbox.offer("b"));

    assertFalse(outbox.offer("c"));
    assertEquals(1, overflows.get());
  }

  @Test
  void finish_whenMessagesQueued_thenWritesThemAllThenRunsCloser() {
    HeldWriter writer = new HeldWriter();
    List<String> order = new ArrayList<>();
    Outbox outbox = Outbox.unbatched(writer, 10, () -> {});
    outbox.offer("a");
    outbox.offer("b");

    outbox.finish(() -> order.add("closed"));
    assertFalse(outbox.offer("c"));
    writer.completeNext();
    assertTrue(order.isEmpty());
    writer.completeNext();

    assertEquals(List.of("a", "b"), writer.frames);
    assertEquals(List.of("closed"), order);
  }

  @Test
  void offer_whenFull_thenRefusesAndReportsOverflowOnce() {
    HeldWriter writer = new HeldWriter();
    AtomicInteger overflows = new AtomicInteger();
    Outbox outbox = new Outbox(writer, 2, 65536, overflows::incrementAndGet);
    outbox.offer("a"); // in flight, not counted
    assertTrue(outbox.offer("b"));
    assertTrue(outbox.offer("c"));

    assertFalse(outbox.offer("d"));
    assertFalse(outbox.offer("e"));
    assertEquals(1, overflows.get());
  }

  @Test
  void write_whenCompletedSynchronously_thenDrainsWithoutRecursion() {
    List<String> frames = new ArrayList<>();
    Outbox[] box = new Outbox[1];
    // A writer that completes inline and enqueues more from inside the completion: must not recurse
    // deeply.
    box[0] =
        new Outbox(
            (frame, done) -> {
              frames.add(frame);
              done.run();
            },
            1_000_000,
            65536,
            () -> {});
    for (int i = 0; i < 100_000; i++) {
      box[0].offer("m" + i);
    }
    assertEquals(100_000, frames.size());
    assertEquals("m99999", frames.get(99_999));
  }

  @Test
  void offerConflated_whenValueOfSameTopicPending_thenReplacedInPlaceAndQueueDoesNotGrow() {
    HeldWriter writer = new HeldWriter();
    Outbox outbox =
        new Outbox(
            writer,
            2,
            65536,
            () -> {
              throw new AssertionError("conflation must not overflow");
            });
    outbox.offer("first"); // in flight
    outbox.offerConflated(7L, "v1", "v1");
    outbox.offer("other");
    for (int i = 2; i <= 1000; i++) {
      outbox.offerConflated(7L, "d" + i, "v" + i);
    }
    assertEquals(2, outbox.backlog());
    writer.completeNext();
    assertEquals(
        List.of("first", "[v1000,other]"),
        writer.frames,
        "the latest value, where the first one queued");

    outbox.offerConflated(7L, "d1001", "v1001");
    writer.completeNext();
    assertEquals("d1001", writer.frames.get(2), "nothing pending: the delta goes as it is");
  }

  @Test
  void discard_whenTopicValueQueued_thenNotSentAndOthersAre() {
    HeldWriter writer = new HeldWriter();
    Outbox outbox = new Outbox(writer, 10, 65536, () -> {});
    outbox.offer("first"); // in flight
    outbox.offerConflated(7L, "v7", "v7");
    outbox.offerConflated(8L, "v8", "v8");
    outbox.discard(7);
    outbox.offerConflated(7L, "again", "again");
    writer.completeNext();
    assertEquals(
        List.of("first", "[v8,again]"),
        writer.frames,
        "the discarded value is gone; a later one queues anew");
  }

  @Test
  void shutdown_whenMessagesQueued_thenDropsThemSendsLastThenRunsCloser() {
    HeldWriter writer = new HeldWriter();
    List<String> order = new ArrayList<>();
    Outbox outbox = new Outbox(writer, 10, 65536, () -> {});
    outbox.offer("a");
    outbox.offer("b");

    outbox.shutdown("bye", () -> order.add("closed"));
    assertFalse(outbox.offer("c"));
    writer.completeNext(); // a
    assertEquals(List.of("a", "bye"), writer.frames);
    assertTrue(order.isEmpty(), "closer waits for the last message");
    writer.completeNext(); // bye

    assertEquals(List.of("closed"), order);
  }

  @Test
  void offer_whenExecutorGiven_thenOfferingThreadNeverWrites() throws Exception {
    java.util.concurrent.ExecutorService writers =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      Thread offering = Thread.currentThread();
      List<Thread> writingThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
      CountDownLatch all = new CountDownLatch(1000);
      Outbox outbox =
          new Outbox(
              (frame, done) -> {
                writingThreads.add(Thread.currentThread());
                int messages = frame.startsWith("[") ? frame.split(",").length : 1;
                for (int i = 0; i < messages; i++) {
                  all.countDown();
                }
                done.run();
              },
              writers,
              10_000,
              65536,
              () -> {});
      for (int i = 0; i < 1000; i++) {
        outbox.offer("m");
      }
      assertTrue(all.await(10, TimeUnit.SECONDS));
      assertFalse(writingThreads.contains(offering));
    } finally {
      writers.shutdownNow();
    }
  }

  @Test
  void offer_whenManyThreads_thenEveryMessageWrittenOnceInPerThreadOrder() throws Exception {
    List<String> received = new ArrayList<>();
    Outbox outbox =
        new Outbox(
            (frame, done) -> {
              synchronized (received) {
                if (frame.startsWith("[")) {
                  for (String m : frame.substring(1, frame.length() - 1).split(",")) {
                    received.add(m);
                  }
                } else {
                  received.add(frame);
                }
              }
              done.run();
            },
            1_000_000,
            65536,
            () -> {});
    int threads = 4;
    int each = 20_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread w =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < each; i++) {
                  outbox.offer(id + ":" + i);
                }
              });
      w.start();
      workers.add(w);
    }
    start.countDown();
    for (Thread w : workers) {
      w.join(TimeUnit.SECONDS.toMillis(20));
    }
    assertEquals(threads * each, received.size());
    int[] next = new int[threads];
    for (String m : received) {
      int t = Integer.parseInt(m.substring(0, m.indexOf(':')));
      assertEquals(
          next[t]++, Integer.parseInt(m.substring(m.indexOf(':') + 1)), "per-producer order");
    }
  }

  /** An executor that only records tasks: shows whether work was handed off. */
  static final class Recording implements java.util.concurrent.Executor {
    final List<Runnable> tasks = new ArrayList<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      while (!tasks.isEmpty()) {
        tasks.remove(0).run();
      }
    }
  }

  @Test
  void offerDirect_whenIdle_thenWritesOnTheCallingThreadWithoutAHandOff() {
    HeldWriter writer = new HeldWriter();
    Recording executor = new Recording();
    Outbox outbox = new Outbox(writer, executor, 10, 65536, () -> {});

    assertTrue(outbox.offerDirect("{\"n\":1}"));

    assertEquals(List.of("{\"n\":1}"), writer.frames);
    assertTrue(executor.tasks.isEmpty(), "no hand-off");
  }

  @Test
  void offerDirect_whenAWriteIsInFlight_thenQueuedAndBatchedByTheWriterThreadAfterCompletion() {
    HeldWriter writer = new HeldWriter();
    Recording executor = new Recording();
    Outbox outbox = new Outbox(writer, executor, 10, 65536, () -> {});
    outbox.offerDirect("a");
    outbox.offerDirect("b");
    outbox.offer("c");
    executor.runAll();
    assertEquals(List.of("a"), writer.frames, "one write in flight");

    writer.completeNext();
    executor.runAll();

    assertEquals(List.of("a", "[b,c]"), writer.frames);
  }

  @Test
  void offer_afterDirect_thenStillHandsOff() {
    HeldWriter writer = new HeldWriter();
    Recording executor = new Recording();
    Outbox outbox = new Outbox(writer, executor, 10, 65536, () -> {});
    outbox.offer("fan-out");
    assertTrue(writer.frames.isEmpty(), "fan-out only enqueues");
    executor.runAll();
    assertEquals(List.of("fan-out"), writer.frames);
  }
}
