package dev.osmosis.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicMatcher;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicType;
import dev.osmosis.topic.TopicValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TopicJournalTest {
  private static final TopicSpecification STRING = TopicSpecification.of(TopicType.STRING);
  private static final TopicSpecification TRANSIENT =
      STRING.withProperty(TopicSpecification.PERSISTENT, "false");

  /** A store that records every batch and fails while told to. */
  static class FakeStore implements TopicStore {
    final List<List<TopicState>> batches = new ArrayList<>();
    volatile RuntimeException failWith;
    final CountDownLatch firstWrite = new CountDownLatch(1);

    @Override
    public List<TopicState> loadAll() {
      return List.of();
    }

    @Override
    public synchronized void write(List<TopicState> batch) {
      if (failWith != null) {
        throw failWith;
      }
      batches.add(batch);
      firstWrite.countDown();
    }

    synchronized List<TopicState> all() {
      List<TopicState> all = new ArrayList<>();
      batches.forEach(all::addAll);
      return all;
    }
  }

  private final TopicTree tree = new TopicTree();
  private final FakeStore store = new FakeStore();
  private final TopicJournal journal = new TopicJournal(store, 100, 1_000_000);

  private Topic topic(String path, TopicSpecification specification) {
    tree.add(path, specification);
    return tree.get(path);
  }

  static TopicMatcher exact(String path) {
    return new TopicMatcher() {
      @Override
      public String literalPrefix() {
        return path;
      }

      @Override
      public boolean matches(String candidate) {
        return candidate.equals(path);
      }
    };
  }

  @Test
  void flush_whenATopicChangedManyTimes_thenWritesItOnceWithItsLatestValueAndSequence() {
    Topic topic = topic("a/b", STRING);
    for (int i = 1; i <= 100; i++) {
      tree.set("a/b", "v" + i);
      journal.changed(topic);
    }
    assertEquals(1, journal.flush());
    TopicState state = store.all().get(0);
    assertEquals("a/b", state.path());
    assertEquals(TopicValue.string("v100"), state.value());
    assertEquals(100, state.sequence());
    assertEquals(STRING, state.specification());
    assertEquals(journal.incarnation(topic), state.incarnation());
    assertEquals(0, journal.flush());
    assertEquals(1, store.batches.size());
  }

  @Test
  void changed_whenTheTopicIsNotPersistent_thenNothingIsWritten() {
    Topic topic = topic("t", TRANSIENT);
    tree.set("t", "x");
    journal.changed(topic);
    journal.removed(topic);
    journal.changed(TopicState.of("u", 1, TRANSIENT, TopicValue.string("y"), 1));
    assertEquals(0, journal.flush());
    assertEquals(0, journal.health().backlog());
  }

  @Test
  void flush_whenATopicWasAddedAndRemovedBetweenFlushes_thenWritesOnlyItsRemoval() {
    Topic topic = topic("gone", STRING);
    journal.changed(topic);
    tree.remove(exact("gone"));
    journal.removed(topic);
    assertEquals(1, journal.flush());
    assertEquals(List.of(TopicState.removal("gone", journal.incarnation(topic))), store.all());
  }

  @Test
  void flush_whenTheStoreFails_thenKeepsTheChangesReportsDegradedAndWritesTheLatestLater() {
    Topic topic = topic("p", STRING);
    tree.set("p", "1");
    journal.changed(topic);
    store.failWith = new IllegalStateException("connection refused");
    assertFalse(journal.flushNow());
    TopicJournal.Health health = journal.health();
    assertEquals(TopicJournal.State.DEGRADED, health.state());
    assertTrue(health.reason().contains("connection refused"), health.reason());
    assertEquals(1, health.backlog());
    assertEquals(1, health.failures());

    tree.set("p", "2");
    journal.changed(topic);
    journal.changed(TopicState.of("q", 7, STRING, TopicValue.string("late"), 3));
    assertFalse(journal.flushNow());
    assertEquals(2, journal.health().backlog());

    store.failWith = null;
    assertTrue(journal.flushNow());
    assertEquals(TopicJournal.State.OK, journal.health().state());
    assertNull(journal.health().reason());
    assertEquals(0, journal.health().backlog());
    List<TopicState> written = store.all();
    assertEquals(2, written.size());
    TopicState p = written.stream().filter(s -> s.path().equals("p")).findFirst().orElseThrow();
    assertEquals(TopicValue.string("2"), p.value());
    assertEquals(2, p.sequence());
  }

  @Test
  void write_whenTheStoreFails_thenANewerChangeOfTheSameTopicIsNotOverwrittenByTheRequeue() {
    TopicJournal[] holder = new TopicJournal[1];
    TopicStore newerMeanwhile =
        new FakeStore() {
          @Override
          public synchronized void write(List<TopicState> batch) {
            // the newer state arrives while the failing batch is in the store's hands
            holder[0].changed(TopicState.of("s", 1, STRING, TopicValue.string("new"), 2));
            throw new IllegalStateException("down");
          }
        };
    holder[0] = new TopicJournal(newerMeanwhile, 100, 10);
    holder[0].changed(TopicState.of("s", 1, STRING, TopicValue.string("old"), 1));
    assertThrows(IllegalStateException.class, holder[0]::flush);
    assertEquals(1, holder[0].pending().size());
    assertEquals(TopicValue.string("new"), ((TopicState) holder[0].pending().get("s")).value());
  }

  @Test
  void changed_whenTheBacklogIsFull_thenDropsCountsAndReportsDown() {
    TopicJournal small = new TopicJournal(store, 100, 2);
    store.failWith = new IllegalStateException("down");
    for (String path : List.of("x", "y", "z")) {
      small.changed(TopicState.of(path, 1, STRING, TopicValue.string(path), 1));
    }
    small.changed(TopicState.of("x", 1, STRING, TopicValue.string("x2"), 2)); // replaces: kept
    TopicJournal.Health health = small.health();
    assertEquals(TopicJournal.State.DOWN, health.state());
    assertEquals(2, health.backlog());
    assertEquals(1, health.dropped());
    assertTrue(health.reason().contains("maxBacklog"), health.reason());
  }

  @Test
  void flush_whenMoreThanASliceIsPending_thenWritesSlicesOfAtMostSliceRows() {
    int slice = TopicJournal.DEFAULT_SLICE_ROWS;
    for (int i = 0; i < slice * 2 + 5; i++) {
      journal.changed(TopicState.of("t/" + i, 1, STRING, TopicValue.string("v"), 1));
    }
    assertEquals(slice * 2 + 5, journal.flush());
    assertEquals(3, store.batches.size());
    assertEquals(slice, store.batches.get(0).size());
    assertEquals(slice, store.batches.get(1).size());
    assertEquals(5, store.batches.get(2).size());
    assertEquals(3, journal.health().writes());
  }

  @Test
  void flush_whenSliceRowsConfigured_thenNoTransactionExceedsIt_andEveryTopicIsWritten() {
    TopicJournal sliced = new TopicJournal(store, 100, 1_000_000, 7);
    for (int i = 0; i < 100; i++) {
      sliced.changed(TopicState.of("t/" + i, 1, STRING, TopicValue.string("v"), 1));
    }
    assertEquals(100, sliced.flush());
    assertEquals(15, store.batches.size()); // 14 of 7, then 2
    for (List<TopicState> batch : store.batches) {
      assertTrue(batch.size() <= 7, "a slice of " + batch.size());
    }
    assertEquals(100, store.all().stream().map(TopicState::path).distinct().count());
    assertEquals(0, sliced.health().backlog());
    assertEquals(15, sliced.health().writes());
    assertEquals(15, java.util.Arrays.stream(sliced.health().writeTimes()).sum());
  }

  @Test
  void flush_whenSpreadOverAWindow_thenEveryTopicPendingAtItsStartIsWrittenInThatPass() {
    // the flusher's own passes wait 30 s (half the window): the pass below is the test's
    TopicJournal sliced = new TopicJournal(store, 60_000, 1_000_000, 10);
    sliced.start();
    try {
      for (int i = 0; i < 35; i++) {
        sliced.changed(TopicState.of("t/" + i, 1, STRING, TopicValue.string("v"), 1));
      }
      // running: the slices are spaced over 40 ms
      assertEquals(35, sliced.flush(TimeUnit.MILLISECONDS.toNanos(40)));
      assertEquals(4, store.batches.size());
      for (List<TopicState> batch : store.batches) {
        assertTrue(batch.size() <= 10, "a slice of " + batch.size());
      }
      assertEquals(35, store.all().stream().map(TopicState::path).distinct().count());
      assertEquals(0, sliced.health().backlog());
    } finally {
      sliced.close();
    }
  }

  @Test
  void writeTimes_whenDurationsRecorded_thenCountedInTheirBucket() {
    assertEquals(0, WriteTimes.bucket(0));
    assertEquals(0, WriteTimes.bucket(125));
    assertEquals(1, WriteTimes.bucket(126));
    assertEquals(3, WriteTimes.bucket(1_000));
    assertEquals(WriteTimes.BUCKETS - 2, WriteTimes.bucket(64_000));
    assertEquals(WriteTimes.BUCKETS - 1, WriteTimes.bucket(64_001));
    WriteTimes times = new WriteTimes();
    times.record(900_000, 400_000);
    times.record(3_000_000, -1);
    assertEquals(2, times.writes());
    assertEquals(3_900, times.micros());
    assertEquals(400, times.cpuMicros());
    assertEquals(1, times.counts()[3]);
    assertEquals(1, times.counts()[5]);
  }

  @Test
  void backoff_whenFailuresRepeat_thenDoublesFromTheFlushDelayUpToTheCeiling() {
    long b = TopicJournal.backoffMillis(0, 100);
    assertEquals(100, b);
    assertEquals(200, b = TopicJournal.backoffMillis(b, 100));
    for (int i = 0; i < 10; i++) {
      b = TopicJournal.backoffMillis(b, 100);
    }
    assertEquals(TopicJournal.MAX_BACKOFF_MILLIS, b);
  }

  @Test
  void flusher_whenStarted_thenWritesWithoutBeingAskedAndCloseWritesTheRest() throws Exception {
    journal.start();
    journal.changed(TopicState.of("first", 1, STRING, TopicValue.string("1"), 1));
    assertTrue(store.firstWrite.await(30, TimeUnit.SECONDS));
    for (int i = 0; i < 500; i++) {
      journal.changed(TopicState.of("n/" + i, 1, STRING, TopicValue.string("v"), 1));
    }
    journal.close();
    assertEquals(501, store.all().size());
    assertEquals(0, journal.health().backlog());
  }
}
