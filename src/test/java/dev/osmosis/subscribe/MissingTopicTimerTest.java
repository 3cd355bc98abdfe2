package dev.osmosis.subscribe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The shared timeout thread of missing-topic requests ends with the application (no class-loader
 * leak).
 */
class MissingTopicTimerTest {
  @Test
  void shutdownDefaultTimer_whenTimerRunning_thenItsThreadEnds() throws Exception {
    MissingTopicHandlers.scheduleOnDefaultTimer(() -> {}, Duration.ofHours(1));
    Thread timer =
        timerThread().orElseThrow(() -> new AssertionError("the timer thread did not start"));

    MissingTopicHandlers.shutdownDefaultTimer();

    timer.join(10_000);
    assertFalse(timer.isAlive(), "the timer thread still runs after shutdown");
  }

  @Test
  void scheduleOnDefaultTimer_afterShutdown_thenANewTimerRuns() throws Exception {
    MissingTopicHandlers.shutdownDefaultTimer();
    Runnable cancel = MissingTopicHandlers.scheduleOnDefaultTimer(() -> {}, Duration.ofHours(1));
    assertTrue(timerThread().isPresent());
    cancel.run();
    MissingTopicHandlers.shutdownDefaultTimer();
  }

  private static Optional<Thread> timerThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("osmosis-missing-topic-timer") && t.isAlive())
        .findFirst();
  }
}
