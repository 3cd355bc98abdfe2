package dev.osmosis.grid;

import dev.osmosis.grid.LockRecord.Holder;
import dev.osmosis.lock.SessionLockScope;
import dev.osmosis.session.Session;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The locks of a dead node's sessions under fail-over (docs/CLUSTER.md "Locks"): an
 * UNLOCK_ON_SESSION_LOSS lock owned by a session another node may resume stays held through the
 * session's recovery window instead of being released when the grid removes the node (its waiters
 * keep waiting); the node that resumes the session holds it again in the session's name (it may
 * unlock it; its close releases it); once the window has passed unresumed, it is released to the
 * next waiter. UNLOCK_ON_CONNECTION_LOSS locks, the locks of sessions that cannot be resumed and
 * the dead node's waits are dropped at once, as without fail-over. Part of {@link GridLocks};
 * thread-safe.
 */
final class GridLockRecovery {
  private static final System.Logger LOG = System.getLogger(GridLocks.class.getName());

  /**
   * Fail-over as the locks see it: which sessions of a dead node the grid keeps for a resume, and
   * this node's open sessions.
   */
  public interface Sessions {
    /**
     * Whether session {@code id} (of a node that left) may still be resumed, or was resumed: its
     * record is kept and its recovery window has not passed.
     */
    boolean resumable(String id);

    /** This node's open session {@code id}, or null. */
    Session local(String id);

    /** No fail-over: a dead node's locks are all released at once. */
    Sessions NONE =
        new Sessions() {
          @Override
          public boolean resumable(String id) {
            return false;
          }

          @Override
          public Session local(String id) {
            return null;
          }
        };
  }

  private final GridLocks locks;
  private final Sessions sessions;

  /**
   * Locks kept for a dead node's session through its recovery window: name to session id (every
   * node keeps its own copy; the compare-and-sets make the repeats no-ops).
   */
  private final ConcurrentHashMap<String, String> kept = new ConcurrentHashMap<>();

  GridLockRecovery(GridLocks locks, Sessions sessions) {
    this.locks = locks;
    this.sessions = sessions;
  }

  /**
   * Drops the owner and waiters {@code left} matches (sessions of a node that left), except an
   * UNLOCK_ON_SESSION_LOSS owner that may still be resumed: that lock is kept (and held again at
   * once if the session was already resumed here).
   *
   * @return whether the owner was released
   */
  boolean dropLeft(String name, Predicate<Holder> left) {
    byte[] bytes = locks.map.get(name);
    LockRecord r = bytes == null ? null : LockRecord.decode(bytes);
    if (r == null) {
      return false;
    }
    if (r.isFree()) {
      locks.free.forgetIfOld(name, bytes, r);
      return false;
    }
    Holder owner = r.owner();
    if (owner != null
        && left.test(owner)
        && owner.scope() == SessionLockScope.UNLOCK_ON_SESSION_LOSS
        && sessions.resumable(owner.session())) {
      kept.put(name, owner.session());
      locks.drop(name, h -> false, left);
      adoptIfHere(name, owner.session());
      return false;
    }
    return locks.drop(name, left, left);
  }

  /**
   * Session {@code session} opened on this node: if it is a dead node's session resumed here, the
   * locks kept for it are its own again.
   */
  void resumed(Session session) {
    if (kept.isEmpty()) {
      return;
    }
    String sid = session.id().toString();
    for (var e : Set.copyOf(kept.entrySet())) {
      if (e.getValue().equals(sid)) {
        adopt(e.getKey(), session);
      }
    }
  }

  private void adoptIfHere(String name, String sid) {
    Session here = sessions.local(sid);
    if (here != null && here.isOpen()) {
      adopt(name, here);
    }
  }

  /** Lock {@code name}, held by {@code session} on a node that left, is held by it here now. */
  private void adopt(String name, Session session) {
    String sid = session.id().toString();
    Set<String> mine = locks.names(session);
    for (; ; ) {
      byte[] bytes = locks.map.get(name);
      LockRecord r = bytes == null ? null : LockRecord.decode(bytes);
      if (r == null
          || r.owner() == null
          || !r.owner().session().equals(sid)
          || r.owner().node().equals(locks.node)) {
        kept.remove(name, sid);
        return;
      }
      mine.add(name);
      Holder here = new Holder(sid, locks.node, r.owner().scope());
      if (locks.map.replace(name, bytes, r.withOwner(here).encode())) {
        kept.remove(name, sid);
        LOG.log(
            System.Logger.Level.DEBUG,
            "lock {0} of session {1} held again, by the session resumed on this node",
            name,
            sid);
        if (!session.isOpen()) {
          locks.sessionClosed(session); // closed meanwhile: its close hook may have run already
        }
        return;
      }
      locks.retries.increment();
    }
  }

  /**
   * The locks kept for dead nodes' sessions: held again if the session was resumed here, released
   * to the next waiter once the session can no longer be resumed (its window passed, or it closed).
   */
  void sweep() {
    if (kept.isEmpty()) {
      return;
    }
    Set<String> members = new HashSet<>();
    locks.members().forEach(members::add);
    for (var e : Set.copyOf(kept.entrySet())) {
      String name = e.getKey();
      String sid = e.getValue();
      byte[] bytes = locks.map.get(name);
      LockRecord r = bytes == null ? null : LockRecord.decode(bytes);
      if (r == null
          || r.owner() == null
          || !r.owner().session().equals(sid)
          || members.contains(r.owner().node())) {
        kept.remove(name, sid); // released, or held again by the resumed session
        continue;
      }
      adoptIfHere(name, sid);
      if (kept.containsKey(name) && !sessions.resumable(sid)) {
        String deadNode = r.owner().node();
        if (locks.drop(name, h -> h.is(sid, deadNode), h -> false)) {
          LOG.log(
              System.Logger.Level.INFO,
              "lock {0} of session {1} of dead node {2} released: not resumed within its window",
              name,
              sid,
              deadNode);
        }
        kept.remove(name, sid);
      }
    }
  }

  /** Whether this node keeps lock {@code name} for a dead node's session (its recovery window). */
  boolean keeps(String name) {
    return kept.containsKey(name);
  }
}
