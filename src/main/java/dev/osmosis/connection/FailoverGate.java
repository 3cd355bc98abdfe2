package dev.osmosis.connection;

import dev.osmosis.cluster.SessionReplication;
import dev.osmosis.wire.CloseReason;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Fail-over (docs/RECONNECTION.md "Fail-over"): the record gate of one {@link ReliableConnection}.
 * Once {@link #keep} turned it on, the server messages sent by the connection's {@code
 * send(String)}, {@code sendDirect} and {@code sendTracked} (everything but topic values) are kept
 * in flight ({@link InFlightMessages}) until the client acknowledges them, and each is written only
 * once a record write holding it with its number landed ({@link #recorded}); so are the client's
 * requests sent on and awaiting their answer ({@link #awaits}). Off, it costs a send one volatile
 * read.
 *
 * <p>Thread-safe: its state is guarded by the connection's monitor, which the connection also holds
 * when it calls the package-private steps ({@link #gate}, {@link #numbered}, {@link #acked}, {@link
 * #clear}) from its drain turn, acknowledgements and close.
 */
final class FailoverGate implements SessionReplication.InFlightSource {
  private static final System.Logger LOG = System.getLogger(FailoverGate.class.getName());

  private final ReliableConnection connection;
  private final Executor executor;
  private final Consumer<CloseReason> onOverflow;

  /** The messages in flight; null until {@link #keep}. Under the connection's monitor. */
  private InFlightMessages kept;

  /** Asks for a record write of {@link #kept}; read after {@link #on} is set. */
  private volatile Runnable write;

  private volatile boolean on;

  FailoverGate(ReliableConnection connection, Executor executor, Consumer<CloseReason> onOverflow) {
    this.connection = connection;
    this.executor = executor;
    this.onOverflow = onOverflow;
  }

  /** Whether messages are kept in flight (one volatile read: the send path's test). */
  boolean on() {
    return on;
  }

  /**
   * From now on keeps the server messages in flight, at most {@code maxMessages} of {@code
   * maxChars} characters (past either the session closes with LOST_MESSAGES); {@code write} asks
   * for a record write. Before the connection's first attach.
   */
  void keep(int maxMessages, long maxChars, Runnable write) {
    synchronized (connection) {
      kept = new InFlightMessages(maxMessages, maxChars);
      this.write = write;
    }
    on = true;
  }

  /** Keeps {@code message} in flight; false if that passed the bounds (the session closes). */
  boolean kept(String message) {
    boolean away;
    synchronized (connection) {
      if (connection.closing()) {
        return true; // the queue drops it
      }
      if (!kept.add(message)) {
        LOG.log(
            System.Logger.Level.WARNING,
            "more server messages in flight than the fail-over record keeps: the session closes");
        executor.execute(() -> onOverflow.accept(CloseReason.LOST_MESSAGES));
        return false;
      }
      away = !connection.attached();
    }
    if (away) {
      write.run(); // nothing numbers it meanwhile: recorded as queued
    }
    return true;
  }

  /**
   * The client's request {@code id} was sent on and awaits its answer; a node resuming the session
   * sends it again. Nothing if the gate is off; past the bounds the session closes with
   * LOST_MESSAGES.
   */
  void awaits(long id, String path, String session, String type, String value) {
    if (!on) {
      return;
    }
    synchronized (connection) {
      // received: the client message being processed, which carried it
      SessionReplication.Awaiting r =
          new SessionReplication.Awaiting(
              connection.inbound().received(), id, path, session, type, value);
      if (connection.closing() || kept.await(r)) {
        return;
      }
    }
    executor.execute(() -> onOverflow.accept(CloseReason.LOST_MESSAGES));
  }

  /** The client's request {@code id} was answered (after the answer was sent). */
  void answered(long id) {
    if (on) {
      synchronized (connection) {
        kept.answered(id);
      }
    }
  }

  @Override
  public SessionReplication.InFlight inFlight() {
    synchronized (connection) {
      return kept == null
          ? SessionReplication.InFlight.NONE
          : kept.snapshot(connection.nextSeq() - 1);
    }
  }

  @Override
  public void recorded(long through) {
    synchronized (connection) {
      if (kept == null) {
        return;
      }
      kept.recorded(through);
    }
    connection.kick();
  }

  /** Under the monitor: the first number not written before a record holds it (or MAX_VALUE). */
  long gate() {
    return kept == null ? Long.MAX_VALUE : kept.gate();
  }

  /**
   * Under the monitor: {@code batch[n..taken)} were just numbered from {@code from}; true if one of
   * them is in flight, so a record write must hold its number before it goes out ({@link #gate},
   * {@link #requestWrite}).
   */
  boolean numbered(String[] batch, int n, int taken, long from) {
    return kept != null && kept.anyQueued() && kept.numbered(batch, n, taken, from);
  }

  /** Outside the monitor: asks for the record write {@link #numbered} called for. */
  void requestWrite() {
    write.run();
  }

  /** Under the monitor: the client acknowledged everything up to {@code seq}. */
  void acked(long seq) {
    if (kept != null) {
      kept.acked(seq);
    }
  }

  /** Under the monitor: the session closes, nothing is kept any more. */
  void clear() {
    if (kept != null) {
      kept.clear();
    }
  }
}
