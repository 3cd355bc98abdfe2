package dev.osmosis.transport.websocket.internals;

import java.lang.reflect.Method;

/**
 * The route to Tyrus's WebSocket engine, for the frame ceiling ({@code platform.FrameCeiling}): the
 * server container's {@code getWebSocketEngine()} and the engine's {@code
 * setIncomingBufferSize(int)}, each found once per class. Where the container has neither, nothing
 * is set and the engine's own ceiling stays.
 */
public final class TyrusEngine {
  private static final System.Logger LOG = System.getLogger(TyrusEngine.class.getName());
  private static final Internals<Method> ENGINE_OF =
      new Internals<>(
          LOG,
          "The WebSocket container has Tyrus's getWebSocketEngine()",
          "The WebSocket container has no getWebSocketEngine(): the engine's frame ceiling stays");
  private static final Internals<Method> SETTER =
      new Internals<>(
          LOG,
          "The WebSocket engine has Tyrus's setIncomingBufferSize(int)",
          "The WebSocket engine has no setIncomingBufferSize(int): its frame ceiling stays");

  private TyrusEngine() {}

  /** Sets {@code bytes} on the container's engine; false if the container has no such route. */
  public static boolean setIncomingBufferSize(Object container, int bytes) {
    if (container == null) {
      return false;
    }
    Method engineOf = ENGINE_OF.resolve(container.getClass(), TyrusEngine::engineOf);
    if (engineOf == null) {
      return false;
    }
    try {
      Object engine = engineOf.invoke(container);
      if (engine == null) {
        return false;
      }
      Method set = SETTER.resolve(engine.getClass(), TyrusEngine::setter);
      if (set == null) {
        return false;
      }
      set.invoke(engine, bytes);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  static Method engineOf(Class<?> type) {
    try {
      return Internals.method(type, "getWebSocketEngine");
    } catch (NoSuchMethodException | RuntimeException e) {
      return null;
    }
  }

  static Method setter(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Method m = c.getDeclaredMethod("setIncomingBufferSize", int.class);
        m.setAccessible(true);
        return m;
      } catch (NoSuchMethodException e) {
        // keep looking up the hierarchy
      } catch (RuntimeException e) {
        return null; // not accessible
      }
    }
    return null;
  }
}
