package dev.osmosis.connection;

import dev.osmosis.meter.AuthFailure;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Handshake;
import dev.osmosis.session.HandshakeRefusedException;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.wire.CloseReason;

/**
 * A {@code connect}'s verification on the login pool: PBKDF2 costs about a tenth of a second of CPU
 * by design, so a connection's thread hands it to the bounded pool and waits, at most the handshake
 * timeout while it is still queued.
 */
final class Logins {
  private static final String BUSY = "the server is busy verifying other logins; try again";

  private Logins() {}

  private static HandshakeRefusedException busy(Sessions sessions) {
    sessions.meters().authenticationFailed(AuthFailure.BUSY);
    return new HandshakeRefusedException(CloseReason.IDLE_CONNECTION, BUSY);
  }

  /**
   * Opens the session; one with a principal is verified on the login pool (when there is one) while
   * this thread waits, so that however many connections log in at once, at most the pool's threads
   * run PBKDF2. Anonymous sessions verify nothing and open here.
   */
  static Session open(
      Sessions sessions,
      java.util.concurrent.Executor pool,
      java.time.Duration timeout,
      Handshake handshake,
      Connection carrier) {
    if (pool == null || handshake.principal() == null || handshake.principal().isEmpty()) {
      return sessions.open(handshake, carrier);
    }
    java.util.concurrent.FutureTask<Session> task =
        new java.util.concurrent.FutureTask<>(() -> sessions.open(handshake, carrier));
    try {
      pool.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw busy(sessions); // 41xx: the client may try again
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          if (task.cancel(
              false)) { // still queued (a pool shutting down never runs it): it will not open a
            // session
            throw busy(sessions);
          } // else it is running: wait for it, a session it opens must not be left behind
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof RuntimeException runtime) {
            throw runtime;
          }
          throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
          throw busy(sessions);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
