package dev.osmosis.grid;

import com.hazelcast.core.HazelcastJsonValue;
import dev.osmosis.cluster.SessionReplication;
import dev.osmosis.cluster.SessionSummary;
import dev.osmosis.session.Session;
import dev.osmosis.wire.CloseReason;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * One session's writes to its record in the session map, for {@link GridSessionStore}: one at a
 * time, coalesced (0 idle, 1 writing, 2 writing and one more due), so the grid never goes back to
 * an older state of the session, and asynchronous, so the session's own threads never wait for the
 * grid.
 *
 * <p><b>Fenced</b> (docs/RECONNECTION.md "A node that only pauses"): the record carries the claim
 * {@code epoch}, 0 for a session opened on its node, one more at each resume on another node. Every
 * write returns the record it replaced ({@code putAsync}, {@code removeAsync}); if that one has a
 * greater epoch, this node's copy is stale (the node paused past the failure detection and its
 * client resumed elsewhere): the write is undone with a compare-and-set that restores the other
 * node's record unless it changed meanwhile, this copy writes nothing more, and it is closed on
 * this node only ({@code CLOSED_BY_SERVER}). The resumed session's record is wrong for the one
 * round trip of the undo.
 */
final class SessionWriter {
  private static final System.Logger LOG = System.getLogger(GridSessionStore.class.getName());

  /** Why a stale copy is closed. */
  static final String RESUMED_ELSEWHERE = "the session was resumed on another node";

  private final GridSessionStore store;
  private final Session session;
  private final String id;
  private final long epoch;
  private final AtomicInteger state = new AtomicInteger();
  volatile long received;
  volatile CloseReason closeReason;
  volatile boolean announce;
  volatile LongConsumer durable;

  /** The session's server messages in flight, carried by each write; null: none kept. */
  volatile SessionReplication.InFlightSource inFlight;

  /** Another node resumed the session: this copy writes nothing more. */
  private volatile boolean fenced;

  SessionWriter(GridSessionStore store, Session session, long epoch) {
    this.store = store;
    this.session = session;
    this.id = session.id().toString();
    this.epoch = epoch;
  }

  void request() {
    while (true) {
      int s = state.get();
      if (s == 2) {
        return;
      }
      if (state.compareAndSet(s, s + 1)) {
        if (s == 0) {
          start();
        }
        return;
      }
    }
  }

  private void start() {
    if (fenced) {
      finished(null);
      return;
    }
    long wrote = received;
    LongConsumer recorded = durable;
    SessionReplication.InFlightSource source = inFlight;
    try {
      SessionReplication.InFlight carried =
          source == null ? SessionReplication.InFlight.NONE : source.inFlight();
      CompletionStage<Boolean> done = session.isOpen() ? write(wrote, carried) : closing();
      done.whenComplete(
          (kept, e) -> {
            if (e == null && Boolean.TRUE.equals(kept)) {
              if (recorded != null) {
                recorded.accept(wrote);
              }
              if (source != null) {
                source.recorded(carried.through());
              }
            } else if (e != null && source != null && session.isOpen()) {
              retry(); // messages in flight wait for a record
            }
            finished(e);
          });
    } catch (RuntimeException e) {
      finished(e);
    }
  }

  /** A failed write is tried again in a while (the session's messages in flight wait for it). */
  private void retry() {
    CompletableFuture.delayedExecutor(RETRY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .execute(this::request);
  }

  private static final long RETRY_MILLIS = 200;

  private void finished(Throwable failure) {
    if (failure != null) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "session {0} not written to the grid: {1}",
          session.id(),
          failure.toString());
    }
    if (state.decrementAndGet() > 0) {
      start();
    } else if (!session.isOpen()) {
      store.written(session, this);
    }
  }

  /** The open session's record; false if another node had resumed it (then undone, fenced). */
  private CompletionStage<Boolean> write(long wrote, SessionReplication.InFlight carried) {
    HazelcastJsonValue mine = store.encode(session, wrote, epoch, carried);
    return store
        .map
        .putAsync(id, mine)
        .thenCompose(
            previous ->
                newer(previous)
                    ? undo(() -> store.map.replace(id, mine, previous), previous)
                    : CompletableFuture.completedFuture(true));
  }

  /**
   * The closed session's removal: after its tombstone if its recovery window passed, after its
   * close reason when other nodes listen ({@code announce}); nothing if another node resumed it.
   */
  private CompletionStage<Boolean> closing() {
    CloseReason reason = closeReason;
    return store
        .map
        .getAsync(id)
        .thenCompose(
            current -> {
              if (newer(current)) {
                fence();
                return CompletableFuture.completedFuture(false);
              }
              CompletionStage<Boolean> before = CompletableFuture.completedFuture(true);
              if (reason == CloseReason.RECOVERY_EXPIRED && session.reconnectTimeoutMillis() > 0) {
                before =
                    store
                        .tombstones
                        .keepAsync(
                            id,
                            GridSessionStore.hash(session.token()),
                            session.reconnectTimeoutMillis())
                        .thenApply(done -> true);
              }
              if (reason != null && announce) {
                HazelcastJsonValue closed =
                    GridSessionDirectory.encode(SessionSummary.of(session, store.node), reason);
                before =
                    before
                        .thenCompose(done -> store.map.putAsync(id, closed))
                        .thenCompose(
                            previous ->
                                newer(previous)
                                    ? undo(() -> store.map.replace(id, closed, previous), previous)
                                    : CompletableFuture.completedFuture(true));
              }
              return before.thenCompose(
                  ok ->
                      !ok
                          ? CompletableFuture.completedFuture(false)
                          : store
                              .map
                              .removeAsync(id)
                              .thenCompose(
                                  previous ->
                                      newer(previous)
                                          ? undo(
                                              () -> store.map.putIfAbsent(id, previous) == null,
                                              previous)
                                          : CompletableFuture.completedFuture(true)));
            });
  }

  /** Whether {@code record} is of a later claim than this copy's (another node resumed it). */
  private boolean newer(HazelcastJsonValue record) {
    return record != null && epochOf(record.toString()) > epoch;
  }

  /** The {@code epoch} of a record as JSON text (0 without one), without parsing the rest. */
  static long epochOf(String json) {
    int at = json.indexOf("\"epoch\":");
    if (at < 0) {
      return 0;
    }
    int from = at + 8;
    int to = from;
    while (to < json.length() && Character.isDigit(json.charAt(to))) {
      to++;
    }
    return to == from ? 0 : Long.parseLong(json.substring(from, to));
  }

  /**
   * This copy overwrote (or removed) a newer claim's record: {@code restore} puts it back, by a
   * compare-and-set off the grid's threads (it waits for the grid), and this copy is fenced.
   */
  private CompletionStage<Boolean> undo(java.util.function.BooleanSupplier restore, Object newer) {
    return CompletableFuture.supplyAsync(
        () -> {
          boolean restored;
          try {
            restored = restore.getAsBoolean();
          } catch (RuntimeException e) {
            restored = false;
          }
          LOG.log(
              System.Logger.Level.WARNING,
              "session {0}: this node''s copy is stale (resumed on another node, epoch {1} after"
                  + " {2}); its write {3}",
              id,
              epochOf(newer.toString()),
              epoch,
              restored ? "was undone" : "was not undone (the record changed meanwhile)");
          fence();
          return false;
        },
        ForkJoinPool.commonPool());
  }

  /** Another node resumed the session: this copy writes nothing more and closes here. */
  private void fence() {
    fenced = true;
    if (session.isOpen()) {
      session.close(CloseReason.CLOSED_BY_SERVER, RESUMED_ELSEWHERE);
    }
  }
}
