package dev.osmosis.connection;

import dev.osmosis.protocol.TopicFrames;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What a sequenced session's client acknowledged of each acked topic it is subscribed to
 * (docs/TOPICS.md "Acked delivery"): topic id -> the last number of it in a message the client
 * acknowledged. Told each acknowledged message as it leaves the recovery buffer ({@link
 * RecoveryBuffer#onRelease}), so it costs nothing on the fan-out path and nothing at all for a
 * session without acked topics (its {@link ReliableConnection} has none). Read by the topic, in its
 * order, when its backlog is full: what every subscriber acknowledged may be dropped. Thread-safe.
 */
final class AckedTopics implements Consumer<String> {
  private final ConcurrentHashMap<Long, Long> acknowledged = new ConcurrentHashMap<>();

  /** Follows {@code topic}: the client has (or needs nothing before) number {@code from}. */
  void track(long topic, long from) {
    acknowledged.put(topic, from);
  }

  void untrack(long topic) {
    acknowledged.remove(topic);
  }

  /** The last number of {@code topic} acknowledged, {@link Long#MAX_VALUE} if not followed. */
  long acknowledged(long topic) {
    Long n = acknowledged.get(topic);
    return n == null ? Long.MAX_VALUE : n;
  }

  /** A message the client acknowledged: an acked topic's update moves its number on. */
  @Override
  public void accept(String message) {
    long topic = TopicFrames.updateTopic(message);
    if (topic < 0) {
      return;
    }
    Long before = acknowledged.get(topic);
    if (before != null) {
      long n = TopicFrames.updateSequence(message);
      if (n > before) {
        acknowledged.replace(topic, before, n);
      }
    }
  }
}
