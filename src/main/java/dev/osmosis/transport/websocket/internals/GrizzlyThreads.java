package dev.osmosis.transport.websocket.internals;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The route to Grizzly worker threads for the writer pool ({@code platform.WriterPool}): a writer
 * on a Grizzly {@code DefaultWorkerThread} with its own buffer pool takes the servlet output
 * stream's 8 KiB buffers from that pool instead of allocating one per frame. Where Grizzly is
 * absent, plain daemon threads.
 */
public final class GrizzlyThreads {
  private static final System.Logger LOG = System.getLogger(GrizzlyThreads.class.getName());

  private GrizzlyThreads() {}

  /**
   * Grizzly worker threads with a pool from the default memory manager if possible, else plain
   * threads.
   */
  public static ThreadFactory writerThreads(ClassLoader loader) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory grizzly = grizzlyThreads(loader, n);
    ThreadFactory factory =
        grizzly != null ? grizzly : r -> new Thread(r, "osmosis-writer-" + n.incrementAndGet());
    LOG.log(
        System.Logger.Level.INFO,
        grizzly != null
            ? "Writer threads are Grizzly worker threads with their own buffer pool"
            : "Writer threads are plain threads (Grizzly's memory pool not available)");
    return r -> {
      Thread t = factory.newThread(r);
      t.setDaemon(true);
      return t;
    };
  }

  private static ThreadFactory grizzlyThreads(ClassLoader loader, AtomicInteger n) {
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
      Method createPool = poolProvider.getMethod("createThreadLocalPool");
      Object builder = attributes.getField("DEFAULT_ATTRIBUTE_BUILDER").get(null);
      Constructor<?> create = worker.getConstructor(attributes, String.class, pool, Runnable.class);
      ThreadFactory factory =
          r -> {
            try {
              return (Thread)
                  create.newInstance(
                      builder,
                      "osmosis-writer-" + n.incrementAndGet(),
                      createPool.invoke(manager),
                      r);
            } catch (ReflectiveOperationException e) {
              throw new IllegalStateException("cannot create a Grizzly worker thread", e);
            }
          };
      factory.newThread(() -> {}); // fail here, at start-up, rather than on the first write
      n.set(0);
      return factory;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.log(System.Logger.Level.DEBUG, "Grizzly worker threads not available", e);
      return null;
    }
  }
}
