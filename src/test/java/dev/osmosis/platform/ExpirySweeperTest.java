package dev.osmosis.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.osmosis.sweep.Sweep;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpirySweeperTest {
  private final List<String> ran = new ArrayList<>();

  private Sweep sweep(String name, boolean fails) {
    return new Sweep() {
      @Override
      public void sweep(long now) {
        ran.add(name + "@" + now);
        if (fails) {
          throw new IllegalStateException(name + " broke");
        }
      }

      @Override
      public String sweepName() {
        return name;
      }
    };
  }

  @Test
  void runAll_whenOneSweepThrows_thenTheOthersRunOnceEachAtTheSameTime() {
    int failed =
        ExpirySweeper.runAll(
            List.of(sweep("topics", false), sweep("requests", true), sweep("liveness", false)), 42);

    assertEquals(1, failed);
    assertEquals(List.of("topics@42", "requests@42", "liveness@42"), ran);
  }

  @Test
  void runAll_whenNoSweepFails_thenNoneCounted() {
    assertEquals(0, ExpirySweeper.runAll(List.of(sweep("polls", false)), 7));
    assertEquals(List.of("polls@7"), ran);
  }
}
