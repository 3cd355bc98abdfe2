package dev.osmosis.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AddressQuotaTest {
  @Test
  void tryAcquire_whenAtMax_thenRefusedUntilOneReleased() {
    AddressQuota quota = new AddressQuota(2);
    assertTrue(quota.tryAcquire("a"));
    assertTrue(quota.tryAcquire("a"));
    assertFalse(quota.tryAcquire("a"));
    assertTrue(quota.tryAcquire("b"), "per address");
    quota.release("a");
    assertTrue(quota.tryAcquire("a"));
    assertEquals(2, quota.held("a"));
  }

  @Test
  void release_whenNothingHeld_thenNoNegativeCount() {
    AddressQuota quota = new AddressQuota(1);
    quota.release("a");
    assertEquals(0, quota.held("a"));
    assertTrue(quota.tryAcquire("a"));
    assertFalse(quota.tryAcquire("a"));
  }

  @Test
  void tryAcquire_whenRacing_thenNeverMoreThanMax() throws Exception {
    AddressQuota quota = new AddressQuota(100);
    AtomicInteger granted = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = 0; i < 1_000; i++) {
      pool.execute(
          () -> {
            if (quota.tryAcquire("a")) {
              granted.incrementAndGet();
            }
          });
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    assertEquals(100, granted.get());
    assertEquals(100, quota.held("a"));
  }
}
