package dev.osmosis.connection;

import dev.osmosis.protocol.TopicFrames;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * What a sequenced session's client acknowledged of each acked topic it is subscribed to
 * (docs/TOPICS.md "Acked delivery"): per topic id, the last number of it in a message the client
 * acknowledged. Told each acknowledged message as it leaves the recovery buffer ({@link
 * RecoveryBuffer#onRelease}), so it costs nothing on the fan-out path and nothing at all for a
 * session without acked topics (its {@link ReliableConnection} has none); per acknowledged message
 * it reads the message's topic id and number and scans a small array, allocating nothing. Read by
 * the topic, in its order, when its backlog is full: what every subscriber acknowledged may be
 * dropped. Thread-safe: the array is copied on track and untrack (a subscription change), each
 * entry's number is a volatile field.
 */
final class AckedTopics implements Consumer<String> {

  /** One followed topic. */
  private static final class Entry {
    final long topic;
    volatile long acknowledged;

    Entry(long topic, long acknowledged) {
      this.topic = topic;
      this.acknowledged = acknowledged;
    }
  }

  private static final Entry[] NONE = new Entry[0];

  private volatile Entry[] entries = NONE;

  /** Follows {@code topic}: the client has (or needs nothing before) number {@code from}. */
  synchronized void track(long topic, long from) {
    Entry e = find(entries, topic);
    if (e != null) {
      e.acknowledged = from;
      return;
    }
    Entry[] next = Arrays.copyOf(entries, entries.length + 1);
    next[entries.length] = new Entry(topic, from);
    entries = next;
  }

  synchronized void untrack(long topic) {
    Entry[] current = entries;
    Entry e = find(current, topic);
    if (e != null) {
      entries =
          current.length == 1
              ? NONE
              : Arrays.stream(current).filter(x -> x != e).toArray(Entry[]::new);
    }
  }

  /** The last number of {@code topic} acknowledged, {@link Long#MAX_VALUE} if not followed. */
  long acknowledged(long topic) {
    Entry e = find(entries, topic);
    return e == null ? Long.MAX_VALUE : e.acknowledged;
  }

  /**
   * A message the client acknowledged (called under its connection's monitor, one at a time): an
   * acked topic's update moves its number on.
   */
  @Override
  public void accept(String message) {
    long topic = TopicFrames.updateTopic(message);
    if (topic < 0) {
      return;
    }
    Entry e = find(entries, topic);
    if (e != null) {
      long n = TopicFrames.updateSequence(message);
      if (n > e.acknowledged) {
        e.acknowledged = n;
      }
    }
  }

  private static Entry find(Entry[] entries, long topic) {
    for (Entry e : entries) {
      if (e.topic == topic) {
        return e;
      }
    }
    return null;
  }
}
