package dev.osmosis.client;

import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The {@link Session} implementation: the public API over one {@link Connection}. Later feature
 * groups (topics, messaging, client control) are built on {@link #connection()}.
 */
final class ClientSession implements Session {

  /** Principal and roles as they are after the handshake or the last accepted change. */
  private record Identity(String principal, Set<String> roles) {}

  private final Connection connection;
  private final ClientControl clientControl;
  private final Security security;
  private final Metrics metrics;
  private final Subscriptions subscriptions;
  private final TopicControl topicControl;
  private final TopicUpdate topicUpdate;
  private final Messaging messaging;
  private final TopicNotifications notifications;
  private volatile Identity changedIdentity;

  ClientSession(SessionConfig config, Executor eventThreads) {
    this.connection = new Connection(config, eventThreads, this);
    this.clientControl = new ClientControl(connection);
    this.security = new Security(connection);
    this.metrics = new Metrics(connection);
    this.subscriptions = new Subscriptions(connection);
    this.topicControl = new TopicControl(connection);
    this.topicUpdate = new TopicUpdate(connection);
    this.messaging = new Messaging(connection);
    this.notifications = new TopicNotifications(connection);
  }

  /** The protocol core feature groups send requests through and register handlers with. */
  Connection connection() {
    return connection;
  }

  @Override
  public ClientControl clientControl() {
    return clientControl;
  }

  @Override
  public Security security() {
    return security;
  }

  @Override
  public Metrics metrics() {
    return metrics;
  }

  @Override
  public CompletableFuture<Integer> select(String selector) {
    return subscriptions.select(selector);
  }

  @Override
  public CompletableFuture<Integer> unselect(String selector) {
    return subscriptions.unselect(selector);
  }

  @Override
  public CompletableFuture<Integer> select(String selector, String scope) {
    return subscriptions.select(selector, scope);
  }

  @Override
  public CompletableFuture<Integer> unselect(String selector, String scope) {
    return subscriptions.unselect(selector, scope);
  }

  @Override
  public CompletableFuture<Integer> unselectAllScopes(String selector) {
    return subscriptions.unselectAllScopes(selector);
  }

  @Override
  public long lastSequence(String path) {
    return subscriptions.lastSequence(path);
  }

  @Override
  public <V> void addStream(String selector, Class<V> type, ValueStream<V> stream) {
    subscriptions.addStream(selector, type, stream);
  }

  @Override
  public <V> void addFallbackStream(Class<V> type, ValueStream<V> stream) {
    subscriptions.addFallbackStream(type, stream);
  }

  @Override
  public void removeStream(ValueStream<?> stream) {
    subscriptions.removeStream(stream);
  }

  @Override
  public TopicControl topics() {
    return topicControl;
  }

  @Override
  public TopicUpdate topicUpdate() {
    return topicUpdate;
  }

  @Override
  public Messaging messages() {
    return messaging;
  }

  @Override
  public CompletableFuture<SessionLock> lock(String name) {
    return lock(name, SessionLockScope.UNLOCK_ON_SESSION_LOSS);
  }

  @Override
  public CompletableFuture<SessionLock> lock(String name, SessionLockScope scope) {
    return SessionLock.lock(connection, name, scope);
  }

  @Override
  public FetchRequest fetchRequest() {
    return new FetchRequest(connection);
  }

  @Override
  public TopicNotifications notifications() {
    return notifications;
  }

  @Override
  public CompletableFuture<PingDetails> pingServer() {
    long start = System.nanoTime();
    return connection
        .request("ping", Map.of())
        .thenApply(
            ok ->
                new PingDetails(
                    Instant.ofEpochMilli(Messages.number(ok, "time", 0)),
                    Duration.ofNanos(System.nanoTime() - start)));
  }

  @Override
  public CompletableFuture<Boolean> changePrincipal(String principal, String password) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("principal", principal == null ? "" : principal);
    fields.put("credentials", password == null ? "" : password);
    return connection
        .request("changePrincipal", fields)
        .handle(
            (ok, error) -> {
              if (error == null) {
                changedIdentity =
                    new Identity(
                        Messages.string(ok, "principal", ""), Messages.stringSet(ok, "roles"));
                return true;
              }
              Throwable cause = error instanceof CompletionException ? error.getCause() : error;
              if (cause instanceof SessionException
                  && ((SessionException) cause).getCode()
                      == ErrorCode.AUTHENTICATION_FAILED.code()) {
                return false;
              }
              throw new CompletionException(cause);
            });
  }

  @Override
  public void close() {
    connection.close();
  }

  @Override
  public SessionId getSessionId() {
    Grant grant = connection.grant();
    return grant == null ? null : grant.sessionId();
  }

  @Override
  public String getPrincipal() {
    Identity changed = changedIdentity;
    if (changed != null) {
      return changed.principal();
    }
    Grant grant = connection.grant();
    return grant == null ? "" : grant.principal();
  }

  @Override
  public Set<String> getRoles() {
    Identity changed = changedIdentity;
    if (changed != null) {
      return changed.roles();
    }
    Grant grant = connection.grant();
    return grant == null ? Set.of() : grant.roles();
  }

  @Override
  public Map<String, String> getProperties() {
    Grant grant = connection.grant();
    return grant == null ? Map.of() : grant.properties();
  }

  @Override
  public String getServerName() {
    Grant grant = connection.grant();
    return grant == null ? null : grant.serverName();
  }

  @Override
  public String getServerUrl() {
    java.net.URI server = connection.server();
    return server == null ? null : server.toString();
  }

  @Override
  public Limits getLimits() {
    Grant grant = connection.grant();
    return grant == null ? null : grant.limits();
  }

  @Override
  public State getState() {
    return connection.getState();
  }

  @Override
  public Optional<CloseReason> getCloseReason() {
    return connection.getCloseReason();
  }

  @Override
  public void addListener(Listener listener) {
    connection.addListener(listener);
  }

  @Override
  public void removeListener(Listener listener) {
    connection.removeListener(listener);
  }

  @Override
  public void addRecoveryExpiredListener(RecoveryExpiredListener listener) {
    connection.lifecycle().addRecoveryExpiredListener(listener);
  }

  @Override
  public void removeRecoveryExpiredListener(RecoveryExpiredListener listener) {
    connection.lifecycle().removeRecoveryExpiredListener(listener);
  }

  @Override
  public String toString() {
    return "Session[" + getSessionId() + ", " + getState() + "]";
  }
}
