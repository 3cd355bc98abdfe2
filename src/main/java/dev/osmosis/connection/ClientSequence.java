package dev.osmosis.connection;

/**
 * The inbound side of a sequenced session's connection (docs/PROTOCOL.md §12): the highest client
 * message number processed without a gap, and how far the client may be told it was received (the
 * acknowledgement {@link ReliableConnection} carries in its frames). With fail-over only as far as
 * the session's record holds their processing ({@link #acknowledgeDurableOnly}), so a client never
 * drops a message a resuming node would ask for.
 *
 * <p>Thread-safe: guarded by the connection's monitor, which the connection holds when it reads
 * {@link #ackable} for a frame. {@link #lock} is another lock: the one that serialises the
 * processing of the session's inbound messages.
 */
final class ClientSequence {

  /** Outcome of {@link #accept}. */
  enum Inbound {
    NEXT,
    DUPLICATE,
    GAP
  }

  private final Object monitor;
  private final Object processing = new Object();
  private long received;

  /**
   * Client messages whose processing is recorded where another node would resume from (fail-over:
   * the grid); acknowledgements never go beyond it. Unbounded without fail-over.
   */
  private long durable = Long.MAX_VALUE;

  /**
   * @param monitor the connection's monitor, which guards this
   */
  ClientSequence(Object monitor) {
    this.monitor = monitor;
  }

  /**
   * The lock that serialises processing of this session's inbound messages, whichever connection
   * they came on (an old connection still finishing a frame while a reconnect attaches a new one).
   * Distinct from the connection's monitor: processing sends, and sends must not wait for another
   * session's processing.
   */
  Object lock() {
    return processing;
  }

  /** Records one numbered client message; the caller processes it only on {@link Inbound#NEXT}. */
  Inbound accept(long seq) {
    synchronized (monitor) {
      if (seq <= received) {
        return Inbound.DUPLICATE;
      }
      if (seq != received + 1) {
        return Inbound.GAP;
      }
      received = seq;
      return Inbound.NEXT;
    }
  }

  /** The highest client message processed without a gap. */
  long received() {
    synchronized (monitor) {
      return received;
    }
  }

  /**
   * The acknowledgement a reconnect answers: {@link #received}, or less while not all of it is
   * recorded for fail-over (the client replays the rest; they count as duplicates here).
   */
  long acknowledged() {
    synchronized (monitor) {
      return ackable();
    }
  }

  /** Under the monitor: what was processed, and recorded when that matters. */
  long ackable() {
    return Math.min(received, durable);
  }

  /** Under the monitor: client messages up to {@code received} count as processed (fail-over). */
  void continueFrom(long received) {
    this.received = received;
    if (durable != Long.MAX_VALUE) {
      durable = received;
    }
  }

  /**
   * Fail-over: from now on acknowledge only client messages {@link #durable} reports recorded.
   * Before the connection's first attach.
   */
  void acknowledgeDurableOnly() {
    synchronized (monitor) {
      durable = Math.min(durable, received);
    }
  }

  /**
   * Client messages up to {@code seq} are recorded where a resuming node reads them; true if that
   * lets the acknowledgement go further.
   */
  boolean durable(long seq) {
    synchronized (monitor) {
      if (durable == Long.MAX_VALUE || seq <= durable) {
        return false;
      }
      durable = seq;
      return true;
    }
  }
}
