package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

  @Test
  void execute_whenTaskSubmitsTask_thenItRunsAfterNotNested() {
    SerialExecutor events = new SerialExecutor(Runnable::run);
    List<String> order = new ArrayList<>();
    events.execute(
        () -> {
          order.add("outer-start");
          events.execute(() -> order.add("inner"));
          order.add("outer-end");
          assertTrue(events.inEventThread());
        });
    assertEquals(List.of("outer-start", "outer-end", "inner"), order);
    assertFalse(events.inEventThread());
  }

  @Test
  void execute_whenManyThreadsSubmit_thenTasksNeverOverlapAndAllRun() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      SerialExecutor events = new SerialExecutor(pool);
      AtomicInteger running = new AtomicInteger();
      AtomicInteger overlaps = new AtomicInteger();
      CountDownLatch done = new CountDownLatch(10_000);
      for (int i = 0; i < 10_000; i++) {
        pool.execute(
            () ->
                events.execute(
                    () -> {
                      if (running.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                      }
                      running.decrementAndGet();
                      done.countDown();
                    }));
      }
      assertTrue(done.await(10, TimeUnit.SECONDS));
      assertEquals(0, overlaps.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void execute_whenTaskThrows_thenLaterTasksStillRun() {
    SerialExecutor events = new SerialExecutor(Runnable::run);
    List<String> order = new ArrayList<>();
    events.execute(
        () -> {
          events.execute(() -> order.add("after"));
          throw new IllegalStateException("boom");
        });
    assertEquals(List.of("after"), order);
  }
}
