package dev.osmosis.client;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import dev.osmosis.client.SessionPropertiesListener.EventType;
import dev.osmosis.wire.CloseReason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Acting on other sessions (PROTOCOL.md §8), reached by {@link Session#clientControl()}: read and
 * change their properties and roles, close them, and listen to their properties. A session is
 * addressed by its {@link SessionId} or, for many at once, by a session filter such as {@code
 * Department is "Accounts"} (see {@link Osmosis#escape}).
 *
 * <p>Each future fails with a {@link SessionException} when the server refuses the request: {@code
 * 3001} a permission is missing (VIEW_SESSION, MODIFY_SESSION or REGISTER_HANDLER), {@code 4001} a
 * bad filter or a fixed key, {@code 4004} no such session, {@code 2002} an invalid property; with a
 * {@link SessionClosedException} if this session closes first. Futures complete on the session's
 * event thread.
 */
public final class ClientControl {

  private static final System.Logger LOG = System.getLogger(ClientControl.class.getName());

  /** The key selecting every fixed ({@code $}) property. */
  public static final String ALL_FIXED_PROPERTIES = "*F";

  /** The key selecting every user property. */
  public static final String ALL_USER_PROPERTIES = "*U";

  /** The default selection scope: a request without a {@code scope} field. */
  private static final String DEFAULT_SCOPE = "";

  private final Connection connection;
  private final Map<Long, ListenerRegistration> registrations = new ConcurrentHashMap<>();

  ClientControl(Connection connection) {
    this.connection = connection;
    connection.setHandler("sessionEvent", this::onSessionEvent);
    connection.addListener(
        (session, oldState, newState) -> {
          if (newState.isClosed()) {
            for (ListenerRegistration registration : registrations.values()) {
              registration.end();
            }
          }
        });
  }

  /**
   * The requested properties of a session: only the keys it has ({@code *F}, {@code *U} allowed).
   */
  public CompletableFuture<Map<String, String>> getSessionProperties(
      SessionId session, Collection<String> keys) {
    return request("getSessionProperties", target(session), "keys", list(keys, "keys"))
        .thenApply(ok -> properties(ok, "properties"));
  }

  /**
   * Sets user properties of a session; a {@code null} value removes the property. Completes with
   * the previous values of the changed keys ({@code null} where a key was absent).
   */
  public CompletableFuture<Map<String, String>> setSessionProperties(
      SessionId session, Map<String, String> properties) {
    return request("setSessionProperties", target(session), "properties", copy(properties))
        .thenApply(ok -> properties(ok, "previous"));
  }

  /** Sets user properties of every session the filter matches; completes with their count. */
  public CompletableFuture<Integer> setSessionProperties(
      String filter, Map<String, String> properties) {
    return request("setSessionProperties", target(filter), "properties", copy(properties))
        .thenApply(ClientControl::count);
  }

  /** Removes and then adds roles of a session. */
  public CompletableFuture<Void> changeRoles(
      SessionId session, Set<String> remove, Set<String> add) {
    return changeRoles(target(session), remove, add).thenApply(ok -> null);
  }

  /** Changes the roles of every session the filter matches; completes with their count. */
  public CompletableFuture<Integer> changeRoles(
      String filter, Set<String> remove, Set<String> add) {
    return changeRoles(target(filter), remove, add).thenApply(ClientControl::count);
  }

  /** Closes a session; it ends with {@link CloseReason#CLOSED_BY_CONTROLLER}. */
  public CompletableFuture<Void> close(SessionId session) {
    return request("closeSession", target(session), null, null).thenApply(ok -> null);
  }

  /** Closes every session the filter matches; completes with the number closed. */
  public CompletableFuture<Integer> close(String filter) {
    return request("closeSession", target(filter), null, null).thenApply(ClientControl::count);
  }

  /**
   * Subscribes another session to the topics a selector matches (VIEW_SESSION + MODIFY_SESSION);
   * the session still needs READ_TOPIC for each topic, and its streams see the subscriptions as if
   * it had selected.
   */
  public CompletableFuture<Void> subscribe(SessionId session, String selector) {
    return subscribe(session, selector, DEFAULT_SCOPE);
  }

  /** Subscribes every session a filter matches; completes with how many sessions. */
  public CompletableFuture<Integer> subscribe(String filter, String selector) {
    return subscribe(filter, selector, DEFAULT_SCOPE);
  }

  /**
   * Unsubscribes another session from the topics a selector matches (its streams see reason
   * CONTROL).
   */
  public CompletableFuture<Void> unsubscribe(SessionId session, String selector) {
    return unsubscribe(session, selector, DEFAULT_SCOPE);
  }

  /** Unsubscribes every session a filter matches; completes with how many sessions. */
  public CompletableFuture<Integer> unsubscribe(String filter, String selector) {
    return unsubscribe(filter, selector, DEFAULT_SCOPE);
  }

  /**
   * As {@link #subscribe(SessionId, String)} in a selection scope (docs/TOPICS.md "Selection
   * scopes"; {@code ""} the default one).
   */
  public CompletableFuture<Void> subscribe(SessionId session, String selector, String scope) {
    return selection("subscribeSession", target(session), selector, scope).thenApply(ok -> null);
  }

  /** As {@link #subscribe(String, String)} in a selection scope; completes with the count. */
  public CompletableFuture<Integer> subscribe(String filter, String selector, String scope) {
    return selection("subscribeSession", target(filter), selector, scope)
        .thenApply(ClientControl::count);
  }

  /**
   * As {@link #unsubscribe(SessionId, String)} in one selection scope: topics another scope of the
   * session selects stay subscribed.
   */
  public CompletableFuture<Void> unsubscribe(SessionId session, String selector, String scope) {
    return selection("unsubscribeSession", target(session), selector, scope).thenApply(ok -> null);
  }

  /** As {@link #unsubscribe(String, String)} in one selection scope; completes with the count. */
  public CompletableFuture<Integer> unsubscribe(String filter, String selector, String scope) {
    return selection("unsubscribeSession", target(filter), selector, scope)
        .thenApply(ClientControl::count);
  }

  /** Unsubscribes another session from a selector in every selection scope. */
  public CompletableFuture<Void> unsubscribeAllScopes(SessionId session, String selector) {
    return selection("unsubscribeSessionAllScopes", target(session), selector, DEFAULT_SCOPE)
        .thenApply(ok -> null);
  }

  /** Unsubscribes every session a filter matches in every scope; completes with the count. */
  public CompletableFuture<Integer> unsubscribeAllScopes(String filter, String selector) {
    return selection("unsubscribeSessionAllScopes", target(filter), selector, DEFAULT_SCOPE)
        .thenApply(ClientControl::count);
  }

  /**
   * Another session's topic selections by selection scope (VIEW_SESSION): the selectors' canonical
   * expressions in the order made, the default scope under {@code ""}; a scope with no selection is
   * absent, a session with none gives an empty map.
   */
  public CompletableFuture<Map<String, List<String>>> getTopicSelections(SessionId session) {
    return request("getTopicSelections", target(session), null, null)
        .thenApply(
            ok -> {
              Map<String, List<String>> byScope = new LinkedHashMap<>();
              Messages.object(ok, "selections")
                  .forEach(
                      (scope, selectors) -> {
                        List<String> list = new ArrayList<>();
                        if (selectors instanceof List<?> values) {
                          values.forEach(v -> list.add(String.valueOf(v)));
                        }
                        byScope.put(scope, List.copyOf(list));
                      });
              return Collections.unmodifiableMap(byScope);
            });
  }

  /**
   * Turns the topics' CONFLATION policies on ({@code true}, each session's start) or off for
   * another session (VIEW_SESSION + MODIFY_SESSION; docs/TOPICS.md "Conflation"); completes with 1.
   */
  public CompletableFuture<Integer> setConflated(SessionId session, boolean conflated) {
    return request("setConflated", target(session), "conflated", conflated)
        .thenApply(ClientControl::count);
  }

  /** As {@link #setConflated(SessionId, boolean)} for every session a filter matches. */
  public CompletableFuture<Integer> setConflated(String filter, boolean conflated) {
    return request("setConflated", target(filter), "conflated", conflated)
        .thenApply(ClientControl::count);
  }

  /** A selection request on sessions: the selector, and the scope unless it is the default one. */
  private CompletableFuture<Map<String, Object>> selection(
      String type, Map<String, Object> target, String selector, String scope) {
    target.put("selector", Objects.requireNonNull(selector, "selector"));
    if (!Objects.requireNonNull(scope, "scope").isEmpty()) {
      target.put("scope", scope);
    }
    return connection.request(type, target);
  }

  /**
   * Registers a session properties listener for the given keys (property names, {@link
   * #ALL_FIXED_PROPERTIES}, {@link #ALL_USER_PROPERTIES}). The future completes once the server
   * accepted it; the listener then receives an open event for every existing session, then events
   * as they happen, until the registration is {@linkplain Registration#close() closed} or this
   * session closes. An open event repeated for the same session is delivered once.
   */
  public CompletableFuture<Registration> addSessionPropertiesListener(
      SessionPropertiesListener listener, String... keys) {
    Objects.requireNonNull(listener, "listener");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("keys", list(List.of(Objects.requireNonNull(keys, "keys")), "keys"));
    CompletableFuture<Registration> result = new CompletableFuture<>();
    // Sent from the event thread so that the registration exists before the events that follow
    // the answer are handled.
    connection.execute(
        () ->
            connection
                .request("addSessionListener", fields)
                .whenComplete(
                    (ok, error) -> {
                      if (error != null) {
                        result.completeExceptionally(unwrap(error));
                        return;
                      }
                      long id = Messages.number(ok, "id", -1);
                      ListenerRegistration registration = new ListenerRegistration(id, listener);
                      registrations.put(id, registration);
                      if (connection.getState().isClosed()) {
                        registration
                            .end(); // the session closed in between: no one else will end it
                      }
                      result.complete(registration);
                    }));
    return result;
  }

  // ------------------------------------------------------------ requests

  private CompletableFuture<Map<String, Object>> changeRoles(
      Map<String, Object> target, Set<String> remove, Set<String> add) {
    target.put("remove", list(remove, "remove"));
    return request("changeRoles", target, "add", list(add, "add"));
  }

  /**
   * The holder of a session lock, or empty when no session holds it (VIEW_SERVER). With the grid on
   * the holder may be a session of any node of the cluster.
   */
  public CompletableFuture<java.util.Optional<SessionLockDetails>> getSessionLock(String name) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", Objects.requireNonNull(name, "name"));
    return connection
        .request("getSessionLock", fields)
        .thenApply(
            ok ->
                SessionLockDetails.of(Messages.object(ok, "locks")).values().stream().findFirst());
  }

  /** Every held session lock by name, sorted; empty for none (VIEW_SERVER). */
  public CompletableFuture<Map<String, SessionLockDetails>> getSessionLocks() {
    return connection
        .request("getSessionLocks", new LinkedHashMap<>())
        .thenApply(ok -> SessionLockDetails.of(Messages.object(ok, "locks")));
  }

  private CompletableFuture<Map<String, Object>> request(
      String type, Map<String, Object> fields, String key, Object value) {
    if (key != null) {
      fields.put(key, value);
    }
    return connection.request(type, fields);
  }

  private static Map<String, Object> target(SessionId session) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("session", Objects.requireNonNull(session, "session").toString());
    return fields;
  }

  private static Map<String, Object> target(String filter) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("filter", Objects.requireNonNull(filter, "filter"));
    return fields;
  }

  private static List<String> list(Collection<String> values, String name) {
    List<String> list = new ArrayList<>(Objects.requireNonNull(values, name));
    for (String value : list) {
      Objects.requireNonNull(value, () -> "an element of " + name);
    }
    return list;
  }

  /** A copy keeping {@code null} values (they remove properties), refusing {@code null} keys. */
  private static Map<String, Object> copy(Map<String, String> properties) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry :
        Objects.requireNonNull(properties, "properties").entrySet()) {
      copy.put(Objects.requireNonNull(entry.getKey(), "a property key"), entry.getValue());
    }
    return copy;
  }

  private static Integer count(Map<String, Object> ok) {
    return (int) Messages.number(ok, "count", 0);
  }

  /** An object of strings and nulls as an unmodifiable map; other values are skipped. */
  private static Map<String, String> properties(Map<String, Object> message, String key) {
    Map<String, String> map = new HashMap<>();
    for (Map.Entry<String, Object> entry : Messages.object(message, key).entrySet()) {
      Object value = entry.getValue();
      if (value == null || value instanceof String) {
        map.put(entry.getKey(), (String) value);
      }
    }
    return Collections.unmodifiableMap(map);
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  // ------------------------------------------------------------ listener events

  private void onSessionEvent(Map<String, Object> message) {
    ListenerRegistration registration = registrations.get(Messages.number(message, "listener", -1));
    String session = Messages.string(message, "session", "");
    if (registration == null || session.isBlank()) {
      LOG.log(DEBUG, "Ignoring a session event for no registered listener: {0}", message);
      return;
    }
    try {
      registration.deliver(message, SessionId.of(session));
    } catch (RuntimeException e) {
      LOG.log(WARNING, "A session properties listener failed", e);
    }
  }

  /** One listener registration; its events arrive on the event thread only. */
  private final class ListenerRegistration implements Registration {

    private final long id;
    private final SessionPropertiesListener listener;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Set<SessionId> open = new HashSet<>(); // event thread only

    ListenerRegistration(long id, SessionPropertiesListener listener) {
      this.id = id;
      this.listener = listener;
    }

    void deliver(Map<String, Object> message, SessionId session) {
      Map<String, String> properties = properties(message, "properties");
      String type = Messages.string(message, "type", "");
      switch (type) {
        case "OPEN":
          if (open.add(session)) { // an OPEN may come twice while sessions open (§8)
            listener.onSessionOpen(session, properties);
          }
          break;
        case "CLOSED":
          open.remove(session);
          listener.onSessionClose(session, properties, reason(message));
          break;
        case "UPDATED":
        case "DISCONNECTED":
        case "RECONNECTED":
          listener.onSessionEvent(
              session, EventType.valueOf(type), properties, properties(message, "previous"));
          break;
        default:
          LOG.log(DEBUG, "Ignoring a session event of unknown type: {0}", message);
      }
    }

    private CloseReason reason(Map<String, Object> message) {
      return CloseReason.fromName(Messages.string(message, "reason", ""))
          .or(() -> CloseReason.fromCode((int) Messages.number(message, "code", -1)))
          .orElse(CloseReason.CLOSED_BY_SERVER);
    }

    @Override
    public CompletableFuture<Void> close() {
      if (!ended.compareAndSet(false, true)) {
        return CompletableFuture.completedFuture(null);
      }
      registrations.remove(id);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("listener", id);
      return connection
          .request("removeSessionListener", fields)
          .handle(
              (ok, error) -> {
                notifyClosed();
                Throwable cause = error == null ? null : unwrap(error);
                if (cause == null || cause instanceof SessionClosedException) {
                  return null; // a closed session has no listener left to remove
                }
                throw new CompletionException(cause);
              });
    }

    /** The session closed: the registration ends without telling the server. */
    void end() {
      if (ended.compareAndSet(false, true)) {
        registrations.remove(id);
        notifyClosed();
      }
    }

    private void notifyClosed() {
      try {
        listener.onClose();
      } catch (RuntimeException e) {
        LOG.log(WARNING, "A session properties listener failed in onClose", e);
      }
    }

    @Override
    public String toString() {
      return "Registration[listener " + id + (ended.get() ? ", ended]" : "]");
    }
  }
}
