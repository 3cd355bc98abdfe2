package dev.osmosis.transport.websocket.internals;

import dev.osmosis.connection.FrameSink;
import dev.osmosis.protocol.DeflatedMessages;
import jakarta.websocket.Session;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * How a connection's outbox writes a frame. The standard {@code getAsyncRemote().sendText} costs
 * ~52 µs of CPU per frame in Payara Micro because Tyrus reschedules the session's idle timer
 * through the managed executor on every send (STACK-NOTES.md). Below that layer, Tyrus's broadcast
 * path {@code TyrusWebSocket.sendRawFrame(ByteBuffer)} writes an already-encoded frame with no
 * idle-timer work and no per-frame {@code TextFrame}/charset/encoder: the frame bytes come from
 * {@link TextFrames} (a message shared by many subscribers is encoded once per writer thread,
 * batches and envelopes copy those bytes). It is reached once per session through the remote
 * endpoint's {@code webSocket} field, resolved once per JVM.
 *
 * <p>Completion: {@code sendRawFrame} returns Tyrus's {@code TyrusFuture}, a {@link
 * CompletableFuture} completed (normally or exceptionally) when the servlet writer has written the
 * bytes or failed; it is usually already done on return, and when the socket is not writable Tyrus
 * queues the frame and completes it later from {@code onWritePossible}. {@code done} runs on
 * completion either way, so the outbox keeps exactly one write in flight and a slow client's
 * backlog stays in our bounded queue, not in Tyrus's unbounded one.
 *
 * <p>If anything about it is not as expected (another engine, another Tyrus, a future that is not a
 * {@link CompletionStage}, negotiated extensions such as permessage-deflate) the standard API is
 * used. Sessions of this server have no idle timeout ({@code setMaxIdleTimeout(0)}), so skipping
 * the timer reset changes nothing for them.
 */
public final class FrameWriters {
  private static final System.Logger LOG = System.getLogger(FrameWriters.class.getName());
  private static final Internals<Fast> FAST =
      new Internals<>(
          LOG,
          "WebSocket writes use Tyrus's TyrusWebSocket.sendRawFrame with pre-encoded frames",
          "WebSocket writes use the standard asynchronous API (Tyrus internals not found)");

  private record Fast(MethodHandle webSocket, MethodHandle sendRawFrame) {}

  private FrameWriters() {}

  /**
   * The writer for a session: the raw-frame path when available, else the standard asynchronous
   * API.
   */
  public static FrameSink forSession(Session ws) {
    return forSession(ws, false);
  }

  /**
   * As {@link #forSession(Session)}; with {@code deflate} (the client asked for deflated frames,
   * docs/PROTOCOL.md "Deflated frames") a frame carrying an update deflated once by the fan-out
   * ({@link DeflatedMessages}) leaves as one binary frame. Only the raw-frame routes do it; the
   * standard API sends text.
   */
  public static FrameSink forSession(Session ws, boolean deflate) {
    boolean secure = ws.isSecure();
    Fast path = resolve(ws);
    if (path != null && ws.getNegotiatedExtensions().isEmpty()) {
      try {
        Object webSocket = path.webSocket.invoke(ws.getBasicRemote());
        if (webSocket != null) {
          return new Raw(
              path.sendRawFrame,
              webSocket,
              GrizzlyFrames.forWebSocket(webSocket, secure),
              deflate ? DeflatedMessages.shared() : null);
        }
      } catch (Throwable e) {
        LOG.log(System.Logger.Level.DEBUG, "raw write path unavailable for this session", e);
      }
    }
    if (secure) {
      secureRoute("standard-api");
    }
    return standard(ws);
  }

  /**
   * The route the last TLS ({@code wss://}) session took; null before the first one was written to.
   */
  private static volatile String secureRoute;

  /** Called once per TLS session, when its route is known (at its first write). */
  static void secureRoute(String route) {
    secureRoute = route;
  }

  /**
   * How frames are written to TLS ({@code wss://}) sessions, as the admin API reports it: {@code
   * tyrus-raw-frame} (the direct Grizzly route is never taken over TLS: its bytes would skip the
   * TLS filter), {@code standard-api}, or {@code unknown} before the first TLS session has been
   * written to.
   */
  public static String secureRoute() {
    String route = secureRoute;
    return route == null ? "unknown" : route;
  }

  /**
   * How this server writes WebSocket frames, as the admin API reports it: {@code
   * grizzly-write-queue} once a plain {@code ws://} connection has taken the direct route (TLS ones
   * and frames over 64 KiB take the raw-frame route), {@code tyrus-raw-frame}, {@code
   * standard-api}, or {@code unknown} before the first WebSocket session has been written to. A
   * server with only {@code wss://} sessions so far says {@code tyrus-raw-frame}: the direct route,
   * though found, has carried nothing.
   */
  public static String route() {
    if (GrizzlyFrames.engaged()) {
      return "grizzly-write-queue";
    }
    if (FAST.resolved() != null) {
      return "tyrus-raw-frame";
    }
    return FAST.isResolved() ? "standard-api" : "unknown";
  }

  /**
   * {@code osmosis.removeWebSocketByteProbes}: whether Payara's per-write byte probe is taken off
   * each WebSocket connection after its upgrade ({@link ConnectionProbes}).
   */
  public static void removeByteProbes(boolean on) {
    ConnectionProbes.remove(on);
  }

  /**
   * {@code removed}, {@code kept}, {@code not-found} or {@code unknown}: what happened to Payara's
   * per-write byte probe on the last WebSocket connection ({@link ConnectionProbes#state()}).
   */
  public static String byteProbes() {
    return ConnectionProbes.state();
  }

  /** Whether the raw-frame path was found (after the first session). */
  static boolean rawAvailable() {
    return FAST.resolved() != null;
  }

  /**
   * Pre-encoded frames, straight to Grizzly's write queue where {@link GrizzlyFrames} allows it,
   * else through {@code sendRawFrame(ByteBuffer)} ({@code send} returns a {@link Future}). One
   * write is in flight at a time, so a frame that takes the other route (too large, or the direct
   * write refused) stays in order.
   */
  static final class Raw implements FrameSink {
    private final MethodHandle send;
    private final Object target;
    private final GrizzlyFrames.Direct direct;
    private final DeflatedMessages deflated;

    Raw(MethodHandle send, Object target) {
      this(send, target, null, null);
    }

    Raw(MethodHandle send, Object target, GrizzlyFrames.Direct direct, DeflatedMessages deflated) {
      this.send = send;
      this.target = target;
      this.direct = direct;
      this.deflated = deflated;
    }

    @Override
    public void write(String frame, Runnable done) {
      byte[] payload = deflated == null ? null : deflated.payload(frame);
      writeBytes(payload == null ? TextFrames.single(frame) : TextFrames.binary(payload), done);
    }

    @Override
    public void write(String prefix, String[] messages, int count, String suffix, Runnable done) {
      byte[] frame;
      try {
        byte[] payload =
            deflated == null ? null : deflated.payload(prefix, messages, count, suffix);
        frame =
            payload == null
                ? TextFrames.joined(prefix, messages, count, suffix)
                : TextFrames.binary(payload);
      } catch (RuntimeException e) {
        done.run();
        return;
      }
      writeBytes(frame, done);
    }

    /** The frames back to back in one write, each one's bytes shared ({@link TextFrames#each}). */
    @Override
    public void writeEach(String[] messages, int count, Runnable done) {
      byte[] frames;
      try {
        frames = TextFrames.each(messages, count);
      } catch (RuntimeException e) {
        done.run();
        return;
      }
      writeBytes(frames, done);
    }

    private void writeBytes(byte[] frame, Runnable done) {
      if (direct != null
          && frame.length <= GrizzlyFrames.MAX_DIRECT_BYTES
          && direct.write(frame, done)) {
        return;
      }
      Future<?> result;
      try {
        result = (Future<?>) send.invoke(target, ByteBuffer.wrap(frame));
      } catch (Throwable e) {
        LOG.log(System.Logger.Level.DEBUG, "raw write failed: {0}", e);
        done.run();
        return;
      }
      whenDone(result, done);
    }
  }

  /**
   * Runs {@code done} once {@code result} completes (at once if it has); a non-stage future counts
   * as done.
   */
  static void whenDone(Future<?> result, Runnable done) {
    if (result == null || result.isDone() || !(result instanceof CompletionStage<?> stage)) {
      done.run();
    } else {
      stage.whenComplete((value, failure) -> done.run());
    }
  }

  static FrameSink standard(Session ws) {
    var remote = ws.getAsyncRemote();
    return (frame, done) -> {
      try {
        remote.sendText(frame, result -> done.run());
      } catch (RuntimeException e) {
        done.run();
      }
    };
  }

  /**
   * Writes one pre-encoded frame through {@code sendRawFrame}, outside any outbox (a close frame,
   * {@link CloseFrames}); false if the route is not available or the write failed at once.
   */
  static boolean sendRawFrame(Session ws, ByteBuffer frame) {
    Fast path = resolve(ws);
    if (path == null) {
      return false;
    }
    try {
      Object webSocket = path.webSocket.invoke(ws.getBasicRemote());
      if (webSocket == null) {
        return false;
      }
      Future<?> result = (Future<?>) path.sendRawFrame.invoke(webSocket, frame);
      return !(result instanceof CompletableFuture<?> f && f.isCompletedExceptionally());
    } catch (Throwable e) {
      LOG.log(System.Logger.Level.DEBUG, "raw frame not written: {0}", e);
      return false;
    }
  }

  private static Fast resolve(Session ws) {
    return FAST.resolve(() -> lookup(ws));
  }

  static Fast lookup(Session ws) {
    try {
      Class<?> remote = ws.getBasicRemote().getClass();
      Field field = Internals.field(remote, "webSocket");
      MethodHandle getter = MethodHandles.lookup().unreflectGetter(field);
      MethodHandle send =
          MethodHandles.publicLookup()
              .findVirtual(
                  field.getType(),
                  "sendRawFrame",
                  MethodType.methodType(Future.class, ByteBuffer.class));
      // Completion is only observable without blocking if Tyrus's future is a CompletionStage
      // (TyrusFuture
      // extends CompletableFuture in Tyrus 2.x); otherwise one write in flight could not be kept:
      // use the standard API.
      Class<?> future =
          Class.forName(
              "org.glassfish.tyrus.core.TyrusFuture", false, field.getType().getClassLoader());
      if (!CompletionStage.class.isAssignableFrom(future)) {
        LOG.log(
            System.Logger.Level.INFO,
            "Tyrus raw write path not used: its Future is not a CompletionStage");
        return null;
      }
      return new Fast(
          getter.asType(MethodType.methodType(Object.class, Object.class)),
          send.asType(MethodType.methodType(Future.class, Object.class, ByteBuffer.class)));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.log(System.Logger.Level.INFO, "Tyrus raw write path not available: " + e);
      return null;
    }
  }
}
