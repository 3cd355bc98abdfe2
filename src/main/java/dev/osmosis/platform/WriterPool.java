package dev.osmosis.platform;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write to client connections (DESIGN.md §3.3: fan-out only enqueues; writers drain). Plain
 * threads, not the container's managed executor: a write touches no container resource, and a managed task
 * pays a context capture per submission. One per core, at least two.
 */
@ApplicationScoped
public class WriterPool {
  private final ExecutorService executor;

  public WriterPool() {
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    AtomicInteger n = new AtomicInteger();
    executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "osmosis-writer-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  public ExecutorService executor() {
    return executor;
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }
}
