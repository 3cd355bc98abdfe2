package dev.osmosis.transport.websocket.internals;

import jakarta.websocket.Session;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Takes Tyrus's idle-timer rescheduling off the inbound path. Tyrus's {@code TyrusSession}
 * reschedules its idle timeout on every message it receives (and every standard send) by calling
 * {@code schedule(command, maxIdleTimeout)} on its {@code service} — Payara's
 * ManagedScheduledExecutorService, whose every {@code schedule} captures the Jakarta Concurrency
 * context through a ServiceLoader lookup on the web-app class loader (jar searches): ~17 % of
 * server CPU in a reconnect storm, tens of µs per request on the request/response path. Our
 * sessions disable Tyrus's idle timeout ({@code setMaxIdleTimeout(0)}; liveness is ours,
 * LiveConnections), so the command Tyrus schedules, with delay 0, is a no-op that checks the
 * timeout and returns.
 *
 * <p>Per session, the {@code service} field is pointed at {@link #SCHEDULER}: a delay of 0 or less
 * runs the command at once on the calling thread (what "schedule now" means, and for Tyrus's idle
 * command a check that returns); positive delays (an idle timeout or heartbeat someone did
 * configure) go to one plain daemon scheduler thread. The field is found once per JVM; with another
 * engine or Tyrus version nothing is changed.
 */
public final class IdleTimers {
  private static final System.Logger LOG = System.getLogger(IdleTimers.class.getName());
  static final ScheduledExecutorService SCHEDULER = new InlineScheduler();
  private static final Internals<MethodHandle> SETTER =
      new Internals<>(
          LOG,
          "Tyrus idle timers run inline (no managed-executor scheduling per inbound message)",
          "Tyrus idle-timer scheduler not found: inbound messages keep Tyrus's own scheduling");

  private IdleTimers() {}

  /**
   * Stops {@link #SCHEDULER}'s thread (application shutdown: no thread left holding the class
   * loader after a redeploy). Delays of 0 still run inline; a positive delay is then refused.
   */
  public static void shutdown() {
    SCHEDULER.shutdownNow();
  }

  /** Points the session's Tyrus scheduler at {@link #SCHEDULER}; answers whether it did. */
  public static boolean install(Session ws) {
    MethodHandle set = resolve(ws.getClass());
    if (set == null) {
      return false;
    }
    try {
      set.invoke((Object) ws, SCHEDULER);
      return true;
    } catch (Throwable e) {
      return false;
    }
  }

  private static MethodHandle resolve(Class<?> type) {
    return SETTER.resolve(() -> lookup(type));
  }

  static MethodHandle lookup(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField("service");
        if (field.getType() != ScheduledExecutorService.class) {
          return null;
        }
        field.setAccessible(true);
        return MethodHandles.lookup()
            .unreflectSetter(field)
            .asType(
                java.lang.invoke.MethodType.methodType(
                    void.class, Object.class, ScheduledExecutorService.class));
      } catch (NoSuchFieldException e) {
        // keep looking up the hierarchy
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.log(System.Logger.Level.INFO, "Tyrus session scheduler not accessible: " + e);
        return null;
      }
    }
    return null;
  }

  /** Runs what is due now at once; keeps one plain daemon thread for anything later. */
  static final class InlineScheduler extends ScheduledThreadPoolExecutor {
    InlineScheduler() {
      super(
          1,
          r -> {
            Thread t = new Thread(r, "osmosis-tyrus-timers");
            t.setDaemon(true);
            return t;
          });
      setRemoveOnCancelPolicy(true);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      if (delay > 0) {
        return super.schedule(command, delay, unit);
      }
      try {
        command.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "inline timer task failed", e);
      }
      return Done.INSTANCE;
    }
  }

  /** The future of a task that already ran. */
  static final class Done implements ScheduledFuture<Object> {
    static final Done INSTANCE = new Done();

    private Done() {}

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return false;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public boolean isDone() {
      return true;
    }

    @Override
    public Object get() {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}
