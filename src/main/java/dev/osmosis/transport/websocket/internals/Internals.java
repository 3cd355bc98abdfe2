package dev.osmosis.transport.websocket.internals;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One route into the container's internals (Tyrus, Catalina, Grizzly), looked up by reflection once
 * per JVM and its outcome logged once: what was found, or that the standard path stays in use. A
 * lookup that returns null means "not available"; it is not retried. A route that depends on the
 * runtime class it is found on (a session's, a container's) is looked up once per class instead
 * ({@link #resolve(Class, Function)}), its outcome logged once per class.
 *
 * @param <T> what the lookup finds
 */
public final class Internals<T> {
  private final System.Logger log;
  private final String found;
  private final String missing;
  private volatile T value;
  private volatile boolean resolved;
  private final ConcurrentHashMap<Class<?>, Object> byType = new ConcurrentHashMap<>();
  private static final Object NONE = new Object();

  Internals(System.Logger log, String found, String missing) {
    this.log = log;
    this.found = found;
    this.missing = missing;
  }

  /** The lookup's result, running {@code lookup} the first time only. */
  T resolve(Supplier<T> lookup) {
    if (resolved) {
      return value;
    }
    synchronized (this) {
      if (!resolved) {
        value = lookup.get();
        resolved = true;
        log.log(System.Logger.Level.INFO, value != null ? found : missing);
      }
      return value;
    }
  }

  /**
   * The lookup's result for {@code type}, running {@code lookup} the first time for that type only;
   * null: not available on that type.
   */
  @SuppressWarnings("unchecked")
  T resolve(Class<?> type, Function<Class<?>, T> lookup) {
    Object known = byType.get(type);
    if (known == null) {
      known =
          byType.computeIfAbsent(
              type,
              t -> {
                T found = lookup.apply(t);
                log.log(
                    System.Logger.Level.INFO,
                    (found != null ? this.found : missing) + " (" + t.getName() + ")");
                return found != null ? found : NONE;
              });
    }
    return known == NONE ? null : (T) known;
  }

  /** The result if the lookup has run, else null. */
  T resolved() {
    return value;
  }

  /** Whether the lookup has run (its result may be null: not available). */
  boolean isResolved() {
    return resolved;
  }

  /** A field declared by {@code type} or a superclass, made accessible. */
  public static Field field(Class<?> type, String name) throws NoSuchFieldException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
      } catch (NoSuchFieldException e) {
        // keep looking up the hierarchy
      }
    }
    throw new NoSuchFieldException(type.getName() + "." + name);
  }

  /** A no-argument method declared by {@code type} or a superclass, made accessible. */
  public static Method method(Class<?> type, String name) throws NoSuchMethodException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Method m = c.getDeclaredMethod(name);
        m.setAccessible(true);
        return m;
      } catch (NoSuchMethodException e) {
        // keep looking up the hierarchy
      }
    }
    throw new NoSuchMethodException(type.getName() + "." + name);
  }
}
