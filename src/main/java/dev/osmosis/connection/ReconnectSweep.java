package dev.osmosis.connection;

import dev.osmosis.session.Session;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.session.SessionState;
import dev.osmosis.sweep.Sweep;
import dev.osmosis.wire.CloseReason;

/**
 * The once-a-second work for sequenced sessions (docs/PROTOCOL.md §12), run by the EJB sweep with
 * the injected clock: closes sessions whose reconnect timeout passed while RECOVERING_RECONNECT
 * with {@code RECOVERY_EXPIRED} (session listeners hear it; the registry remembers it for a client
 * that comes back too late: {@link dev.osmosis.session.ExpiredSessions}), and flushes the server's
 * pending acknowledgements (at most 1 s late).
 */
public final class ReconnectSweep implements Sweep {
  private static final System.Logger LOG = System.getLogger(ReconnectSweep.class.getName());

  private final SessionRegistry registry;

  /** The sweep over {@code registry}'s sessions, for the platform's timer. */
  public ReconnectSweep(SessionRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void sweep(long now) {
    sweep(registry, now);
  }

  @Override
  public String sweepName() {
    return "the reconnect timeout sweep";
  }

  /** What a session whose recovery window passed is told (and a client coming back too late). */
  public static String expiredMessage(long reconnectTimeoutMillis) {
    return "the session's recovery window (reconnect timeout of "
        + reconnectTimeoutMillis
        + " ms) passed before it came back";
  }

  private static String expiredMessage(Session session) {
    return expiredMessage(session.reconnectTimeoutMillis());
  }

  /**
   * @return how many sessions expired
   */
  public static int sweep(SessionRegistry registry, long now) {
    int expired = 0;
    for (Session session : registry.all()) {
      if (!(session.connection() instanceof ReliableConnection reliable)) {
        continue;
      }
      if (session.state() == SessionState.RECOVERING_RECONNECT && session.reconnectExpired(now)) {
        if (session.close(CloseReason.RECOVERY_EXPIRED, expiredMessage(session))) {
          expired++;
          LOG.log(
              System.Logger.Level.INFO,
              "session {0} closed: no reconnect within {1} ms",
              session.id(),
              session.reconnectTimeoutMillis());
        }
      } else {
        reliable.flushAck(true);
      }
    }
    return expired;
  }
}
