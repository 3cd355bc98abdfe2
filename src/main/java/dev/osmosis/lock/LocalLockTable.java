package dev.osmosis.lock;

import dev.osmosis.error.RequestException;
import dev.osmosis.lock.SessionLocks.Grant;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.session.SessionProperties;
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@link LockTable} on one server (the grid off). A lock has at most one owner; other sessions
 * asking for it wait in a FIFO queue and are granted it in the order they asked. Each grant takes
 * the next number of one server-wide sequence, so a later acquisition (of any lock) has a greater
 * sequence. A lock is released by {@link #unlock}, by its owner's end ({@link #sessionClosed},
 * wired to the session's close path on first use), or for UNLOCK_ON_CONNECTION_LOSS locks by {@link
 * #connectionLost}.
 *
 * <p>Thread-safe: one monitor guards the table (lock operations are rare and short); grant
 * callbacks run after it is released, on the thread that caused the grant.
 */
public final class LocalLockTable implements LockTable {

  private static final class Lock {
    Session owner;
    long sequence;
    SessionLockScope scope;
    final ArrayDeque<Wait> waiters = new ArrayDeque<>();
  }

  private static final class Wait {
    final Session session;
    SessionLockScope scope;
    final List<Consumer<Grant>> callbacks = new ArrayList<>(1);

    Wait(Session session, SessionLockScope scope) {
      this.session = session;
      this.scope = scope;
    }
  }

  private final int maxWaitsPerSession;
  private final Map<String, Lock> locks = new HashMap<>();

  /** The lock names each session owns or waits for. */
  private final Map<SessionId, Set<String>> bySession = new HashMap<>();

  private long sequence;

  public LocalLockTable(int maxWaitsPerSession) {
    this.maxWaitsPerSession = maxWaitsPerSession;
  }

  @Override
  public void lock(
      Session session, String canonical, SessionLockScope scope, Consumer<Grant> granted) {
    Grant grant;
    boolean first;
    synchronized (this) {
      first = !bySession.containsKey(session.id());
      Lock lock = locks.computeIfAbsent(canonical, n -> new Lock());
      if (lock.owner == null) {
        grant = take(lock, canonical, session, scope);
      } else if (lock.owner == session) {
        lock.scope = lock.scope.weakest(scope);
        grant = new Grant(canonical, lock.sequence, lock.scope);
      } else {
        grant = null;
        Wait wait = null;
        for (Wait w : lock.waiters) {
          if (w.session == session) {
            wait = w;
          }
        }
        if (wait == null) {
          if (waits(session.id()) >= maxWaitsPerSession) {
            throw new RequestException(
                ErrorCode.LIMIT_EXCEEDED,
                "a session may wait for at most "
                    + maxWaitsPerSession
                    + " locks at once, held or awaited (maxPendingRequests)");
          }
          wait = new Wait(session, scope);
          lock.waiters.add(wait);
          bySession.computeIfAbsent(session.id(), id -> new HashSet<>()).add(canonical);
        } else {
          wait.scope = wait.scope.weakest(scope);
        }
        wait.callbacks.add(granted);
      }
    }
    if (first) {
      session.onClose((s, reason) -> sessionClosed(s));
    }
    if (grant != null) {
      granted.accept(grant);
    }
  }

  @Override
  public boolean unlock(Session session, String canonical, long sequence) {
    List<Runnable> grants = new ArrayList<>();
    boolean released;
    synchronized (this) {
      Lock lock = locks.get(canonical);
      released = lock != null && lock.owner == session && lock.sequence == sequence;
      if (released) {
        forget(session.id(), canonical);
        release(lock, canonical, grants);
      }
    }
    grants.forEach(Runnable::run);
    return released;
  }

  @Override
  public void sessionClosed(Session session) {
    releaseAll(session, false);
  }

  @Override
  public void connectionLost(Session session) {
    releaseAll(session, true);
  }

  @Override
  public synchronized Optional<Grant> current(String name) {
    Lock lock = locks.get(name);
    return lock == null || lock.owner == null
        ? Optional.empty()
        : Optional.of(new Grant(name, lock.sequence, lock.scope));
  }

  @Override
  public synchronized boolean isOwner(Session session, String name, long sequence) {
    Lock lock = locks.get(name);
    return lock != null && lock.owner == session && lock.sequence == sequence;
  }

  @Override
  public synchronized List<SessionLocks.Holder> holders(String name) {
    List<SessionLocks.Holder> held = new ArrayList<>();
    if (name != null) {
      holder(name, locks.get(name), held);
    } else {
      new TreeMap<>(locks).forEach((n, lock) -> holder(n, lock, held));
    }
    return held;
  }

  private static void holder(String name, Lock lock, List<SessionLocks.Holder> held) {
    if (lock != null && lock.owner != null) {
      String server = lock.owner.property(SessionProperties.SERVER_NAME);
      held.add(
          new SessionLocks.Holder(
              name, lock.owner.id().toString(), server == null ? "" : server, lock.sequence));
    }
  }

  @Override
  public synchronized int size() {
    return locks.size();
  }

  private void releaseAll(Session session, boolean connectionOnly) {
    List<Runnable> grants = new ArrayList<>();
    synchronized (this) {
      Set<String> names = bySession.get(session.id());
      if (names == null) {
        return;
      }
      for (String name : List.copyOf(names)) {
        Lock lock = locks.get(name);
        if (lock == null) {
          continue;
        }
        if (lock.owner == session) {
          if (!connectionOnly || lock.scope == SessionLockScope.UNLOCK_ON_CONNECTION_LOSS) {
            forget(session.id(), name);
            release(lock, name, grants);
          }
        } else if (!connectionOnly) {
          lock.waiters.removeIf(w -> w.session == session);
          forget(session.id(), name);
          if (lock.owner == null && lock.waiters.isEmpty()) {
            locks.remove(name);
          }
        }
      }
      if (!connectionOnly) {
        bySession.remove(session.id());
      }
    }
    grants.forEach(Runnable::run);
  }

  /**
   * Hands the lock to the next waiter still open, or deletes it; the grant callbacks are collected
   * to run later.
   */
  private void release(Lock lock, String name, List<Runnable> grants) {
    lock.owner = null;
    Iterator<Wait> waiters = lock.waiters.iterator();
    while (waiters.hasNext()) {
      Wait next = waiters.next();
      waiters.remove();
      if (next.session.isOpen()) {
        Grant grant = take(lock, name, next.session, next.scope);
        next.callbacks.forEach(c -> grants.add(() -> c.accept(grant)));
        return;
      }
      forget(next.session.id(), name);
    }
    locks.remove(name);
  }

  private Grant take(Lock lock, String name, Session session, SessionLockScope scope) {
    lock.owner = session;
    lock.sequence = ++sequence;
    lock.scope = scope;
    bySession.computeIfAbsent(session.id(), id -> new HashSet<>()).add(name);
    return new Grant(name, lock.sequence, scope);
  }

  private int waits(SessionId id) {
    Set<String> names = bySession.get(id);
    return names == null ? 0 : names.size();
  }

  private void forget(SessionId id, String name) {
    Set<String> names = bySession.get(id);
    if (names != null) {
      names.remove(name);
    }
  }
}
