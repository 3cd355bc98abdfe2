package dev.osmosis.transport;

import dev.osmosis.transport.websocket.internals.GrizzlyThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that write to client connections (docs/ARCHITECTURE.md, one writer per connection:
 * fan-out only enqueues; writers drain). Not the container's managed executor: a write touches no
 * container resource, and a managed task pays a context capture per submission. One per core, at
 * least two.
 *
 * <p>Each writer is a Grizzly worker thread ({@code DefaultWorkerThread}) with its own buffer pool
 * when Grizzly is present, as the container's own HTTP threads are. Every WebSocket frame goes
 * through the servlet output stream, which takes an 8 KiB buffer from Grizzly's memory manager and
 * trims it to the frame once flushed. On a Grizzly thread that buffer is carved from the thread's
 * pool and the unused tail goes back to it; on any other thread it is a fresh {@code byte[8192]}
 * per frame, which was 86 % of everything the server allocated under fan-out (BENCHMARKS.md, "Write
 * path"). Grizzly's per-thread object caches (write records) come with it. If Grizzly is not there
 * (another container) the writers are plain threads ({@link GrizzlyThreads}).
 */
@ApplicationScoped
public class WriterPool {
  private ExecutorService executor;

  /** Not in the constructor: the container also constructs this class for its client proxy. */
  @PostConstruct
  void start() {
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            GrizzlyThreads.writerThreads(WriterPool.class.getClassLoader()));
  }

  public ExecutorService executor() {
    return executor;
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }
}
