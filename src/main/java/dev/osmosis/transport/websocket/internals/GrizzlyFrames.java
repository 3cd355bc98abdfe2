package dev.osmosis.transport.websocket.internals;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Locale;

/**
 * Pre-encoded frames written straight to the connection's Grizzly write queue, below the servlet
 * stream. The servlet path ({@code sendRawFrame} → Tyrus's servlet writer → Catalina's {@code
 * OutputBuffer.flush()} → Grizzly's HTTP filter chain) spent about 80 % of the write path's CPU on
 * framing the bytes through the HTTP layers, none of which changes them on an upgraded plain-TCP
 * connection (BENCHMARKS.md, profile). The transport's asynchronous queue writer is the
 * thread-safe, ordered end of that same path: a frame is one record, written whole, in submission
 * order with anything Tyrus writes itself (pings, close frames), and its completion is reported
 * once the bytes are in the socket.
 *
 * <p>Used only where it cannot change what goes on the wire: the connection is plain TCP (the
 * servlet request is not secure and no filter of the connection's chain is a TLS filter: a TLS
 * connection keeps the servlet path), and frames up to {@link #MAX_DIRECT_BYTES} (larger ones take
 * the servlet path, where Grizzly's own write-queue limit does not apply). Reached by reflection
 * through Tyrus's and Catalina's objects once per JVM; anything unexpected and the session keeps
 * the servlet path.
 */
final class GrizzlyFrames {
  static final int MAX_DIRECT_BYTES = 64 * 1024;
  private static final System.Logger LOG = System.getLogger(GrizzlyFrames.class.getName());

  /**
   * {@link #attach} when Tyrus's upgrade handler has no connection yet: try again at the next
   * write.
   */
  private static final Object[] NOT_YET = new Object[0];

  private static final Internals<Path> PATH =
      new Internals<>(
          LOG,
          "WebSocket frames are written to Grizzly's write queue directly (plain TCP connections)",
          "WebSocket frames go through the servlet stream (Grizzly's write queue not reachable)");

  /**
   * The reflective route from a {@code TyrusWebSocket} to its Grizzly connection, and the calls
   * made on it.
   */
  private record Path(
      UpgradeRoute upgrade,
      Method connection,
      Method isSecure,
      Method transport,
      Method asyncQueueIo,
      Method queueWriter,
      Method memoryManager,
      Method processor,
      MethodHandle write,
      MethodHandle wrap,
      Class<?> completionHandler) {}

  private GrizzlyFrames() {}

  /**
   * Set once a connection (a plain one: TLS connections never attach) has taken the direct route.
   */
  private static volatile boolean engaged;

  /** Whether frames have gone the direct route: a plain-TCP connection attached to it. */
  static boolean engaged() {
    return engaged;
  }

  /**
   * A writer of pre-encoded frames to {@code webSocket}'s connection. The route is taken at the
   * first write, not here: while the endpoint's {@code onOpen} runs, Tyrus's upgrade handler has
   * not been given its connection yet.
   */
  static Direct forWebSocket(Object webSocket) {
    return new Direct(webSocket, false);
  }

  /**
   * As {@link #forWebSocket(Object)}; a {@code secure} session reports the route it takes
   * (FrameWriters).
   */
  static Direct forWebSocket(Object webSocket, boolean secure) {
    return new Direct(webSocket, secure);
  }

  /**
   * The connection's queue writer, connection and memory manager; null if the direct route is not
   * usable, {@link #NOT_YET} if the upgrade has not handed Tyrus its connection yet.
   */
  private static Object[] attach(Object webSocket) {
    Path p = PATH.resolved();
    if (p == null && !PATH.isResolved()) {
      // the route is found on a connection the upgrade has finished with: wait for one before
      // resolving it
      if (!UpgradeRoute.finished(webSocket)) {
        return NOT_YET;
      }
      p = resolve(webSocket);
    }
    if (p == null) {
      return null;
    }
    try {
      UpgradeRoute u = p.upgrade;
      Object webConnection = u.webConnection(u.upgradeHandler(webSocket));
      if (webConnection == null) {
        return NOT_YET;
      }
      Object request = u.catalinaRequest(webConnection);
      if (request == null) {
        return null;
      }
      Object connection = p.connection.invoke(u.httpRequest(u.grizzlyRequest(request)));
      if (connection == null) {
        return null;
      }
      ConnectionProbes.strip(connection); // TLS connections too: the probe sees the same bytes
      if (Boolean.TRUE.equals(p.isSecure.invoke(request))
          || hasTlsFilter(p.processor.invoke(connection))) {
        return null;
      }
      Object queueIo = p.asyncQueueIo.invoke(p.transport.invoke(connection));
      return new Object[] {
        p.queueWriter.invoke(queueIo), connection, p.memoryManager.invoke(connection)
      };
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "direct Grizzly writes not available for this session", e);
      return null;
    }
  }

  /**
   * True if any filter of a connection's processor (its filter chain) looks like TLS (SSL/TLS in a
   * class name).
   */
  private static boolean hasTlsFilter(Object processor) {
    if (!(processor instanceof Iterable<?> filters)) {
      return true; // not a filter chain we can inspect: keep the servlet path
    }
    for (Object filter : filters) {
      String name = filter.getClass().getName().toLowerCase(Locale.ROOT);
      if (name.contains("ssl") || name.contains("tls")) {
        return true;
      }
    }
    return false;
  }

  /** One connection's direct writer; at most one write in flight (the outbox guarantees it). */
  static final class Direct {
    private final Object webSocket;
    private final boolean secure;
    private boolean attached;
    private Path path;
    private Object queueWriter;
    private Object connection;
    private Object memory;
    private Object handler;
    private volatile Runnable done;

    Direct(Object webSocket, boolean secure) {
      this.webSocket = webSocket;
      this.secure = secure;
    }

    /** Completed, failed or cancelled: the write is over either way. */
    private InvocationHandler completion() {
      return (proxy, method, args) -> {
        switch (method.getName()) {
          case "completed", "failed", "cancelled" -> {
            Runnable then = done;
            done = null;
            if (then != null) {
              then.run();
            }
          }
          case "hashCode" -> {
            return System.identityHashCode(proxy);
          }
          case "equals" -> {
            return proxy == args[0];
          }
          case "toString" -> {
            return "osmosis-frame-completion";
          }
          default -> {} // updated(...): progress, nothing to do
        }
        return null;
      };
    }

    /**
     * Queues {@code frame}; {@code done} runs once it is written or failed. False if the direct
     * route is not usable for this connection or the frame could not be queued: the caller then
     * writes it the other way.
     */
    boolean write(byte[] frame, Runnable done) {
      if (!attached) {
        attach();
      }
      if (queueWriter == null) {
        return false;
      }
      this.done = done;
      try {
        path.write.invoke(queueWriter, connection, path.wrap.invoke(memory, frame), handler);
        return true;
      } catch (Throwable e) {
        this.done = null;
        LOG.log(System.Logger.Level.DEBUG, "direct write failed: {0}", e);
        return false;
      }
    }

    /** Once, at the first write (writes of one connection never run concurrently). */
    private void attach() {
      Object[] route = GrizzlyFrames.attach(webSocket);
      if (route == NOT_YET) {
        return;
      }
      attached = true;
      if (secure) {
        FrameWriters.secureRoute(route == null ? "tyrus-raw-frame" : "grizzly-write-queue");
      }
      if (route != null) {
        engaged = true;
        path = PATH.resolved();
        memory = route[2];
        connection = route[1];
        handler =
            Proxy.newProxyInstance(
                path.completionHandler.getClassLoader(),
                new Class<?>[] {path.completionHandler},
                completion());
        queueWriter = route[0];
      }
    }
  }

  private static Path resolve(Object webSocket) {
    return PATH.resolve(() -> lookup(webSocket));
  }

  private static Path lookup(Object webSocket) {
    try {
      UpgradeRoute u = UpgradeRoute.find(webSocket);
      Object catalinaRequest = u.catalinaRequest(u.webConnection(u.upgradeHandler(webSocket)));
      Method isSecure = catalinaRequest.getClass().getMethod("isSecure");
      Object grizzlyRequest = u.grizzlyRequest(catalinaRequest);
      Method connection = u.httpRequest().getReturnType().getMethod("getConnection");
      ClassLoader grizzly = connection.getReturnType().getClassLoader();
      Class<?> connectionType = connection.getReturnType();
      Method transport = connectionType.getMethod("getTransport");
      Method memory = connectionType.getMethod("getMemoryManager");
      Method processor = connectionType.getMethod("getProcessor");
      Object firstTransport = transport.invoke(connection.invoke(u.httpRequest(grizzlyRequest)));
      Method asyncQueueIo = firstTransport.getClass().getMethod("getAsyncQueueIO");
      Method queueWriter = asyncQueueIo.getReturnType().getMethod("getWriter");
      Class<?> writerType = Class.forName("org.glassfish.grizzly.Writer", false, grizzly);
      Class<?> message =
          Class.forName("org.glassfish.grizzly.asyncqueue.WritableMessage", false, grizzly);
      Class<?> completion =
          Class.forName("org.glassfish.grizzly.CompletionHandler", false, grizzly);
      Class<?> memoryManager =
          Class.forName("org.glassfish.grizzly.memory.MemoryManager", false, grizzly);
      Class<?> buffers = Class.forName("org.glassfish.grizzly.memory.Buffers", false, grizzly);
      MethodHandle write =
          MethodHandles.publicLookup()
              .findVirtual(
                  writerType,
                  "write",
                  MethodType.methodType(void.class, connectionType, message, completion))
              .asType(
                  MethodType.methodType(
                      void.class, Object.class, Object.class, Object.class, Object.class));
      MethodHandle wrap =
          MethodHandles.publicLookup()
              .findStatic(
                  buffers,
                  "wrap",
                  MethodType.methodType(
                      Class.forName("org.glassfish.grizzly.Buffer", false, grizzly),
                      memoryManager,
                      byte[].class))
              .asType(MethodType.methodType(Object.class, Object.class, byte[].class));
      return new Path(
          u,
          connection,
          isSecure,
          transport,
          asyncQueueIo,
          queueWriter,
          memory,
          processor,
          write,
          wrap,
          completion);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.log(System.Logger.Level.INFO, "Grizzly's write queue not reachable: " + e);
      return null;
    }
  }
}
