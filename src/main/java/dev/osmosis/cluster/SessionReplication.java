package dev.osmosis.cluster;

import dev.osmosis.session.Session;
import dev.osmosis.sweep.Sweep;
import dev.osmosis.wire.CloseReason;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Fail-over (docs/RECONNECTION.md): what a sequenced session is lives where any node can take it
 * over, so that a client whose node died resumes the same session on another node. With the grid
 * off (or {@code osmosis.sessionReplication=false}) it is {@link #OFF}: nothing is kept, nothing
 * can be claimed, a dead node's sessions are gone.
 *
 * <p>Writes are asynchronous (a session's own threads never wait for the grid); a claim is one
 * compare-and-set on the session's record, so of several nodes racing to resume a session exactly
 * one wins. Its sweep closes for good, once the recovery window has passed, the sessions of dead
 * nodes that no client resumed.
 */
public interface SessionReplication extends Sweep {

  /**
   * What a node resuming a session needs: the session as its dead node last wrote it.
   *
   * @param node the node it was open on
   * @param properties every property, fixed ({@code $}) and user
   * @param reconnectTimeoutMillis the reconnect timeout granted to its client
   * @param selections the canonical expressions of its topic selections, in the order made
   * @param received the highest client message its node processed (and wrote) without a gap
   * @param registrations its request and missing topic handlers, notification selections and
   *     session listeners, which the resuming node makes again
   */
  record Replica(
      String id,
      String node,
      String principal,
      Set<String> roles,
      Map<String, String> properties,
      long startTime,
      long reconnectTimeoutMillis,
      List<String> selections,
      long received,
      SessionRegistrations registrations) {

    /** A session that registered nothing but its selections. */
    public Replica(
        String id,
        String node,
        String principal,
        Set<String> roles,
        Map<String, String> properties,
        long startTime,
        long reconnectTimeoutMillis,
        List<String> selections,
        long received) {
      this(
          id,
          node,
          principal,
          roles,
          properties,
          startTime,
          reconnectTimeoutMillis,
          selections,
          received,
          SessionRegistrations.NONE);
    }
  }

  /** The outcome of {@link #claim}: {@link Claimed} or {@link Refused}. */
  interface Claim {}

  /** This node now owns the session: recreate it from {@code replica}. */
  record Claimed(Replica replica) implements Claim {}

  /** The reconnect is refused with this close (the session is not resumed here). */
  record Refused(CloseReason reason, String message) implements Claim {}

  /**
   * Takes over session {@code id} for this node if the grid keeps it, {@code token} is its token
   * and its node is no longer a member.
   *
   * @return null if the grid has no resumable session by that id and token (the caller answers as
   *     for an unknown session)
   */
  Claim claim(String id, String token);

  /**
   * What the session directory does not hear changed (selections, client messages processed up to
   * {@code received}): the session's record is written again soon, asynchronously, and {@code
   * durable} is told the client message number each write recorded once it has (on the grid's
   * thread).
   */
  void changed(Session session, long received, LongConsumer durable);

  /** Nothing replicated. */
  SessionReplication OFF =
      new SessionReplication() {
        @Override
        public Claim claim(String id, String token) {
          return null;
        }

        @Override
        public void changed(Session session, long received, LongConsumer durable) {}

        @Override
        public void sweep(long now) {}

        @Override
        public String sweepName() {
          return "no session replication";
        }
      };
}
