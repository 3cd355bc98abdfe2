package dev.osmosis.transport.websocket.internals;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The route to Grizzly worker threads for the writer pool ({@code transport.WriterPool}): a writer
 * on a Grizzly {@code DefaultWorkerThread} with its own buffer pool takes the servlet output
 * stream's 8 KiB buffers from that pool instead of allocating one per frame. Where Grizzly is
 * absent, plain daemon threads. The route is looked up once per JVM ({@link Internals}).
 */
public final class GrizzlyThreads {
  private static final System.Logger LOG = System.getLogger(GrizzlyThreads.class.getName());
  private static final Internals<Route> ROUTE =
      new Internals<>(
          LOG,
          "Writer threads are Grizzly worker threads with their own buffer pool",
          "Writer threads are plain threads (Grizzly's memory pool not available)");

  /** Grizzly's worker-thread constructor and what it needs, found by reflection. */
  record Route(Constructor<?> create, Method createPool, Object manager, Object builder) {
    Thread newThread(String name, Runnable r) throws ReflectiveOperationException {
      return (Thread) create.newInstance(builder, name, createPool.invoke(manager), r);
    }
  }

  private GrizzlyThreads() {}

  /**
   * Grizzly worker threads with a pool from the default memory manager if possible, else plain
   * threads; daemon threads named {@code osmosis-writer-N} from 1 either way.
   */
  public static ThreadFactory writerThreads(ClassLoader loader) {
    Route route = ROUTE.resolve(() -> lookup(loader));
    AtomicInteger n = new AtomicInteger();
    return r -> {
      String name = "osmosis-writer-" + n.incrementAndGet();
      Thread t;
      if (route != null) {
        try {
          t = route.newThread(name, r);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot create a Grizzly worker thread", e);
        }
      } else {
        t = new Thread(r, name);
      }
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Grizzly's route through {@code loader}, tried once (a thread is made, not started); null if
   * absent.
   */
  static Route lookup(ClassLoader loader) {
    try {
      Class<?> memoryManager =
          Class.forName("org.glassfish.grizzly.memory.MemoryManager", false, loader);
      Class<?> poolProvider =
          Class.forName("org.glassfish.grizzly.memory.ThreadLocalPoolProvider", false, loader);
      Class<?> pool = Class.forName("org.glassfish.grizzly.memory.ThreadLocalPool", false, loader);
      Class<?> attributes =
          Class.forName("org.glassfish.grizzly.attributes.AttributeBuilder", false, loader);
      Class<?> worker =
          Class.forName("org.glassfish.grizzly.threadpool.DefaultWorkerThread", false, loader);
      Object manager = memoryManager.getField("DEFAULT_MEMORY_MANAGER").get(null);
      if (!poolProvider.isInstance(manager)) {
        return null;
      }
      Route route =
          new Route(
              worker.getConstructor(attributes, String.class, pool, Runnable.class),
              poolProvider.getMethod("createThreadLocalPool"),
              manager,
              attributes.getField("DEFAULT_ATTRIBUTE_BUILDER").get(null));
      route.newThread("osmosis-writer-check", () -> {}); // fail at start-up, not on a write
      return route;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.log(System.Logger.Level.DEBUG, "Grizzly worker threads not available", e);
      return null;
    }
  }
}
