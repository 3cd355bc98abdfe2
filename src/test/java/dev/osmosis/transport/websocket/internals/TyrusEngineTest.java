package dev.osmosis.transport.websocket.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The frame ceiling's route (FrameCeilingTest tests it through FrameCeiling as well). */
class TyrusEngineTest {
  /** Tyrus's engine: the setter is declared by a superclass of the runtime class. */
  public static class BaseEngine {
    int size;

    public void setIncomingBufferSize(int size) {
      this.size = size;
    }
  }

  public static final class Engine extends BaseEngine {}

  static final class Container {
    final Engine engine = new Engine();

    @SuppressWarnings("unused")
    private Engine getWebSocketEngine() {
      return engine;
    }
  }

  @Test
  void setIncomingBufferSize_routeUpTheHierarchy_thenEngagesEachTime() {
    Container container = new Container();
    assertTrue(TyrusEngine.setIncomingBufferSize(container, 1000));
    assertEquals(1000, container.engine.size);
    assertTrue(TyrusEngine.setIncomingBufferSize(container, 2000), "the cached route");
    assertEquals(2000, container.engine.size);
  }

  @Test
  void lookups_whenAbsent_thenNullAndNoChange() {
    assertNull(TyrusEngine.engineOf(Object.class));
    assertNull(TyrusEngine.setter(String.class));
    assertFalse(TyrusEngine.setIncomingBufferSize(new Object(), 1000));
  }
}
