package dev.osmosis.transport.websocket.internals;

import java.lang.reflect.Method;

/**
 * The route to Tyrus's WebSocket engine, for the frame ceiling ({@code
 * transport.websocket.FrameCeiling}): the server container's {@code getWebSocketEngine()} and the
 * engine's {@code setIncomingBufferSize(int)}. Where the container has neither, nothing is set and
 * the engine's own ceiling stays.
 */
public final class TyrusEngine {
  private TyrusEngine() {}

  /** Sets {@code bytes} on the container's engine; false if the container has no such route. */
  public static boolean setIncomingBufferSize(Object container, int bytes) {
    if (container == null) {
      return false;
    }
    try {
      Method engineOf = Internals.method(container.getClass(), "getWebSocketEngine");
      Object engine = engineOf.invoke(container);
      if (engine == null) {
        return false;
      }
      Method set = setter(engine.getClass());
      set.invoke(engine, bytes);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  private static Method setter(Class<?> type) throws NoSuchMethodException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Method m = c.getDeclaredMethod("setIncomingBufferSize", int.class);
        m.setAccessible(true);
        return m;
      } catch (NoSuchMethodException e) {
        // keep looking up the hierarchy
      }
    }
    throw new NoSuchMethodException(type.getName() + ".setIncomingBufferSize(int)");
  }
}
