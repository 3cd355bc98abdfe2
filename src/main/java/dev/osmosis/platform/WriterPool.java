package dev.osmosis.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write to client connections (docs/ARCHITECTURE.md, one writer per connection: fan-out only enqueues; writers drain). Not the
 * container's managed executor: a write touches no container resource, and a managed task pays a context capture
 * per submission. One per core, at least two.
 *
 * <p>Each writer is a Grizzly worker thread ({@code DefaultWorkerThread}) with its own buffer pool when Grizzly is
 * present, as the container's own HTTP threads are. Every WebSocket frame goes through the servlet output stream,
 * which takes an 8 KiB buffer from Grizzly's memory manager and trims it to the frame once flushed. On a Grizzly
 * thread that buffer is carved from the thread's pool and the unused tail goes back to it; on any other thread
 * it is a fresh {@code byte[8192]} per frame, which was 86 % of everything the server allocated under fan-out
 * (BENCHMARKS.md, "Write path"). Grizzly's per-thread object caches (write records) come with it. If Grizzly is
 * not there (another container) the writers are plain threads.
 */
@ApplicationScoped
public class WriterPool {
  private static final System.Logger LOG = System.getLogger(WriterPool.class.getName());
  private ExecutorService executor;

  /** Not in the constructor: the container also constructs this class for its client proxy. */
  @PostConstruct
  void start() {
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        threadFactory(WriterPool.class.getClassLoader()));
  }

  public ExecutorService executor() {
    return executor;
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }

  /** Grizzly worker threads with a pool from the default memory manager if possible, else plain threads. */
  static ThreadFactory threadFactory(ClassLoader loader) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory grizzly = grizzlyThreads(loader, n);
    ThreadFactory factory = grizzly != null ? grizzly : r -> new Thread(r, "osmosis-writer-" + n.incrementAndGet());
    LOG.log(System.Logger.Level.INFO, grizzly != null
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
      Class<?> memoryManager = Class.forName("org.glassfish.grizzly.memory.MemoryManager", false, loader);
      Class<?> poolProvider = Class.forName("org.glassfish.grizzly.memory.ThreadLocalPoolProvider", false, loader);
      Class<?> pool = Class.forName("org.glassfish.grizzly.memory.ThreadLocalPool", false, loader);
      Class<?> attributes = Class.forName("org.glassfish.grizzly.attributes.AttributeBuilder", false, loader);
      Class<?> worker = Class.forName("org.glassfish.grizzly.threadpool.DefaultWorkerThread", false, loader);
      Object manager = memoryManager.getField("DEFAULT_MEMORY_MANAGER").get(null);
      if (!poolProvider.isInstance(manager)) {
        return null;
      }
      Method createPool = poolProvider.getMethod("createThreadLocalPool");
      Object builder = attributes.getField("DEFAULT_ATTRIBUTE_BUILDER").get(null);
      Constructor<?> create = worker.getConstructor(attributes, String.class, pool, Runnable.class);
      ThreadFactory factory = r -> {
        try {
          return (Thread) create.newInstance(builder, "osmosis-writer-" + n.incrementAndGet(),
              createPool.invoke(manager), r);
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
