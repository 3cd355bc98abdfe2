package dev.osmosis.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.osmosis.cluster.SessionReplication.Refused;
import dev.osmosis.wire.CloseReason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The sequenced sessions whose recovery window passed, for the whole cluster (docs/RECONNECTION.md
 * "Recovery expiry"): a client that comes back too late is answered {@code RECOVERY_EXPIRED} by
 * whichever node it reaches, as by the session's own node. One grid map, {@value #MAP}: session id
 * to the SHA-256 hash of its token (never the token) and its reconnect timeout, each entry kept
 * {@value #TTL_MINUTES} minutes (the grid's per-entry time to live). Only the holder of the token
 * learns it: a wrong token is answered as an unknown session, so ids cannot be probed.
 */
final class SessionTombstones {
  /** The grid map of tombstones. */
  static final String MAP = "osmosis.sessions.expired";

  /** How long a tombstone is kept: a client that comes back later is told "unknown". */
  static final long TTL_MINUTES = 60;

  /** How long a reconnect waits for the grid's answer before answering "unknown". */
  private static final long WAIT_MILLIS = 2000;

  private final IMap<String, String> map;

  SessionTombstones(HazelcastInstance grid) {
    this.map = grid.getMap(MAP);
  }

  /** Session {@code id}'s window passed: its tombstone is kept. */
  void keep(String id, String tokenHash, long reconnectTimeoutMillis) {
    map.set(id, value(tokenHash, reconnectTimeoutMillis), TTL_MINUTES, TimeUnit.MINUTES);
  }

  /** As {@link #keep}, asynchronously. */
  CompletionStage<Void> keepAsync(String id, String tokenHash, long reconnectTimeoutMillis) {
    return map.setAsync(
        id, value(tokenHash, reconnectTimeoutMillis), TTL_MINUTES, TimeUnit.MINUTES);
  }

  /**
   * The answer to a client reconnecting session {@code id} with a token hashing to {@code
   * tokenHash}: RECOVERY_EXPIRED if its tombstone is kept and the token is its token, else null
   * (unknown, as for a wrong token; also when the grid does not answer within 2 s).
   */
  Refused refusal(String id, String tokenHash) {
    String tombstone;
    try {
      tombstone = map.getAsync(id).toCompletableFuture().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    if (tombstone == null) {
      return null;
    }
    int space = tombstone.indexOf(' ');
    if (!MessageDigest.isEqual(
        tokenHash.getBytes(StandardCharsets.UTF_8),
        tombstone.substring(0, space).getBytes(StandardCharsets.UTF_8))) {
      return null;
    }
    return refusal(Long.parseLong(tombstone.substring(space + 1)));
  }

  /** What a client that comes back too late is told, as on the session's own node. */
  static Refused refusal(long reconnectTimeoutMillis) {
    return new Refused(
        CloseReason.RECOVERY_EXPIRED,
        "the session's recovery window (reconnect timeout of "
            + reconnectTimeoutMillis
            + " ms) passed before it came back");
  }

  private static String value(String tokenHash, long reconnectTimeoutMillis) {
    return tokenHash + " " + reconnectTimeoutMillis;
  }
}
