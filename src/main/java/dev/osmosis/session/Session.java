package dev.osmosis.session;

import dev.osmosis.filter.CanonicalValues;
import dev.osmosis.filter.FilterTarget;
import dev.osmosis.wire.CloseReason;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * A client session on the server: identity, principal, roles, properties, state and the connection
 * it talks through. Thread-safe: properties and roles are immutable snapshots swapped atomically,
 * so readers (filters, the admin API) never lock and never see a half-applied change.
 *
 * <p>Every way a session ends goes through {@link #close}: it moves the state once, tells the
 * connection, then runs the close hooks that features registered (registry removal, subscriptions,
 * locks, rooms...). Hooks run exactly once, on the closing thread, each isolated from the others'
 * failures.
 */
public final class Session implements FilterTarget {
  private static final System.Logger LOG = System.getLogger(Session.class.getName());

  private final SessionId id;
  private final String token;
  private final long startTime;
  private final Connection connection;
  private final AtomicReference<CloseReason> closeReason = new AtomicReference<>();
  private volatile SessionState state = SessionState.CONNECTED_ACTIVE;
  private final List<BiConsumer<Session, CloseReason>> closeHooks = new CopyOnWriteArrayList<>();
  private volatile Identity identity;

  /**
   * The identity's properties, also held here so a filter's lookup reads one volatile field and
   * then scans the flat array ({@link FlatProperties}). Replaced with the identity.
   */
  private volatile FlatProperties flat;

  private volatile SessionListener observer;
  private final Object stateLock = new Object();
  private volatile long reconnectTimeoutMillis;
  private volatile long disconnectedAt;
  private final List<java.util.function.Consumer<Session>> connectionLostHooks =
      new CopyOnWriteArrayList<>();

  /** Principal, roles and every property ($ and user), replaced together. */
  private record Identity(String principal, Set<String> roles, FlatProperties properties) {}

  Session(
      SessionId id,
      String token,
      long startTime,
      Connection connection,
      String principal,
      Set<String> roles,
      Map<String, String> fixed,
      Map<String, String> user) {
    this.id = id;
    this.token = token;
    this.startTime = startTime;
    this.connection = connection;
    this.identity = identity(principal, roles, fixed, user);
    this.flat = identity.properties;
  }

  private static Identity identity(
      String principal, Set<String> roles, Map<String, String> fixed, Map<String, String> user) {
    Set<String> roleSet = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
    return new Identity(principal, roleSet, FlatProperties.of(principal, roleSet, fixed, user));
  }

  public SessionId id() {
    return id;
  }

  /** The secret a reconnecting client presents with the id. Never log it. */
  public String token() {
    return token;
  }

  public long startTime() {
    return startTime;
  }

  public Connection connection() {
    return connection;
  }

  public String principal() {
    return identity.principal;
  }

  @Override
  public Set<String> roles() {
    return identity.roles;
  }

  /** Every property, fixed ($) and user, as one immutable snapshot. */
  public Map<String, String> properties() {
    return identity.properties.asMap();
  }

  /** One property, or null if the session has none by that key. Allocates nothing. */
  @Override
  public String property(String key) {
    return flat.get(key);
  }

  /**
   * Decides by reference when both this session's values and {@code value} are {@link
   * CanonicalValues} instances (the usual case): the session's value string is then never read.
   */
  @Override
  public boolean propertyIs(String key, String value, boolean canonical) {
    return flat.is(key, value, canonical);
  }

  public SessionState state() {
    return state;
  }

  /** The reconnect timeout granted at the handshake (ms); 0 for a session that cannot reconnect. */
  public long reconnectTimeoutMillis() {
    return reconnectTimeoutMillis;
  }

  public void grantReconnectTimeout(long millis) {
    this.reconnectTimeoutMillis = millis;
  }

  /** When the session last lost its connection (epoch ms), meaningful in RECOVERING_RECONNECT. */
  public long disconnectedAt() {
    return disconnectedAt;
  }

  /**
   * Registers work to run each time the session loses its connection but stays open (e.g.
   * connection locks).
   */
  public void onConnectionLost(java.util.function.Consumer<Session> hook) {
    connectionLostHooks.add(hook);
  }

  /**
   * The connection was lost and the session waits for its client to reconnect: CONNECTED_ACTIVE →
   * RECOVERING_RECONNECT. False (nothing done) if the session is closed or already recovering.
   */
  public boolean disconnected(long now) {
    synchronized (stateLock) {
      if (!isOpen() || state != SessionState.CONNECTED_ACTIVE) {
        return false;
      }
      disconnectedAt = now;
      state = SessionState.RECOVERING_RECONNECT;
    }
    for (java.util.function.Consumer<Session> hook : connectionLostHooks) {
      try {
        hook.accept(this);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "connection-lost hook failed for session " + id, e);
      }
    }
    SessionListener listener = observer;
    if (listener != null) {
      listener.disconnected(this);
    }
    return true;
  }

  /** The client reconnected: back to CONNECTED_ACTIVE. False if the session is closed. */
  public boolean reconnected() {
    boolean wasRecovering;
    synchronized (stateLock) {
      if (!isOpen()) {
        return false;
      }
      wasRecovering = state == SessionState.RECOVERING_RECONNECT;
      state = SessionState.CONNECTED_ACTIVE;
    }
    SessionListener listener = observer;
    if (listener != null && wasRecovering) {
      listener.reconnected(this);
    }
    return true;
  }

  /** Whether a recovering session's reconnect timeout has passed at {@code now}. */
  public boolean reconnectExpired(long now) {
    return state == SessionState.RECOVERING_RECONNECT
        && now - disconnectedAt >= reconnectTimeoutMillis;
  }

  public boolean isOpen() {
    return closeReason.get() == null;
  }

  /** The reason the session closed, or null while it is open. */
  public CloseReason closeReason() {
    return closeReason.get();
  }

  /**
   * Replaces principal, roles and user properties (re-authentication) and applies {@code
   * fixedChanges}; the other fixed properties stay.
   */
  void reauthenticate(
      String principal,
      Set<String> roles,
      Map<String, String> user,
      Map<String, String> fixedChanges) {
    change(
        old -> {
          Map<String, String> fixed = old.properties.fixed();
          fixed.putAll(fixedChanges);
          return identity(principal, roles, fixed, user);
        });
  }

  /**
   * Applies user property changes: a null value removes the key. Keys must be user keys (validated
   * by the caller with {@link SessionProperties#validateUserProperty}); the result is checked
   * against the per-session limit.
   *
   * @return the previous values of the given keys (null where absent)
   */
  public Map<String, String> updateUserProperties(Map<String, String> changes) {
    Map<String, String> previous = new HashMap<>();
    change(
        old -> {
          Map<String, String> user = old.properties.user();
          changes.forEach(
              (k, v) -> {
                previous.put(k, old.properties.asMap().get(k));
                if (v == null) {
                  user.remove(k);
                } else {
                  user.put(k, v);
                }
              });
          if (user.size() > SessionProperties.MAX_USER_PROPERTIES) {
            throw new SessionProperties.InvalidPropertyException(
                "a session has at most "
                    + SessionProperties.MAX_USER_PROPERTIES
                    + " user properties");
          }
          return identity(old.principal, old.roles, old.properties.fixed(), user);
        });
    return previous;
  }

  /**
   * The session is now carried by another connection (a reconnect, docs/PROTOCOL.md §12): {@code
   * $Transport} and {@code $ClientIP} follow it. Listeners hear of it only if a value changed.
   */
  public void carriedBy(Transport transport, String clientIp) {
    change(
        old -> {
          Map<String, String> fixed = old.properties.fixed();
          fixed.put(SessionProperties.TRANSPORT, transport.name());
          fixed.put(SessionProperties.CLIENT_IP, clientIp == null ? "" : clientIp);
          return identity(old.principal, old.roles, fixed, old.properties.user());
        });
  }

  /** Removes then adds roles; {@code $Roles} follows. */
  public void changeRoles(Set<String> remove, Set<String> add) {
    change(
        old -> {
          Set<String> roles = new LinkedHashSet<>(old.roles);
          roles.removeAll(remove);
          roles.addAll(add);
          return identity(old.principal, roles, old.properties.fixed(), old.properties.user());
        });
  }

  /** One writer at a time; readers never wait. Listeners hear the change after it is visible. */
  private void change(java.util.function.UnaryOperator<Identity> update) {
    Identity before;
    Identity after;
    synchronized (this) {
      before = identity;
      after = update.apply(before);
      identity = after;
      flat = after.properties;
    }
    SessionListener listener = observer;
    Map<String, String> old = before.properties.asMap();
    Map<String, String> now = after.properties.asMap();
    if (listener != null && !old.equals(now)) {
      listener.updated(this, old, now);
    }
  }

  void observe(SessionListener listener) {
    this.observer = listener;
  }

  /**
   * Registers work to run when the session closes. If the session is already closed, runs it now,
   * so a resource attached concurrently with a close is never leaked.
   */
  public void onClose(BiConsumer<Session, CloseReason> hook) {
    closeHooks.add(hook);
    CloseReason reason = closeReason.get();
    if (reason != null && closeHooks.remove(hook)) {
      runHook(hook, reason);
    }
  }

  /**
   * The one close path. The first call wins; later calls return false and do nothing.
   *
   * @param message human-readable detail sent to the client with the reason
   */
  public boolean close(CloseReason reason, String message) {
    synchronized (stateLock) {
      if (!closeReason.compareAndSet(null, reason)) {
        return false;
      }
      state = SessionState.closedBy(reason);
    }
    try {
      connection.close(reason, message);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING, "closing the connection of session " + id + " failed", e);
    }
    for (BiConsumer<Session, CloseReason> hook : closeHooks) {
      if (closeHooks.remove(hook)) {
        runHook(hook, reason);
      }
    }
    return true;
  }

  private void runHook(BiConsumer<Session, CloseReason> hook, CloseReason reason) {
    try {
      hook.accept(this, reason);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "close hook failed for session " + id, e);
    }
  }

  @Override
  public String toString() {
    return "Session[" + id + ", " + principal() + ", " + state + "]";
  }
}
