package dev.osmosis.lock;

import dev.osmosis.error.RequestException;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.Session;
import dev.osmosis.topic.InvalidTopicPathException;
import dev.osmosis.topic.TopicPath;
import dev.osmosis.wire.ErrorCode;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The session locks (docs/MESSAGING.md): names and permissions checked here, the table of owners
 * and waiters behind the {@link LockTable} role — {@link LocalLockTable} on one server, the grid's
 * on a cluster. A lock has at most one owner; other sessions asking for it wait in a FIFO queue and
 * are granted it in the order they asked, each grant with a greater sequence than the lock's
 * previous one. A lock is released by {@link #unlock}, by its owner's end ({@link #sessionClosed},
 * wired to the session's close path on first use), or for UNLOCK_ON_CONNECTION_LOSS locks by {@link
 * #connectionLost}. A session asking again for a lock it owns gets it at once, with the same
 * sequence and the weakest of the scopes; asking again while waiting joins its wait. Thread-safe.
 */
public final class SessionLocks {

  /** An acquired lock, as its owner learns it. */
  public record Grant(String name, long sequence, SessionLockScope scope) {}

  /**
   * Who holds a lock, as {@code getSessionLock(s)} answers it: the owner's session id, its server
   * ({@code $ServerName}) and the grant's sequence.
   */
  public record Holder(String name, String session, String server, long sequence) {}

  private final Supplier<SecurityStore> store;
  private final LockTable table;

  /** Locks of this server alone ({@link LocalLockTable}). */
  public SessionLocks(Supplier<SecurityStore> store, int maxWaitsPerSession) {
    this(store, new LocalLockTable(maxWaitsPerSession));
  }

  public SessionLocks(Supplier<SecurityStore> store, LockTable table) {
    this.store = store;
    this.table = table;
  }

  /**
   * Asks for a lock (ACQUIRE_LOCK at the name as a path). {@code granted} is called once the
   * session owns it — at once if it is free or already this session's, else when the sessions
   * queued before it are done.
   *
   * @throws RequestException INVALID_ARGUMENT for a bad name, PERMISSION_DENIED, LIMIT_EXCEEDED
   *     past the number of waits one session may have
   */
  public void lock(Session session, String name, SessionLockScope scope, Consumer<Grant> granted) {
    String canonical = canonical(name);
    if (!store.get().policy().has(session.roles(), PathPermission.ACQUIRE_LOCK, canonical)) {
      throw new RequestException(
          ErrorCode.PERMISSION_DENIED,
          "principal '"
              + session.principal()
              + "' lacks the ACQUIRE_LOCK permission at "
              + canonical);
    }
    table.lock(session, canonical, scope, granted);
  }

  /**
   * Releases a lock if {@code session} owns it with {@code sequence}; the next waiter, if any, is
   * granted it.
   *
   * @return whether it was released
   */
  public boolean unlock(Session session, String name, long sequence) {
    return table.unlock(session, canonical(name), sequence);
  }

  /** The session ended: every lock it owns is released, every wait it queued is dropped. */
  public void sessionClosed(Session session) {
    table.sessionClosed(session);
  }

  /** The session lost its connection: UNLOCK_ON_CONNECTION_LOSS locks it owns are released. */
  public void connectionLost(Session session) {
    table.connectionLost(session);
  }

  /** The current grant of a lock, if it is owned. */
  public Optional<Grant> current(String name) {
    return table.current(name);
  }

  /**
   * Whether {@code session} owns lock {@code name} with {@code sequence} (for the {@code locked}
   * constraint).
   */
  public boolean isOwner(Session session, String name, long sequence) {
    return table.isOwner(session, name, sequence);
  }

  /**
   * The held locks (VIEW_SERVER): the one named, or every one when {@code name} is null; sorted by
   * name.
   *
   * @throws RequestException PERMISSION_DENIED, INVALID_ARGUMENT for a bad name
   */
  public List<Holder> holders(Session caller, String name) {
    if (!store.get().policy().has(caller.roles(), GlobalPermission.VIEW_SERVER)) {
      throw new RequestException(
          ErrorCode.PERMISSION_DENIED,
          "principal '" + caller.principal() + "' lacks the VIEW_SERVER permission");
    }
    return table.holders(name == null ? null : canonical(name));
  }

  /** Locks that exist (owned or waited for). */
  public int size() {
    return table.size();
  }

  /** The table behind these locks. */
  public LockTable table() {
    return table;
  }

  static String canonical(String name) {
    try {
      return TopicPath.canonical(name);
    } catch (InvalidTopicPathException e) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT, "invalid lock name: " + e.getMessage());
    }
  }
}
