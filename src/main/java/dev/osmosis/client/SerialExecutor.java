package dev.osmosis.client;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time in submission order on a delegate executor: a session's event thread. A
 * task submitted from a running task runs after it, never nested.
 */
final class SerialExecutor implements Executor {

  private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

  private final Executor delegate;
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private boolean scheduled;
  private volatile Thread runner;

  SerialExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (tasks) {
      tasks.add(task);
      if (scheduled) {
        return;
      }
      scheduled = true;
    }
    delegate.execute(this::drain);
  }

  /** True when called from a task of this executor. */
  boolean inEventThread() {
    return runner == Thread.currentThread();
  }

  private void drain() {
    runner = Thread.currentThread();
    while (true) {
      Runnable task;
      synchronized (tasks) {
        task = tasks.poll();
        if (task == null) {
          runner = null; // before releasing 'scheduled', so the next drainer's mark is not undone
          scheduled = false;
          return;
        }
      }
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.log(System.Logger.Level.WARNING, "Osmosis client event task failed", e);
      }
    }
  }
}
