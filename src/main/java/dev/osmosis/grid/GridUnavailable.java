package dev.osmosis.grid;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import dev.osmosis.error.RequestException;
import dev.osmosis.wire.ErrorCode;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The grid boundary's answer to a data grid that did not answer a request's call (docs/CLUSTER.md
 * "When the grid cannot answer"): a member frozen or unreachable, leaving, or partitions migrating
 * make Hazelcast throw {@code OperationTimeoutException}, {@code TargetNotMemberException}, a
 * wrapped {@code MemberLeftException}, a {@code RetryableHazelcastException} or {@code
 * HazelcastInstanceNotActiveException} to the calling thread. Such a failure becomes a {@link
 * RequestException} {@link ErrorCode#UNAVAILABLE 5003}: the client may try again, the session is
 * not disturbed. A serialization failure is a bug of ours and stays what it is (a 5000).
 *
 * <p>Logged at WARNING without a stack trace, once per cause (exception class) per {@link
 * #QUIET_NANOS}: the next warning says how many requests were answered so meanwhile.
 */
final class GridUnavailable {
  private static final System.Logger LOG = System.getLogger(GridUnavailable.class.getName());

  /** At most one warning per cause in this time. */
  static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(10);

  static final String MESSAGE =
      "the cluster's data grid did not answer (a node is unreachable or leaving): try again";

  /**
   * Per cause: when it was last logged and how many were answered since without a log. A rare path
   * (the grid failing), so one monitor guards it.
   */
  private static final Map<Class<?>, long[]> EPISODES = new HashMap<>();

  private GridUnavailable() {}

  /** Whether {@code e} says the grid did not answer (rather than a fault of ours). */
  static boolean isUnavailable(RuntimeException e) {
    return e instanceof HazelcastInstanceNotActiveException
        || e instanceof HazelcastException && !(e instanceof HazelcastSerializationException);
  }

  /**
   * What to throw for a failure of the grid call that {@code what} names ("update of topic a/b"): a
   * 5003 if the grid did not answer, else {@code e} itself.
   */
  static RuntimeException translate(String what, RuntimeException e) {
    if (e instanceof RequestException || !isUnavailable(e)) {
      return e;
    }
    log(what, e);
    return new RequestException(ErrorCode.UNAVAILABLE, MESSAGE);
  }

  private static void log(String what, RuntimeException e) {
    long now = System.nanoTime();
    long unlogged;
    synchronized (EPISODES) {
      long[] episode = EPISODES.get(e.getClass()); // {logged at, unlogged since}
      if (episode != null && now - episode[0] < QUIET_NANOS) {
        episode[1]++;
        return;
      }
      unlogged = episode == null ? 0 : episode[1];
      EPISODES.put(e.getClass(), new long[] {now, 0});
    }
    LOG.log(
        System.Logger.Level.WARNING,
        "the data grid did not answer the {0}: {1}; answered 5003 UNAVAILABLE (and {2} more"
            + " requests since the last such warning)",
        what,
        e.toString(),
        unlogged);
  }
}
