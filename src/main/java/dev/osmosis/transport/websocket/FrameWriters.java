package dev.osmosis.transport.websocket;

import dev.osmosis.subscribe.Outbox;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;

/**
 * How a connection's outbox writes a frame. The standard {@code getAsyncRemote().sendText} costs ~52 µs of CPU
 * per frame in Payara Micro because Tyrus reschedules the session's idle timer through the managed executor on
 * every send (STACK-NOTES.md). Below that layer, Tyrus's own {@code TyrusWebSocket.sendText(String, SendHandler)}
 * writes the same frame with a completion callback and no idle-timer work. It is reached once per session through
 * the remote endpoint's {@code webSocket} field, resolved once per JVM; if anything about it is not as expected
 * (another engine, another Tyrus, negotiated extensions) the standard API is used. Sessions of this server have
 * no idle timeout ({@code setMaxIdleTimeout(0)}), so skipping the timer reset changes nothing for them.
 */
final class FrameWriters {
  private static final System.Logger LOG = System.getLogger(FrameWriters.class.getName());
  private static volatile Fast fast;
  private static volatile boolean resolved;

  private record Fast(MethodHandle webSocket, MethodHandle sendText) {}

  private FrameWriters() {}

  /** The writer for a session: the fast path when available, else the standard asynchronous API. */
  static Outbox.Writer forSession(Session ws) {
    Fast path = resolve(ws);
    if (path != null && ws.getNegotiatedExtensions().isEmpty()) {
      try {
        Object webSocket = path.webSocket.invoke(ws.getBasicRemote());
        if (webSocket != null) {
          return (frame, done) -> {
            try {
              path.sendText.invoke(webSocket, frame, (SendHandler) result -> done.run());
            } catch (Throwable e) {
              done.run();
            }
          };
        }
      } catch (Throwable e) {
        LOG.log(System.Logger.Level.DEBUG, "fast write path unavailable for this session", e);
      }
    }
    return standard(ws);
  }

  static Outbox.Writer standard(Session ws) {
    var remote = ws.getAsyncRemote();
    return (frame, done) -> {
      try {
        remote.sendText(frame, result -> done.run());
      } catch (RuntimeException e) {
        done.run();
      }
    };
  }

  private static Fast resolve(Session ws) {
    if (resolved) {
      return fast;
    }
    synchronized (FrameWriters.class) {
      if (!resolved) {
        fast = lookup(ws);
        resolved = true;
        LOG.log(System.Logger.Level.INFO, fast != null
            ? "WebSocket writes use Tyrus's TyrusWebSocket.sendText (no per-send idle-timer cost)"
            : "WebSocket writes use the standard asynchronous API (Tyrus internals not found)");
      }
      return fast;
    }
  }

  private static Fast lookup(Session ws) {
    try {
      Class<?> remote = ws.getBasicRemote().getClass();
      Field field = null;
      for (Class<?> c = remote; c != null && field == null; c = c.getSuperclass()) {
        try {
          field = c.getDeclaredField("webSocket");
        } catch (NoSuchFieldException e) {
          // keep looking up the hierarchy
        }
      }
      if (field == null) {
        return null;
      }
      field.setAccessible(true);
      MethodHandle getter = MethodHandles.lookup().unreflectGetter(field);
      MethodHandle send = MethodHandles.publicLookup().findVirtual(field.getType(), "sendText",
          MethodType.methodType(void.class, String.class, SendHandler.class));
      return new Fast(getter.asType(MethodType.methodType(Object.class, Object.class)),
          send.asType(MethodType.methodType(void.class, Object.class, String.class, SendHandler.class)));
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(System.Logger.Level.INFO, "Tyrus fast write path not available: " + e);
      return null;
    }
  }
}
