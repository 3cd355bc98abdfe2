package dev.osmosis.grid;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.osmosis.error.RequestException;
import dev.osmosis.grid.LockRecord.Holder;
import dev.osmosis.lock.LockTable;
import dev.osmosis.lock.SessionLockScope;
import dev.osmosis.lock.SessionLocks;
import dev.osmosis.lock.SessionLocks.Grant;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@link LockTable} on the grid (docs/CLUSTER.md "Locks"): one Hazelcast map of {@link LockRecord}s
 * keyed by lock name is the cluster's lock table: an AP structure (no CP subsystem, which needs at
 * least three members and is off in Payara).
 *
 * <ul>
 *   <li><b>Exclusive.</b> Every change is a compare-and-set at the owner of the name's partition
 *       ({@code putIfAbsent}, {@code replace(name, old, new)}, {@code remove(name, old)}): of
 *       several nodes racing, exactly one changes a given record; the others read it again.
 *   <li><b>FIFO.</b> The record holds the owner and the queue of waiters; a release hands the lock
 *       to the first waiter in the same compare-and-set.
 *   <li><b>Sequences.</b> Each grant's sequence is above the lock's previous one and above the
 *       cluster time in microseconds-ish ({@code clusterTime * 1000}). A lock released with nobody
 *       waiting stays in the map, free, keeping its last sequence, so that taking it again (in the
 *       same millisecond, or on a member whose cluster clock is behind) still gives a greater one;
 *       the node that freed it deletes it on its next lock operations once the cluster time is
 *       {@link FreeLocks#FORGET_MILLIS} past that sequence.
 *   <li><b>Grants reach the waiter's node</b> through the map's entry events: the node of the new
 *       owner runs its callbacks. An event older than the wait is recognised by its sequence.
 *   <li><b>A node that leaves</b> (killed, shut down, cut off): every remaining node hears it from
 *       the grid's membership and drops the node's owners and waiters, granting the next waiters —
 *       except the UNLOCK_ON_SESSION_LOSS locks of its sessions that another node may resume
 *       (fail-over, {@link GridLockRecovery}): those stay held through the session's recovery
 *       window. The node that resumes the session takes them over ({@link #resumed}); once the
 *       window has passed unresumed, {@link #sweep} releases them.
 * </ul>
 *
 * Thread-safe; grant callbacks run without a lock held, on the thread that saw the grant (the
 * caller's, or the grid's event thread).
 */
public final class GridLocks implements LockTable, AutoCloseable {
  /** The name of the grid map of locks. */
  public static final String MAP = "osmosis.locks";

  private static final System.Logger LOG = System.getLogger(GridLocks.class.getName());

  private final HazelcastInstance grid;
  final IMap<String, byte[]> map;
  final String node;
  private final int maxWaitsPerSession;

  /** The lock names each session of this node owns or waits for. */
  private final ConcurrentHashMap<SessionId, Set<String>> bySession = new ConcurrentHashMap<>();

  /** Callbacks of this node's sessions waiting for a grant. */
  private final ConcurrentHashMap<Key, Pending> pending = new ConcurrentHashMap<>();

  final LongAdder retries = new LongAdder();

  /** The free records this node made, and the cluster time. */
  final FreeLocks free;

  /**
   * A session's server name ({@code $ServerName}) by its id, "" if unknown: for {@link #holders}.
   */
  private volatile Function<String, String> servers = session -> "";

  private volatile GridLockRecovery recovery =
      new GridLockRecovery(this, GridLockRecovery.Sessions.NONE);
  private UUID entries;
  private UUID membership;
  private UUID lifecycle;

  private record Key(String name, String session) {}

  /** The callbacks of one session's wait for one lock. */
  private static final class Pending {
    final List<Consumer<Grant>> callbacks = new ArrayList<>(1);
    SessionLockScope scope;

    /** Grants at or below this sequence are older than the wait (unset: MAX_VALUE). */
    long floor = Long.MAX_VALUE;
  }

  public GridLocks(HazelcastInstance grid, int maxWaitsPerSession) {
    this.grid = grid;
    this.map = grid.getMap(MAP);
    this.node = grid.getCluster().getLocalMember().getUuid().toString();
    this.maxWaitsPerSession = maxWaitsPerSession;
    this.free = new FreeLocks(map, grid.getCluster()::getClusterTime);
  }

  /** With session replication: the locks of a dead node's resumable sessions wait for a resume. */
  public GridLocks recovery(GridLockRecovery.Sessions sessions) {
    this.recovery = new GridLockRecovery(this, sessions);
    return this;
  }

  /**
   * Where {@link #holders} reads a holder's server name: its session's {@code $ServerName} (the
   * session directory, which every node can read), "" when the session is not found there.
   */
  public GridLocks servers(Function<String, String> serverOfSession) {
    this.servers = serverOfSession;
    return this;
  }

  /** Listens to grants, to members leaving and to merges; call once, before use. */
  public synchronized GridLocks start() {
    if (entries != null) {
      throw new IllegalStateException("already started");
    }
    entries = map.addEntryListener(new Grants(), true);
    membership =
        grid.getCluster()
            .addMembershipListener(
                new MembershipListener() {
                  @Override
                  public void memberAdded(MembershipEvent event) {}

                  @Override
                  public void memberRemoved(MembershipEvent event) {
                    nodeLeft(event.getMember().getUuid().toString());
                  }
                });
    lifecycle =
        grid.getLifecycleService()
            .addLifecycleListener(
                event -> {
                  if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                    rejoinWaits();
                  }
                });
    dropAbsentNodes();
    return this;
  }

  /**
   * Drops the owners and waiters of nodes that are no longer members: those that left while no node
   * listened (this table starts with the first use of locks on its node).
   */
  void dropAbsentNodes() {
    Set<String> members = new java.util.HashSet<>(members());
    for (String name : map.keySet()) {
      dropLeft(name, h -> !members.contains(h.node()));
    }
  }

  @Override
  public synchronized void close() {
    if (entries != null) {
      map.removeEntryListener(entries);
      grid.getCluster().removeMembershipListener(membership);
      grid.getLifecycleService().removeLifecycleListener(lifecycle);
      entries = null;
    }
  }

  /** Compare-and-sets that lost a race and were read and tried again. */
  public long retries() {
    return retries.sum();
  }

  @Override
  public void lock(Session session, String name, SessionLockScope scope, Consumer<Grant> granted) {
    Set<String> mine = names(session);
    if (!mine.contains(name) && mine.size() >= maxWaitsPerSession) {
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "a session may wait for at most "
              + maxWaitsPerSession
              + " locks at once, held or awaited (maxPendingRequests)");
    }
    mine.add(name);
    free.forget();
    String sid = session.id().toString();
    pending.compute(
        new Key(name, sid),
        (k, p) -> {
          Pending q = p == null ? new Pending() : p;
          q.callbacks.add(granted);
          q.scope = q.scope == null ? scope : q.scope.weakest(scope);
          return q;
        });
    settle(name, sid, scope);
  }

  /** The lock names {@code session} owns or waits for; its close releases them. */
  Set<String> names(Session session) {
    Set<String> mine = bySession.get(session.id());
    if (mine == null) {
      Set<String> created = ConcurrentHashMap.newKeySet();
      mine = bySession.putIfAbsent(session.id(), created);
      if (mine == null) {
        mine = created;
        session.onClose((s, reason) -> sessionClosed(s));
      }
    }
    return mine;
  }

  /**
   * Takes the lock for the session if it is free, confirms it (weakest scope) if it owns it, else
   * queues the session (or weakens its queued scope); grants fire the pending callbacks.
   */
  private void settle(String name, String sid, SessionLockScope scope) {
    for (; ; ) {
      byte[] bytes = map.get(name);
      LockRecord r = bytes == null ? null : LockRecord.decode(bytes);
      if (r == null || r.isFree()) {
        Holder holder = new Holder(sid, node, scope);
        LockRecord taken =
            r == null ? LockRecord.taken(holder, floor()) : r.takenBy(holder, floor());
        if (r == null
            ? map.putIfAbsent(name, taken.encode()) == null
            : map.replace(name, bytes, taken.encode())) {
          fire(name, sid, taken);
          return;
        }
      } else if (r.ownedBy(sid, node)) {
        SessionLockScope weakest = r.owner().scope().weakest(scope);
        LockRecord owned = weakest == r.owner().scope() ? r : r.withOwnerScope(weakest);
        if (owned == r || map.replace(name, bytes, owned.encode())) {
          fire(name, sid, owned);
          return;
        }
      } else {
        pending.computeIfPresent(
            new Key(name, sid),
            (k, p) -> {
              if (p.floor == Long.MAX_VALUE) {
                p.floor = r.sequence();
              }
              return p;
            });
        int at = r.waiting(sid, node);
        SessionLockScope weakest = at < 0 ? scope : r.waiters().get(at).scope().weakest(scope);
        if (at >= 0 && weakest == r.waiters().get(at).scope()) {
          return;
        }
        if (map.replace(name, bytes, r.withWaiter(new Holder(sid, node, weakest)).encode())) {
          return;
        }
      }
      retries.increment();
    }
  }

  @Override
  public boolean unlock(Session session, String name, long sequence) {
    String sid = session.id().toString();
    for (; ; ) {
      byte[] bytes = map.get(name);
      if (bytes == null) {
        return false;
      }
      LockRecord r = LockRecord.decode(bytes);
      if (!r.ownedBy(sid, node) || r.sequence() != sequence) {
        return false;
      }
      if (store(name, bytes, r.released(floor()))) {
        Set<String> mine = bySession.get(session.id());
        if (mine != null) {
          mine.remove(name);
        }
        free.forget();
        return true;
      }
      retries.increment();
    }
  }

  @Override
  public void sessionClosed(Session session) {
    Set<String> names = bySession.remove(session.id());
    if (names == null) {
      return;
    }
    String sid = session.id().toString();
    for (String name : names) {
      pending.remove(new Key(name, sid));
      drop(name, h -> h.is(sid, node), h -> h.is(sid, node));
    }
  }

  @Override
  public void connectionLost(Session session) {
    Set<String> names = bySession.get(session.id());
    if (names == null) {
      return;
    }
    String sid = session.id().toString();
    for (String name : List.copyOf(names)) {
      if (drop(
          name,
          h -> h.is(sid, node) && h.scope() == SessionLockScope.UNLOCK_ON_CONNECTION_LOSS,
          h -> false)) {
        names.remove(name);
      }
    }
  }

  @Override
  public Optional<Grant> current(String name) {
    byte[] bytes = map.get(name);
    LockRecord r = bytes == null ? null : LockRecord.decode(bytes);
    return r == null || r.owner() == null
        ? Optional.empty()
        : Optional.of(new Grant(name, r.sequence(), r.owner().scope()));
  }

  @Override
  public boolean isOwner(Session session, String name, long sequence) {
    byte[] bytes = map.get(name);
    if (bytes == null) {
      return false;
    }
    LockRecord r = LockRecord.decode(bytes);
    return r.ownedBy(session.id().toString(), node) && r.sequence() == sequence;
  }

  /**
   * The owners of lock {@code name}, or of every lock when it is null, across the cluster ({@link
   * LockHolders}).
   */
  @Override
  public List<SessionLocks.Holder> holders(String name) {
    return LockHolders.read(map, name, servers);
  }

  /** Locks owned or waited for, cluster-wide (reads every record). */
  @Override
  public int size() {
    int n = 0;
    for (byte[] bytes : map.values()) {
      if (!LockRecord.decode(bytes).isFree()) {
        n++;
      }
    }
    return n;
  }

  /**
   * A member left the grid: its sessions' grants are released (to the next waiters) and their waits
   * dropped. Every remaining node does it; the compare-and-sets make the repeats no-ops.
   */
  void nodeLeft(String member) {
    if (!grid.getLifecycleService().isRunning()) {
      return;
    }
    int released = 0;
    try {
      for (String name : map.keySet()) {
        if (dropLeft(name, h -> h.node().equals(member))) {
          released++;
        }
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "dropping the locks of node " + member + " failed", e);
      return;
    }
    if (released > 0) {
      LOG.log(
          System.Logger.Level.INFO,
          "node {0} left the grid: {1} of its locks released here",
          member,
          released);
    }
  }

  /**
   * Drops the owner and waiters {@code left} matches (sessions of a node that left), except an
   * owner whose session may still be resumed ({@link GridLockRecovery}).
   *
   * @return whether the owner was released
   */
  private boolean dropLeft(String name, Predicate<Holder> left) {
    return recovery.dropLeft(name, left);
  }

  /** Session {@code session} opened here: a dead node's session resumed here takes its locks. */
  public void resumed(Session session) {
    recovery.resumed(session);
  }

  /** The locks kept for dead nodes' sessions: taken over or released (once a second). */
  void sweep() {
    recovery.sweep();
  }

  /** Whether this node keeps lock {@code name} for a dead node's session (its recovery window). */
  boolean keeps(String name) {
    return recovery.keeps(name);
  }

  /**
   * After a split-brain merge the losing side's records are gone: this node's waiting sessions ask
   * again (at the end of the queue, or taking a lock now free).
   */
  void rejoinWaits() {
    for (var e : pending.entrySet()) {
      try {
        settle(e.getKey().name(), e.getKey().session(), e.getValue().scope);
      } catch (RuntimeException ex) {
        LOG.log(System.Logger.Level.ERROR, "re-queueing a lock wait after a merge failed", ex);
      }
    }
  }

  /**
   * Drops the waiters {@code waiter} matches and releases the lock if {@code owner} matches its
   * owner; answers whether the owner was released.
   */
  boolean drop(String name, Predicate<Holder> owner, Predicate<Holder> waiter) {
    for (; ; ) {
      byte[] bytes = map.get(name);
      if (bytes == null) {
        return false;
      }
      LockRecord r = LockRecord.decode(bytes);
      LockRecord next = r.withoutWaiters(waiter);
      boolean release = r.owner() != null && owner.test(r.owner());
      if (release) {
        next = next.released(floor());
      }
      if (next == r) {
        return false;
      }
      if (store(name, bytes, next)) {
        return release;
      }
      retries.increment();
    }
  }

  /** Replaces {@code old} by {@code next}; false if it changed. A free record is remembered. */
  private boolean store(String name, byte[] old, LockRecord next) {
    byte[] bytes = next.encode();
    if (!map.replace(name, old, bytes)) {
      return false;
    }
    if (next.isFree()) {
      free.freed(name, bytes, next.sequence());
    }
    return true;
  }

  /** The ids of the grid's members now. */
  List<String> members() {
    return grid.getCluster().getMembers().stream().map(m -> m.getUuid().toString()).toList();
  }

  /** The sequence floor now: the cluster time, times 1000. */
  private long floor() {
    return free.now() * 1000;
  }

  /** The session owns the lock as {@code record} says: its pending callbacks run. */
  private void fire(String name, String sid, LockRecord record) {
    Pending p = pending.remove(new Key(name, sid));
    if (p != null) {
      run(p, new Grant(name, record.sequence(), record.owner().scope()));
    }
  }

  private static void run(Pending p, Grant grant) {
    for (Consumer<Grant> callback : p.callbacks) {
      try {
        callback.accept(grant);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a lock grant callback failed on " + grant, e);
      }
    }
  }

  /** A record changed: if this node's session now owns it after its wait, its callbacks run. */
  private final class Grants
      implements EntryAddedListener<String, byte[]>, EntryUpdatedListener<String, byte[]> {
    @Override
    public void entryAdded(EntryEvent<String, byte[]> event) {
      granted(event);
    }

    @Override
    public void entryUpdated(EntryEvent<String, byte[]> event) {
      granted(event);
    }

    private void granted(EntryEvent<String, byte[]> event) {
      byte[] value = event.getValue();
      if (value == null) {
        return;
      }
      LockRecord r = LockRecord.decode(value);
      if (r.owner() == null || !r.owner().node().equals(node)) {
        return;
      }
      Pending[] won = new Pending[1];
      pending.computeIfPresent(
          new Key(event.getKey(), r.owner().session()),
          (k, p) -> {
            if (r.sequence() > p.floor) {
              won[0] = p;
              return null;
            }
            return p;
          });
      if (won[0] != null) {
        run(won[0], new Grant(event.getKey(), r.sequence(), r.owner().scope()));
      }
    }
  }
}
