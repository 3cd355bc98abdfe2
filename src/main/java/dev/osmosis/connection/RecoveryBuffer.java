package dev.osmosis.connection;

/**
 * The messages of a sequenced session handed to a transport and not yet acknowledged by the client
 * (docs/PROTOCOL.md §12), numbered {@code base .. next-1} in the order they were written, bounded
 * in messages and in characters. The session's outbound queue ({@link Outbox}) holds what was never
 * written; a message gets its number when it leaves that queue for a transport, so conflation and
 * priorities act on unnumbered messages only and a number is never reused or skipped.
 *
 * <p>A {@code cursor} marks the next message to write on the current transport: a new transport
 * rewinds it to the client's acknowledgement and {@link #replay} takes what the client missed, in
 * order, once. Not thread-safe: its owner ({@link ReliableConnection}) calls it under its monitor;
 * only the counts read by {@link #refuses} and {@link #unsent} are read from any thread.
 */
final class RecoveryBuffer {
  private final int maxMessages;
  private final long maxChars;
  private String[] ring = new String[16];
  private int head;
  private long base = 1;
  private long cursor = 1;

  /** Messages kept; written under the owner's monitor, read by {@link #refuses} without it. */
  private volatile int count;

  /** Characters of the kept messages. */
  private volatile long chars;

  /** Messages from the cursor on (kept, not yet written to the current transport). */
  private volatile int unsent;

  /** Characters of the messages from the cursor on. */
  private volatile long unsentChars;

  /**
   * @param maxMessages most messages kept, queued ones included ({@code
   *     osmosis.recoveryBufferSize})
   * @param maxChars most characters kept, queued ones included
   */
  RecoveryBuffer(int maxMessages, long maxChars) {
    this.maxMessages = maxMessages;
    this.maxChars = maxChars;
  }

  /**
   * Whether the buffer could not keep {@code queued} more messages of {@code queuedChars}
   * characters (the session's queue with one more): every queued message will be kept once written,
   * so the bound counts both. Lock-free.
   */
  boolean refuses(int queued, long queuedChars) {
    return queued + count > maxMessages || queuedChars + chars > maxChars;
  }

  /** Messages kept and not yet written to the current transport (a replay to come). */
  int unsent() {
    return unsent;
  }

  long unsentChars() {
    return unsentChars;
  }

  /** Messages kept (written, not acknowledged). */
  int size() {
    return count;
  }

  /** The number the next message written will get. */
  long next() {
    return base + count;
  }

  /** The number of the next message {@link #replay} or {@link #append} writes. */
  long cursor() {
    return cursor;
  }

  /**
   * An empty buffer whose next message is {@code next} (a session resumed from another node: the
   * client acknowledged {@code next - 1}).
   */
  void startAt(long next) {
    if (count != 0) {
      throw new IllegalStateException("messages are kept already");
    }
    base = next;
    cursor = next;
  }

  /**
   * From now on each message the client acknowledges is handed to {@code released} as it leaves the
   * buffer (acked topics, docs/TOPICS.md "Acked delivery"); null for none.
   */
  void onRelease(java.util.function.Consumer<String> released) {
    this.released = released;
  }

  private java.util.function.Consumer<String> released;

  /** The client acknowledged every message up to {@code seq}: they leave the buffer. */
  void ack(long seq) {
    int n = count;
    long c = chars;
    int mask = ring.length - 1;
    java.util.function.Consumer<String> told = released;
    while (n > 0 && base <= seq) {
      if (told != null) {
        told.accept(ring[head]);
      }
      c -= ring[head].length();
      ring[head] = null;
      head = (head + 1) & mask;
      n--;
      base++;
    }
    count = n;
    chars = c;
    if (cursor < base) {
      rewind();
    }
    if (n == 0 && ring.length > 64) {
      ring = new String[16];
      head = 0;
    }
  }

  /**
   * A new transport: drops what the client acknowledged ({@code clientAck}) and rewinds the cursor
   * to the first message it lacks.
   *
   * @throws IllegalArgumentException if {@code clientAck} asks for messages no longer kept or never
   *     sent
   */
  void resume(long clientAck) {
    long next = next();
    if (clientAck >= next || clientAck < base - 1) {
      throw new IllegalArgumentException(
          "the client acknowledged message "
              + clientAck
              + " but the server kept messages "
              + base
              + " to "
              + (next - 1));
    }
    ack(clientAck);
    rewind();
  }

  private void rewind() {
    cursor = base;
    unsent = count;
    unsentChars = chars;
  }

  /**
   * Moves kept messages from the cursor on into {@code batch} while it has room and, past its first
   * message, holds fewer than {@code maxChars} characters. Returns how many.
   */
  int replay(String[] batch, int maxChars) {
    return replay(batch, maxChars, Long.MAX_VALUE);
  }

  /** {@link #replay(String[], int)}, stopping before message {@code gate} (not written yet). */
  int replay(String[] batch, int maxChars, long gate) {
    int n = 0;
    long taken = 0;
    long next = Math.min(next(), gate);
    while (cursor < next && n < batch.length && (n == 0 || taken < maxChars)) {
      String message = ring[(head + (int) (cursor - base)) & (ring.length - 1)];
      batch[n++] = message;
      taken += message.length();
      cursor++;
    }
    unsent -= n;
    unsentChars -= taken;
    return n;
  }

  /**
   * Keeps {@code batch[from..to)}, just taken from the queue for the current transport, numbering
   * them from {@link #next}; the cursor must be there (nothing left to replay).
   */
  void append(String[] batch, int from, int to) {
    int n = count;
    long c = chars;
    for (int i = from; i < to; i++) {
      if (n == ring.length) {
        grow(n);
      }
      ring[(head + n) & (ring.length - 1)] = batch[i];
      c += batch[i].length();
      n++;
    }
    count = n;
    chars = c;
    cursor = base + n;
  }

  /**
   * Moves the cursor back to message {@code seq}, kept and not written to the current transport
   * (appended, then held back: fail-over's gate); the messages from it on count as unsent.
   */
  void rewindTo(long seq) {
    if (seq >= cursor || seq < base) {
      return;
    }
    int n = 0;
    long c = 0;
    int mask = ring.length - 1;
    for (long at = seq; at < cursor; at++) {
      c += ring[(head + (int) (at - base)) & mask].length();
      n++;
    }
    cursor = seq;
    unsent += n;
    unsentChars += c;
  }

  private void grow(int n) {
    int mask = ring.length - 1;
    String[] bigger = new String[ring.length * 2];
    for (int i = 0; i < n; i++) {
      bigger[i] = ring[(head + i) & mask];
    }
    ring = bigger;
    head = 0;
  }

  /** Drops everything (the session closed); numbers go on from where they were. */
  void clear() {
    base = next();
    cursor = base;
    ring = new String[1];
    head = 0;
    count = 0;
    chars = 0;
    unsent = 0;
    unsentChars = 0;
  }
}
