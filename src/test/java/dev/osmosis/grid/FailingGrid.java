package dev.osmosis.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real grid member whose maps throw on demand what Hazelcast throws to a caller while a member is
 * frozen, leaving or migrating: {@link #failWith} makes every data operation of every map (get,
 * put, replace, remove, ...) throw the given exception, {@code null} heals it. Listeners and the
 * rest of the instance are the member's own.
 */
public final class FailingGrid {
  private static final Set<String> UNTOUCHED =
      Set.of(
          "addEntryListener",
          "removeEntryListener",
          "getName",
          "getServiceName",
          "getPartitionKey",
          "toString",
          "hashCode",
          "equals");

  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final HazelcastInstance instance;

  public FailingGrid(HazelcastInstance member) {
    this.instance =
        proxy(
            HazelcastInstance.class,
            member,
            (target, method, args) -> {
              Object result = invoke(method, target, args);
              return method.getName().equals("getMap") ? map((IMap<?, ?>) result) : result;
            });
  }

  /** The member as the roles see it. */
  public HazelcastInstance instance() {
    return instance;
  }

  /** From now on every map data operation throws {@code e}; {@code null}: none does. */
  public void failWith(RuntimeException e) {
    failure.set(e);
  }

  private IMap<?, ?> map(IMap<?, ?> real) {
    return proxy(
        IMap.class,
        real,
        (target, method, args) -> {
          RuntimeException e = failure.get();
          if (e != null && !UNTOUCHED.contains(method.getName())) {
            throw e;
          }
          return invoke(method, target, args);
        });
  }

  private interface Handler {
    Object handle(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, Object target, Handler handler) {
    InvocationHandler h = (p, method, args) -> handler.handle(target, method, args);
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
