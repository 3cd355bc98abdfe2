package dev.osmosis.monitor;

import dev.osmosis.session.Session;
import dev.osmosis.session.SessionProperties;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * One pass over the open sessions: how many by transport and client type, and their outbound queues
 * (the deepest, and how many sessions hold at most each bound). Taken at most once per {@link
 * #MAX_AGE_MILLIS} however many gauges ask, so one scrape walks the sessions once.
 */
final class SessionCensus {
  static final long MAX_AGE_MILLIS = 200;

  /** The queue-depth buckets' upper bounds (messages); a last bucket (+Inf) holds the rest. */
  static final int[] QUEUE_BOUNDS = {0, 1, 10, 100, 1_000, 10_000};

  /** A census: counts by "transport/clientType", deepest queue, cumulative queue buckets. */
  record Counts(Map<String, Integer> sessions, int maxQueue, long[] queueBuckets) {
    int sessions(String transport, String clientType) {
      return sessions.getOrDefault(transport + "/" + clientType, 0);
    }
  }

  private volatile Counts last = take(java.util.List.of());
  private volatile long takenAt = Long.MIN_VALUE;

  Counts get(Collection<Session> open, long now) {
    long taken = takenAt;
    if (taken == Long.MIN_VALUE || now - taken >= MAX_AGE_MILLIS || now < taken) {
      last = take(open);
      takenAt = now;
    }
    return last;
  }

  static Counts take(Collection<Session> open) {
    Map<String, Integer> sessions = new TreeMap<>();
    long[] buckets = new long[QUEUE_BOUNDS.length + 1];
    int max = 0;
    for (Session session : open) {
      if (!session.isOpen()) {
        continue;
      }
      sessions.merge(
          session.property(SessionProperties.TRANSPORT)
              + "/"
              + session.property(SessionProperties.CLIENT_TYPE),
          1,
          Integer::sum);
      dev.osmosis.session.Connection connection = session.connection();
      int queued = connection == null ? 0 : connection.queued();
      max = Math.max(max, queued);
      int i = 0;
      while (i < QUEUE_BOUNDS.length && queued > QUEUE_BOUNDS[i]) {
        i++;
      }
      buckets[i]++;
    }
    for (int i = 1; i < buckets.length; i++) {
      buckets[i] += buckets[i - 1];
    }
    return new Counts(sessions, max, buckets);
  }

  @Override
  public String toString() {
    return last.sessions() + " max " + last.maxQueue() + " " + Arrays.toString(last.queueBuckets());
  }
}
