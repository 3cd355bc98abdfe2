package dev.osmosis.control;

import dev.osmosis.cluster.SessionDirectory;
import dev.osmosis.error.RequestException;
import dev.osmosis.filter.FilterSyntaxException;
import dev.osmosis.filter.SessionFilter;
import dev.osmosis.filter.SessionFilters;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.Permissions;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.session.SessionProperties;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import dev.osmosis.wire.SelectionScope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Sessions acting on other sessions (seed 000's ClientControl; docs/PROTOCOL.md §8): read and
 * change properties, change roles, close, by session id or by session filter. Shared by the
 * WebSocket protocol and the admin API. Every call checks the caller's permissions first; failures
 * are {@link RequestException}s with stable codes. Thread-safe.
 */
public final class ClientControl {
  private static final System.Logger LOG = System.getLogger(ClientControl.class.getName());

  private final SessionRegistry registry;
  private final SessionFilters filters;
  private final Supplier<SecurityStore> store;
  private volatile OtherNodes others = OtherNodes.NONE;
  private volatile SessionSelections selections;
  private volatile SessionDirectory directory;
  private final SessionListeners listeners = new SessionListeners();

  public ClientControl(
      SessionRegistry registry, SessionFilters filters, Supplier<SecurityStore> store) {
    this.registry = registry;
    this.filters = filters;
    this.store = store;
  }

  public SessionRegistry registry() {
    return registry;
  }

  /** Each session's session properties listeners (registered through {@link #listen}). */
  public SessionListeners listeners() {
    return listeners;
  }

  /**
   * Connects the other nodes of the cluster: from now on close, set properties and change roles
   * reach their sessions too (by id: the node that has it; by filter: every node with sessions it
   * matches, results summed). Called once at start on a clustered node.
   */
  public void connect(OtherNodes others) {
    this.others = others;
  }

  /**
   * Connects the session directory: from now on session properties listeners hear the other nodes'
   * sessions too (docs/CLUSTER.md "Sessions"). Called once at start.
   */
  public void connect(SessionDirectory directory) {
    this.directory = directory;
  }

  /**
   * Connects the subscription engine that serves other nodes' subscribe and unsubscribe operations
   * on this node's sessions; called once at start.
   */
  public void connect(SessionSelections selections) {
    this.selections = selections;
  }

  /**
   * Subscribes ({@code subscribe} true) or unsubscribes the target's sessions to or from a topic
   * selector in the default selection scope (VIEW_SESSION + MODIFY_SESSION), on any node; answers
   * how many sessions. This node's sessions go through {@code here}, the other nodes' through
   * theirs.
   */
  public int subscribe(
      Caller caller, Target target, String selector, boolean subscribe, SessionSelections here) {
    return subscribe(caller, target, selector, SelectionScope.DEFAULT, subscribe, here);
  }

  /**
   * As {@link #subscribe(Caller, Target, String, boolean, SessionSelections)} in selection scope
   * {@code scope} ({@code ""} the default one; null, to unsubscribe, from every scope).
   *
   * @throws RequestException 4001 for a bad scope name, before any session is touched
   */
  public int subscribe(
      Caller caller,
      Target target,
      String selector,
      String scope,
      boolean subscribe,
      SessionSelections here) {
    requireModify(caller);
    if (scope == null ? subscribe : SelectionScope.problem(scope) != null) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT,
          "invalid selection scope: it "
              + (scope == null ? "is missing" : SelectionScope.problem(scope)));
    }
    String kind = subscribe ? ControlOperation.SUBSCRIBE : ControlOperation.UNSUBSCRIBE;
    Map<String, String> arguments = new java.util.LinkedHashMap<>();
    arguments.put("selector", selector);
    if (scope == null) {
      arguments.put("allScopes", "true");
    } else if (!scope.isEmpty()) {
      arguments.put("scope", scope);
    }
    return count(
        target,
        new ControlOperation(kind, caller, target, arguments, Set.of(), Set.of()),
        () -> subscribeHere(target, selector, scope, subscribe, here));
  }

  /** Runs {@code op} where the target's sessions are: this node, the other nodes; sums counts. */
  private int count(Target target, ControlOperation op, java.util.function.IntSupplier here) {
    String node = remoteNode(target);
    if (node != null) {
      return ControlOperation.count(others.apply(node, op.encode()));
    }
    Set<String> nodes = otherNodes(target);
    int sessions = here.getAsInt();
    for (String other : nodes) {
      sessions += ControlOperation.count(others.apply(other, op.encode()));
    }
    return sessions;
  }

  private int subscribeHere(
      Target target,
      String selector,
      String scope,
      boolean subscribe,
      SessionSelections selections) {
    if (selections == null) {
      throw new RequestException(
          ErrorCode.INTERNAL_ERROR, "this node does not serve subscription control");
    }
    int sessions = 0;
    for (Session session : resolve(target)) {
      if (subscribe) {
        selections.select(session, selector, scope);
      } else {
        selections.unselect(session, selector, scope);
      }
      sessions++;
    }
    return sessions;
  }

  /**
   * One session's topic selections by selection scope (VIEW_SESSION), on any node: the canonical
   * expressions in the order made, the default scope as {@code ""}; a scope with none is absent.
   */
  public Map<String, List<String>> selections(
      Caller caller, String sessionId, SessionSelections here) {
    require(caller, GlobalPermission.VIEW_SESSION);
    Target target = Target.session(sessionId);
    String node = remoteNode(target);
    if (node != null) {
      ControlOperation op =
          new ControlOperation(
              ControlOperation.SELECTIONS, caller, target, Map.of(), Set.of(), Set.of());
      return ControlOperation.selections(others.apply(node, op.encode()));
    }
    return served(here).selections(find(sessionId));
  }

  /**
   * Turns the topics' CONFLATION policies on or off for the target's sessions (VIEW_SESSION +
   * MODIFY_SESSION), on any node; answers how many sessions.
   */
  public int setConflated(Caller caller, Target target, boolean conflated, SessionSelections here) {
    requireModify(caller);
    ControlOperation op =
        new ControlOperation(
            ControlOperation.CONFLATE,
            caller,
            target,
            Map.of("conflated", String.valueOf(conflated)),
            Set.of(),
            Set.of());
    return count(target, op, () -> conflateHere(target, conflated, here));
  }

  private int conflateHere(Target target, boolean conflated, SessionSelections selections) {
    List<Session> sessions = resolve(target);
    sessions.forEach(s -> served(selections).conflate(s, conflated));
    return sessions.size();
  }

  private static SessionSelections served(SessionSelections selections) {
    if (selections == null) {
      throw new RequestException(
          ErrorCode.INTERNAL_ERROR, "this node does not serve subscription control");
    }
    return selections;
  }

  /**
   * Carries out an operation another node sent ({@link ControlOperation}'s JSON) on this node's
   * sessions only, with the same permission checks; answers its result.
   *
   * @throws RequestException as the same call made on this node would
   */
  public String serve(String operation) {
    ControlOperation op = ControlOperation.decode(operation);
    Caller caller = op.caller();
    if (!ControlOperation.SELECTIONS.equals(op.kind())) {
      requireModify(caller);
    }
    return switch (op.kind()) {
      case ControlOperation.CLOSE -> ControlOperation.count(closeHere(caller, op.target()));
      case ControlOperation.ROLES -> {
        requireGrantable(caller, op.add());
        yield ControlOperation.count(rolesHere(op.target(), op.remove(), op.add()));
      }
      case ControlOperation.SUBSCRIBE, ControlOperation.UNSUBSCRIBE ->
          ControlOperation.count(
              subscribeHere(
                  op.target(),
                  op.properties().get("selector"),
                  op.properties().containsKey("allScopes")
                      ? null
                      : op.properties().getOrDefault("scope", SelectionScope.DEFAULT),
                  ControlOperation.SUBSCRIBE.equals(op.kind()),
                  selections));
      case ControlOperation.CONFLATE ->
          ControlOperation.count(
              conflateHere(
                  op.target(), "true".equals(op.properties().get("conflated")), selections));
      case ControlOperation.SELECTIONS -> {
        require(caller, GlobalPermission.VIEW_SESSION);
        yield ControlOperation.selections(
            served(selections).selections(find(op.target().sessionId())));
      }
      case ControlOperation.PROPERTIES ->
          ControlOperation.previous(propertiesHere(op.target(), op.properties()));
      default ->
          throw new RequestException(
              ErrorCode.INVALID_ARGUMENT, "unknown control operation " + op.kind());
    };
  }

  /**
   * The selected properties of one session (VIEW_SESSION, unless a session asks for its own:
   * Diffusion's Session.getSessionProperties needs no permission).
   */
  public Map<String, String> properties(Caller caller, String sessionId, Collection<String> keys) {
    if (caller.session() == null || !caller.session().equals(sessionId)) {
      require(caller, GlobalPermission.VIEW_SESSION);
    }
    return PropertyKeys.select(keys, find(sessionId).properties());
  }

  /**
   * The sessions a target addresses (VIEW_SESSION); a bad filter is error 4001 naming the position.
   */
  public List<Session> sessions(Caller caller, Target target) {
    require(caller, GlobalPermission.VIEW_SESSION);
    return resolve(target);
  }

  /**
   * Sets user properties (a null value removes one) on the target's sessions (VIEW_SESSION +
   * MODIFY_SESSION).
   *
   * @return for each changed session, the previous values of the given keys
   */
  public List<Map<String, String>> setProperties(
      Caller caller, Target target, Map<String, String> changes) {
    requireModify(caller);
    changes.forEach(
        (key, value) -> {
          if (key != null && SessionProperties.isFixed(key)) {
            throw new RequestException(
                ErrorCode.INVALID_ARGUMENT,
                "fixed property "
                    + key
                    + " cannot be set"
                    + (SessionProperties.ROLES.equals(key)
                        ? "; change roles with changeRoles"
                        : ""));
          }
          try {
            SessionProperties.validateUserProperty(key, value == null ? "" : value);
          } catch (SessionProperties.InvalidPropertyException e) {
            throw new RequestException(ErrorCode.INVALID_PROPERTY, e.getMessage());
          }
        });
    String node = remoteNode(target);
    ControlOperation op =
        new ControlOperation(
            ControlOperation.PROPERTIES, caller, target, changes, Set.of(), Set.of());
    if (node != null) {
      return ControlOperation.previous(others.apply(node, op.encode()));
    }
    Set<String> nodes = otherNodes(target);
    List<Map<String, String>> previous = propertiesHere(target, changes);
    for (String other : nodes) {
      previous.addAll(ControlOperation.previous(others.apply(other, op.encode())));
    }
    return previous;
  }

  private List<Map<String, String>> propertiesHere(Target target, Map<String, String> changes) {
    List<Map<String, String>> previous = new ArrayList<>();
    for (Session session : resolve(target)) {
      try {
        previous.add(session.updateUserProperties(changes));
      } catch (SessionProperties.InvalidPropertyException e) {
        if (target.isSession()) {
          throw new RequestException(ErrorCode.LIMIT_EXCEEDED, e.getMessage());
        }
        LOG.log(
            System.Logger.Level.INFO, "session {0} not updated: {1}", session.id(), e.getMessage());
      }
    }
    return previous;
  }

  /**
   * Removes then adds roles on the target's sessions (VIEW_SESSION + MODIFY_SESSION); answers how
   * many. A caller may grant only roles it holds itself (directly or through includes) unless it
   * has MODIFY_SECURITY: otherwise MODIFY_SESSION would let a session make itself ADMINISTRATOR.
   */
  public int changeRoles(Caller caller, Target target, Set<String> remove, Set<String> add) {
    requireModify(caller);
    for (String role : add) {
      if (role == null || role.isEmpty()) {
        throw new RequestException(ErrorCode.INVALID_ARGUMENT, "a role name must not be empty");
      }
    }
    requireGrantable(caller, add);
    ControlOperation op =
        new ControlOperation(ControlOperation.ROLES, caller, target, Map.of(), remove, add);
    return count(target, op, () -> rolesHere(target, remove, add));
  }

  private int rolesHere(Target target, Set<String> remove, Set<String> add) {
    List<Session> sessions = resolve(target);
    sessions.forEach(s -> s.changeRoles(remove, add));
    return sessions.size();
  }

  /**
   * Closes the target's sessions with CLOSED_BY_CONTROLLER (VIEW_SESSION + MODIFY_SESSION); answers
   * how many.
   */
  public int close(Caller caller, Target target) {
    requireModify(caller);
    ControlOperation op =
        new ControlOperation(ControlOperation.CLOSE, caller, target, Map.of(), Set.of(), Set.of());
    return count(target, op, () -> closeHere(caller, target));
  }

  private int closeHere(Caller caller, Target target) {
    int closed = 0;
    for (Session session : resolve(target)) {
      if (session.close(
          CloseReason.CLOSED_BY_CONTROLLER, "closed by '" + caller.principal() + "'")) {
        closed++;
      }
    }
    return closed;
  }

  /**
   * Registers a session properties listener (VIEW_SESSION + REGISTER_HANDLER): {@code events} first
   * hears every open session, then changes; in a cluster, the other nodes' sessions too (from the
   * session directory). The returned handle unregisters it.
   */
  public Runnable listen(Caller caller, Collection<String> keys, SessionEvents.Sink events) {
    requireListen(caller);
    SessionEvents listener = new SessionEvents(List.copyOf(keys), events);
    registry.addListener(listener);
    for (Session session : registry.all()) {
      if (session.isOpen()) {
        listener.opened(session);
      }
    }
    SessionDirectory all = directory;
    SessionDirectory.Watching others =
        all == null ? SessionDirectory.Watching.NONE : all.watch(listener);
    listener.watching(others);
    return () -> {
      registry.removeListener(listener);
      others.stop();
    };
  }

  /**
   * Checks the permissions {@link #listen} needs (VIEW_SESSION + REGISTER_HANDLER), for a boundary
   * that answers the registration before the first events: it must not answer {@code ok} to a
   * caller that is then refused.
   */
  public void requireListen(Caller caller) {
    require(caller, GlobalPermission.VIEW_SESSION);
    require(caller, GlobalPermission.REGISTER_HANDLER);
  }

  /**
   * The other node that has the target's session, or null: the target is a filter, the session is
   * this node's, or no node has it (then {@link #resolve} answers NOT_FOUND as before).
   */
  private String remoteNode(Target target) {
    OtherNodes to = others;
    if (!target.isSession() || to == OtherNodes.NONE) {
      return null;
    }
    try {
      if (registry.get(SessionId.parse(target.sessionId())).isPresent()) {
        return null;
      }
    } catch (IllegalArgumentException notAnId) {
      return null;
    }
    return to.nodeOf(target.sessionId());
  }

  /** The other nodes with sessions the target's filter matches (none for a session id). */
  private Set<String> otherNodes(Target target) {
    OtherNodes to = others;
    if (target.isSession() || to == OtherNodes.NONE) {
      return Set.of();
    }
    return to.nodesMatching(compile(target.filter()));
  }

  private SessionFilter compile(String filter) {
    try {
      return filters.compile(filter);
    } catch (FilterSyntaxException e) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT, "invalid session filter: " + e.getMessage());
    }
  }

  private List<Session> resolve(Target target) {
    if (target.isSession()) {
      return List.of(find(target.sessionId()));
    }
    SessionFilter filter = compile(target.filter());
    List<Session> matching = new ArrayList<>();
    for (Session session : registry.all()) {
      if (session.isOpen() && filter.matches(session)) {
        matching.add(session);
      }
    }
    return matching;
  }

  private Session find(String sessionId) {
    try {
      return registry
          .get(SessionId.parse(sessionId))
          .orElseThrow(() -> new RequestException(ErrorCode.NOT_FOUND, "no session " + sessionId));
    } catch (IllegalArgumentException e) {
      throw new RequestException(
          ErrorCode.NOT_FOUND, "no session " + sessionId + " (not a session id)");
    }
  }

  private void requireGrantable(Caller caller, Set<String> roles) {
    Permissions own = store.get().policy().permissions(caller.roles());
    if (own.has(GlobalPermission.MODIFY_SECURITY)) {
      return;
    }
    for (String role : new TreeSet<>(roles)) {
      if (!caller.roles().contains(role) && !own.closure().contains(role)) {
        throw new RequestException(
            ErrorCode.PERMISSION_DENIED,
            "principal '"
                + caller.principal()
                + "' cannot grant role '"
                + role
                + "': it does not hold it, and granting a role one does not hold"
                + " needs the "
                + GlobalPermission.MODIFY_SECURITY
                + " permission");
      }
    }
  }

  /** The caller's own permissions (no permission needed: Security.getGlobalPermissions). */
  public Permissions permissions(Caller caller) {
    return store.get().policy().permissions(caller.roles());
  }

  private void requireModify(Caller caller) {
    require(caller, GlobalPermission.VIEW_SESSION);
    require(caller, GlobalPermission.MODIFY_SESSION);
  }

  private void require(Caller caller, GlobalPermission permission) {
    if (!store.get().policy().has(caller.roles(), permission)) {
      throw new RequestException(
          ErrorCode.PERMISSION_DENIED,
          "principal '" + caller.principal() + "' lacks the " + permission + " permission");
    }
  }
}
