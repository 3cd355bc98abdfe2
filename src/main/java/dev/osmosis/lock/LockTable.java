package dev.osmosis.lock;

import dev.osmosis.session.Session;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The role behind {@link SessionLocks}: the table of who owns each lock and who waits for it. Two
 * implementations: {@link LocalLockTable}, one server (what runs with the grid off), and the
 * grid's, one table for the whole cluster that releases the locks of a node that leaves it
 * (docs/CLUSTER.md "Locks"). Names are canonical and the ACQUIRE_LOCK permission is checked by
 * {@link SessionLocks} before. Implementations are thread-safe, run grant callbacks without holding
 * a lock of their own, and hook the release of a session's locks into its close path on its first
 * lock.
 */
public interface LockTable {

  /**
   * Asks for a lock: {@code granted} runs once the session owns it (at once if it is free or
   * already this session's, else when the sessions that asked before are done). Asking again while
   * owning answers the same sequence with the weakest scope; asking again while waiting joins the
   * wait.
   *
   * @throws dev.osmosis.error.RequestException LIMIT_EXCEEDED past the locks one session may hold
   *     or await
   */
  void lock(
      Session session, String name, SessionLockScope scope, Consumer<SessionLocks.Grant> granted);

  /** Releases the lock if the session owns it with {@code sequence}; the next waiter gets it. */
  boolean unlock(Session session, String name, long sequence);

  /** The session ended: its locks are released and its waits dropped. */
  void sessionClosed(Session session);

  /** The session lost its connection: its UNLOCK_ON_CONNECTION_LOSS locks are released. */
  void connectionLost(Session session);

  /** The current grant of a lock, if it is owned. */
  Optional<SessionLocks.Grant> current(String name);

  /** Whether the session owns the lock with {@code sequence}. */
  boolean isOwner(Session session, String name, long sequence);

  /**
   * Who holds the lock {@code name} (canonical), or every held lock when it is null, sorted by
   * name: owners only (a waiting session holds nothing). The grid's answers for the whole cluster.
   */
  List<SessionLocks.Holder> holders(String name);

  /** Locks that exist (owned or waited for). */
  int size();
}
