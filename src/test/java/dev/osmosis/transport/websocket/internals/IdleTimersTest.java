package dev.osmosis.transport.websocket.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Tyrus's replacement scheduler: inline for "now", one thread for later, and that thread ends on
 * shutdown.
 */
class IdleTimersTest {
  /** Stands in for Tyrus's {@code TyrusSession}: its scheduler in a private {@code service}. */
  static class TyrusLikeSession {
    private ScheduledExecutorService service = Executors.newSingleThreadScheduledExecutor();
  }

  /** The field one class down, as in a subclass of the session. */
  static final class SubSession extends TyrusLikeSession {}

  /** Another engine: a {@code service} field of another type. */
  static final class OtherSession {
    private Object service;
  }

  @Test
  void lookup_whenTheSessionHasItsScheduler_thenTheRouteEngagesAndPointsItAtOurs()
      throws Throwable {
    SubSession session = new SubSession();
    ScheduledExecutorService theirs = ((TyrusLikeSession) session).service;
    MethodHandle set = IdleTimers.lookup(SubSession.class);
    set.invoke((Object) session, IdleTimers.SCHEDULER);
    assertSame(IdleTimers.SCHEDULER, ((TyrusLikeSession) session).service);
    theirs.shutdownNow();
  }

  @Test
  void lookup_whenNoSchedulerField_thenFallsBack() {
    assertNull(IdleTimers.lookup(Object.class), "no field: Tyrus's own scheduling stays");
    assertNull(IdleTimers.lookup(OtherSession.class), "a field of another type: not touched");
  }

  @Test
  void shutdown_whenThreadStarted_thenThreadEndsAndInlineTasksStillRun() throws Exception {
    IdleTimers.SCHEDULER.schedule(() -> {}, 1, TimeUnit.HOURS);
    Thread timer =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("osmosis-tyrus-timers") && t.isAlive())
            .findFirst()
            .orElseThrow(() -> new AssertionError("the timer thread did not start"));

    IdleTimers.shutdown();

    assertTrue(IdleTimers.SCHEDULER.awaitTermination(10, TimeUnit.SECONDS));
    timer.join(10_000);
    assertFalse(timer.isAlive(), "the timer thread still runs after shutdown");
    AtomicInteger ran = new AtomicInteger();
    Runnable check = ran::incrementAndGet;
    IdleTimers.SCHEDULER.schedule(check, 0, TimeUnit.MILLISECONDS);
    assertEquals(1, ran.get(), "Tyrus's 'now' checks still run inline");
    assertThrows(
        RejectedExecutionException.class,
        () -> IdleTimers.SCHEDULER.schedule(() -> {}, 1, TimeUnit.SECONDS));
  }
}
