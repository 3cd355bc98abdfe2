package dev.osmosis.topic;

/**
 * A topic's last updates with their sequence numbers (the {@link TopicSpecification#HISTORY_SIZE}
 * property, docs/TOPICS.md "History"): a ring of fixed capacity, allocated once with the topic, so
 * recording an update writes one slot and allocates nothing. Values are kept as they were set (a
 * JSON topic's deltas are not kept: a replay sends values). With {@link
 * TopicSpecification#HISTORY_TTL} an entry older than that many milliseconds no longer counts.
 *
 * <p>An acked topic ({@link TopicSpecification#DELIVERY} {@code acked}, docs/TOPICS.md "Acked
 * delivery") has a growable one: it starts at {@link #GROWABLE_START} slots and doubles, as updates
 * come, up to {@code osmosis.maxAckedBacklog}, so a quiet acked topic costs little and a busy one
 * at most that many references to values it created anyway.
 *
 * <p>Guarded by its topic's monitor: {@link Topic} records under it, readers call {@link
 * Topic#ordered} (or {@link Topic#history(long, long, Visitor)}) so that what they read and what
 * the topic fans out next are in one order.
 */
public final class TopicHistory {

  /** Receives the kept updates, oldest first. */
  @FunctionalInterface
  public interface Visitor {
    void update(long sequence, TopicValue value);
  }

  /** The first size of a growable ring. */
  static final int GROWABLE_START = 16;

  private TopicValue[] values;
  private long[] sequences;
  private long[] times;
  private final int capacity;
  private final long ttlMillis;
  private int head; // slot of the oldest entry
  private int size;

  /**
   * @param capacity updates kept, at least 1
   * @param ttlMillis how long an update counts, 0 for as long as it is kept
   */
  public TopicHistory(int capacity, long ttlMillis) {
    this(capacity, ttlMillis, capacity);
  }

  /** A ring that starts with {@code initial} slots and grows, doubling, up to {@code capacity}. */
  private TopicHistory(int capacity, long ttlMillis, int initial) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity);
    }
    this.capacity = capacity;
    this.values = new TopicValue[initial];
    this.sequences = new long[initial];
    this.times = new long[initial];
    this.ttlMillis = ttlMillis;
  }

  /**
   * An acked topic's ring: no TTL, {@link #GROWABLE_START} slots first, doubled as needed up to
   * {@code capacity}.
   */
  public static TopicHistory growable(int capacity) {
    return new TopicHistory(capacity, 0, Math.min(capacity, GROWABLE_START));
  }

  /** The most updates kept. */
  public int capacity() {
    return capacity;
  }

  /** The slots allocated now (at most {@link #capacity()}). */
  public int allocated() {
    return values.length;
  }

  /** Updates kept (expired ones included until they are overwritten). */
  public int size() {
    return size;
  }

  /** Keeps an update, overwriting the oldest when full. Numbers must grow. */
  void record(long sequence, TopicValue value, long timeMillis) {
    if (size == values.length && size < capacity) {
      grow();
    }
    int slot;
    if (size < values.length) {
      slot = (head + size) % values.length;
      size++;
    } else {
      slot = head;
      head = (head + 1) % values.length;
    }
    values[slot] = value;
    sequences[slot] = sequence;
    times[slot] = timeMillis;
  }

  /**
   * The number of the oldest update that still counts at {@code nowMillis}, or 0 when none does.
   */
  public long oldest(long nowMillis) {
    for (int i = 0; i < size; i++) {
      int slot = (head + i) % values.length;
      if (live(slot, nowMillis)) {
        return sequences[slot];
      }
    }
    return 0;
  }

  /**
   * Whether every update numbered after {@code after} up to {@code latest} (the topic's sequence)
   * is kept and counts, with no number missing (a clustered node that skipped an update has a gap):
   * true when there is none to give ({@code after >= latest}).
   */
  public boolean covers(long after, long latest, long nowMillis) {
    if (after >= latest) {
      return true;
    }
    long expected = after + 1;
    for (int i = 0; i < size; i++) {
      int slot = (head + i) % values.length;
      long sequence = sequences[slot];
      if (sequence <= after) {
        continue;
      }
      if (sequence != expected || !live(slot, nowMillis)) {
        return false;
      }
      expected++;
    }
    return expected == latest + 1;
  }

  /** The number of the newest update kept, 0 when empty. */
  public long newest() {
    return size == 0 ? 0 : sequences[(head + size - 1) % values.length];
  }

  /**
   * Hands {@code visitor} every kept update numbered after {@code after} that counts at {@code
   * nowMillis}, oldest first; answers how many.
   */
  public int forEachAfter(long after, long nowMillis, Visitor visitor) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      int slot = (head + i) % values.length;
      if (sequences[slot] > after && live(slot, nowMillis)) {
        visitor.update(sequences[slot], values[slot]);
        n++;
      }
    }
    return n;
  }

  /**
   * Drops the kept updates numbered {@code floor} or lower (an acked topic: every subscriber
   * acknowledged them); answers how many.
   */
  int releaseThrough(long floor) {
    int n = 0;
    while (size > 0 && sequences[head] <= floor) {
      values[head] = null;
      head = (head + 1) % values.length;
      size--;
      n++;
    }
    if (size == 0) {
      head = 0;
    }
    return n;
  }

  /** Doubles the ring (up to the capacity), oldest entry first in the new arrays. */
  void grow() {
    int n = (int) Math.min(capacity, 2L * values.length);
    TopicValue[] v = new TopicValue[n];
    long[] q = new long[n];
    long[] t = new long[n];
    for (int i = 0; i < size; i++) {
      int slot = (head + i) % values.length;
      v[i] = values[slot];
      q[i] = sequences[slot];
      t[i] = times[slot];
    }
    values = v;
    sequences = q;
    times = t;
    head = 0;
  }

  private boolean live(int slot, long nowMillis) {
    return ttlMillis <= 0 || nowMillis - times[slot] <= ttlMillis;
  }
}
