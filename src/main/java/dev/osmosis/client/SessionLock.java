package dev.osmosis.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A session lock this session acquired ({@link Session#lock}). Other sessions asking for the same
 * name wait, in the order they asked, until it is unlocked or this session closes. Each acquisition
 * has a sequence number greater than every earlier acquisition's on the server. Thread-safe.
 */
public final class SessionLock {

  private final Connection connection;
  private final String name;
  private final long sequence;
  private final SessionLockScope scope;
  private volatile boolean unlocked;

  SessionLock(Connection connection, String name, long sequence, SessionLockScope scope) {
    this.connection = connection;
    this.name = name;
    this.sequence = sequence;
    this.scope = scope;
  }

  public String getName() {
    return name;
  }

  public long getSequence() {
    return sequence;
  }

  /** The scope the server granted: the weakest of those this session asked with. */
  public SessionLockScope getScope() {
    return scope;
  }

  /**
   * Whether this session still owns the lock, as far as it knows: false after {@link #unlock()} or
   * once the session is closed.
   */
  public boolean isOwned() {
    return !unlocked && connection.getState().isConnected();
  }

  /**
   * Releases the lock. Completes with {@code true} if the server released it, {@code false} if this
   * session no longer owned it (unlocked before, or acquired again under a new sequence).
   */
  public CompletableFuture<Boolean> unlock() {
    unlocked = true;
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", name);
    fields.put("sequence", sequence);
    return connection
        .request("unlock", fields)
        .thenApply(ok -> Boolean.TRUE.equals(ok.get("released")));
  }

  static CompletableFuture<SessionLock> lock(
      Connection connection, String name, SessionLockScope scope) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", Messaging.canonical(name));
    fields.put("scope", (scope == null ? SessionLockScope.UNLOCK_ON_SESSION_LOSS : scope).name());
    return connection
        .request("lock", fields)
        .thenApply(
            ok ->
                new SessionLock(
                    connection,
                    Messages.string(ok, "name", name),
                    Messages.number(ok, "sequence", 0),
                    SessionLockScope.valueOf(
                        Messages.string(
                            ok, "scope", SessionLockScope.UNLOCK_ON_SESSION_LOSS.name()))));
  }

  @Override
  public String toString() {
    return "SessionLock[" + name + ", " + sequence + ", " + scope + (isOwned() ? ", owned]" : "]");
  }
}
