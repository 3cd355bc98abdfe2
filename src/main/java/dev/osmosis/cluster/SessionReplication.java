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
   * @param inFlight its server messages other than topic values that its client had not
   *     acknowledged, which the resuming node sends again when the client lacks them
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
      SessionRegistrations registrations,
      InFlight inFlight) {

    /** A session with no server message in flight. */
    public Replica(
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
          registrations,
          InFlight.NONE);
    }

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

  /**
   * A sequenced session's server messages that are not topic values (responses, requests to its
   * handlers, notifications, session events, errors, ...) from the moment they are sent until its
   * client acknowledges them (docs/RECONNECTION.md "Fail-over"): {@code sent}, those numbered for
   * the client (a message is written to the client only once a record holds it with its number), in
   * order; {@code queued}, those not numbered yet (the client cannot have them), in order.
   *
   * <p>{@code awaiting}: the session's own requests (to a path's handler or to a session) that its
   * node sent on and that are not answered yet; the resuming node sends them again, so that each is
   * answered (the answer to the first went to the dead node).
   *
   * @param through every message numbered up to this one is in {@code sent} (or acknowledged)
   */
  record InFlight(long through, List<Sent> sent, List<String> queued, List<Awaiting> awaiting) {
    public static final InFlight NONE = new InFlight(0, List.of(), List.of());

    public InFlight(long through, List<Sent> sent, List<String> queued) {
      this(through, sent, queued, List.of());
    }

    public boolean isEmpty() {
      return sent.isEmpty() && queued.isEmpty() && awaiting.isEmpty();
    }

    /**
     * What a client that acknowledged {@code clientAck} lacks, in the order it was to get them: the
     * sent messages numbered past it, then the queued ones.
     */
    public List<String> after(long clientAck) {
      List<String> lacking = new java.util.ArrayList<>();
      for (Sent m : sent) {
        if (m.seq() > clientAck) {
          lacking.add(m.message());
        }
      }
      lacking.addAll(queued);
      return lacking;
    }
  }

  /** One server message numbered {@code seq} for the client. */
  record Sent(long seq, String message) {}

  /**
   * A client request awaiting its answer: the number of the client message that carried it, its id,
   * its path, the session it is addressed to (null: the path's handler), and its value's type and
   * JSON text.
   */
  record Awaiting(long seq, long id, String path, String session, String type, String value) {}

  /** A session's connection, which hands its {@link InFlight} messages to the record writes. */
  interface InFlightSource {
    /** The messages in flight now, for the record write about to start. */
    InFlight inFlight();

    /**
     * A record holding every message of {@code inFlight()} numbered up to {@code through} landed.
     */
    void recorded(long through);
  }

  /**
   * The most server messages and characters a session may have in flight ({@code
   * osmosis.failoverServerMessages}, {@code osmosis.failoverServerBytes}); past either it closes
   * with LOST_MESSAGES.
   */
  record InFlightLimits(int messages, long chars) {}

  /**
   * Whether (and with what bounds) this replication keeps sessions' server messages in flight in
   * their records; null if it does not (then they are written to the client at once and die with
   * its node).
   */
  default InFlightLimits inFlightLimits() {
    return null;
  }

  /** From now on {@code session}'s record writes carry what {@code source} has in flight. */
  default void keepInFlight(Session session, InFlightSource source) {}

  /** {@code session}'s server messages in flight changed: its record is written again soon. */
  default void inFlightChanged(Session session) {}

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
