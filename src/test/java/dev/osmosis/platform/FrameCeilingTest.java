package dev.osmosis.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrameCeilingTest {

  /** Shaped like Tyrus's engine: a public setter the upgrade reads from. */
  public static class Engine {
    int incomingBufferSize = 4_194_315;

    public void setIncomingBufferSize(int size) {
      incomingBufferSize = size;
    }
  }

  /** Shaped like Tyrus's server container (a non-public subclass in Tyrus). */
  static class Container {
    final Engine engine = new Engine();

    public Engine getWebSocketEngine() {
      return engine;
    }
  }

  @Test
  void ceiling_followsTheMessageLimit_andKeepsTodaysValueAtTheDefault() {
    assertEquals(131_086, FrameCeiling.ceiling(65_536)); // what web.xml held by hand
    assertEquals(2 * 1_048_576 + 14, FrameCeiling.ceiling(1_048_576));
  }

  @Test
  void apply_whenTheContainerHasTheEngineRoute_thenSetsTheBufferSize() {
    Container container = new Container();
    assertTrue(FrameCeiling.apply(container, 262_158));
    assertEquals(262_158, container.engine.incomingBufferSize);
  }

  @Test
  void apply_whenNoRoute_thenFallsBackWithoutThrowing() {
    assertFalse(FrameCeiling.apply(null, 1000));
    assertFalse(FrameCeiling.apply(new Object(), 1000));
    assertFalse(
        FrameCeiling.apply(
            new Object() {
              @SuppressWarnings("unused")
              public Object getWebSocketEngine() {
                return "no setter here";
              }
            },
            1000));
  }
}
