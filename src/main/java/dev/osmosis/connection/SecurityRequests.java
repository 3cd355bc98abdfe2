package dev.osmosis.connection;

import dev.osmosis.control.Caller;
import dev.osmosis.control.SecurityControl;
import dev.osmosis.error.RequestException;
import dev.osmosis.protocol.ClientFrame;
import dev.osmosis.protocol.SecurityFrames;
import dev.osmosis.protocol.ServerFrames;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Session;
import dev.osmosis.wire.ErrorCode;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The security administration requests of one connection (docs/PROTOCOL.md §14), answered by {@link
 * SecurityControl} with the session's principal and roles. A script is applied on the login pool
 * when there is one, as {@code changePrincipal} is verified: it may hash passwords (PBKDF2) and
 * writes the store, which must not hold the connection's thread; one at a time per connection.
 */
final class SecurityRequests {
  private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());

  private final Connection connection;
  private volatile SecurityControl control;
  private volatile Executor pool;

  /** Whether a script of this connection is being applied: one at a time. */
  private final AtomicBoolean updating = new AtomicBoolean();

  SecurityRequests(Connection connection) {
    this.connection = connection;
  }

  void control(SecurityControl control) {
    this.control = control;
  }

  void pool(Executor pool) {
    this.pool = pool;
  }

  static boolean isSecurity(ClientFrame frame) {
    return frame instanceof ClientFrame.GetSecurityConfiguration
        || frame instanceof ClientFrame.GetAuthenticationConfiguration
        || frame instanceof ClientFrame.UpdateSecurityStore
        || frame instanceof ClientFrame.UpdateAuthenticationStore;
  }

  /** Answers {@code frame} if it is one of these requests; false if it is not. */
  boolean handle(Session s, ClientFrame frame) {
    if (!isSecurity(frame)) {
      return false;
    }
    SecurityControl security = control;
    if (security == null) {
      throw new RequestException(
          ErrorCode.UNKNOWN_MESSAGE_TYPE, "security administration is not enabled on this server");
    }
    if (frame instanceof ClientFrame.GetSecurityConfiguration get) {
      connection.send(
          SecurityFrames.securityConfiguration(
              get.id(), security.securityConfiguration(caller(s))));
    } else if (frame instanceof ClientFrame.GetAuthenticationConfiguration get) {
      connection.send(
          SecurityFrames.authenticationConfiguration(
              get.id(), security.authenticationConfiguration(caller(s))));
    } else if (frame instanceof ClientFrame.UpdateSecurityStore update) {
      update(update.id(), () -> security.updateSecurityStore(caller(s), update.script()), frame);
    } else if (frame instanceof ClientFrame.UpdateAuthenticationStore update) {
      update(
          update.id(), () -> security.updateAuthenticationStore(caller(s), update.script()), frame);
    }
    return true;
  }

  private void update(long id, Runnable apply, ClientFrame frame) {
    if (!updating.compareAndSet(false, true)) {
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "a script of this session is still being applied; wait for its answer before sending another");
    }
    Executor executor = pool;
    if (executor == null) {
      answer(id, apply, frame);
      return;
    }
    try {
      executor.execute(() -> answer(id, apply, frame));
    } catch (RejectedExecutionException e) {
      updating.set(false);
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED, "the server is busy verifying logins; retry the script later");
    }
  }

  private void answer(long id, Runnable apply, ClientFrame frame) {
    String answer;
    try {
      apply.run();
      answer = ServerFrames.ok(id);
    } catch (RequestException e) {
      answer = ServerFrames.error(id, e.code(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "failure handling " + frame, e);
      answer =
          ServerFrames.error(
              id,
              ErrorCode.INTERNAL_ERROR,
              "internal error handling the request; the server logged it");
    }
    updating.set(
        false); // before the answer: the client may send the next one as soon as it reads it
    connection.send(answer);
  }

  private static Caller caller(Session s) {
    return new Caller(s.principal(), s.roles(), s.id().toString());
  }
}
