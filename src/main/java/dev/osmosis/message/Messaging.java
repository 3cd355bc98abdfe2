package dev.osmosis.message;

import dev.osmosis.control.ClientControl;
import dev.osmosis.control.PropertyKeys;
import dev.osmosis.error.RequestException;
import dev.osmosis.filter.FilterSyntaxException;
import dev.osmosis.filter.SessionFilter;
import dev.osmosis.filter.SessionFilters;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.sweep.Sweep;
import dev.osmosis.topic.InvalidTopicPathException;
import dev.osmosis.topic.TopicPath;
import dev.osmosis.wire.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Request/response messaging (docs/PROTOCOL.md §10): handlers by path branch, requests to a path, a
 * session or a filter, and their responses. Permissions are checked on the requesting session's
 * roles; refusals are {@link RequestException}s. A session's handlers and the requests it must
 * answer end on its close path; requests end by timeout through {@link #sweep}, which the platform
 * calls periodically. Sessions and handlers of the cluster's other nodes are reached through a
 * {@link NodeRelay} ({@link NodeRequests}); with {@link LocalRelay} (the grid off) every path is
 * the one-server path. Thread-safe.
 */
public final class Messaging implements Sweep {

  private final SessionRegistry registry;
  private final SessionFilters filters;
  private final Supplier<SecurityStore> store;
  private final RequestSender sender;
  private final Clock clock;
  private final long timeoutMillis;
  private final RequestHandlers handlers = new RequestHandlers();
  private final PendingRequests pending;
  private final NodeRelay relay;
  private final NodeRequests nodes;
  private volatile MissingTopicRoutes missingTopics;

  /** Sessions that took part in messaging: their close hook is registered once. */
  private final Set<SessionId> attached = ConcurrentHashMap.newKeySet();

  public Messaging(
      SessionRegistry registry,
      SessionFilters filters,
      Supplier<SecurityStore> store,
      RequestSender sender,
      Clock clock,
      Duration timeout,
      int maxPendingPerSession) {
    this(
        registry,
        filters,
        store,
        sender,
        clock,
        timeout,
        maxPendingPerSession,
        LocalRelay.INSTANCE);
  }

  /**
   * @param relay how requests reach the other nodes of the cluster ({@link LocalRelay}: none);
   *     started here
   */
  public Messaging(
      SessionRegistry registry,
      SessionFilters filters,
      Supplier<SecurityStore> store,
      RequestSender sender,
      Clock clock,
      Duration timeout,
      int maxPendingPerSession,
      NodeRelay relay) {
    this.registry = registry;
    this.filters = filters;
    this.store = store;
    this.sender = sender;
    this.clock = clock;
    this.timeoutMillis = timeout.toMillis();
    this.pending = new PendingRequests(maxPendingPerSession);
    this.relay = relay;
    this.nodes = new NodeRequests(this, relay);
    relay.start(nodes);
  }

  /**
   * Lets {@code control} act on the sessions of the other nodes through this node's relay, and
   * serves the other nodes' operations on this node's sessions with it (docs/CLUSTER.md
   * "Sessions"). Nothing changes with the grid off.
   */
  public void connect(ClientControl control) {
    if (!relay.clustered()) {
      return;
    }
    NodeControl across = new NodeControl(relay, control, timeoutMillis);
    nodes.connect(across);
    control.connect(across);
  }

  /**
   * Registers {@code session} as the request handler of a path branch (REGISTER_HANDLER); returns
   * the branch.
   */
  public String addHandler(Session session, String path, List<String> propertyKeys) {
    require(session, GlobalPermission.REGISTER_HANDLER);
    String branch = canonical(path);
    attach(session);
    RequestHandlers.Handler handler = handlers.add(branch, session, propertyKeys);
    relay.handlerAdded(handler);
    if (!session.isOpen() && handlers.take(branch, session) != null) {
      relay.handlerRemoved(handler);
    }
    return branch;
  }

  /**
   * Makes again the request handler of a session this node resumed after its node died (fail-over,
   * docs/RECONNECTION.md), with the permission checked again; a registration of the same branch its
   * client then replays takes it over instead of conflicting with it.
   */
  public String restoreHandler(Session session, String path, List<String> propertyKeys) {
    require(session, GlobalPermission.REGISTER_HANDLER);
    String branch = canonical(path);
    attach(session);
    RequestHandlers.Handler handler = handlers.restore(branch, session, propertyKeys);
    relay.handlerAdded(handler);
    return branch;
  }

  /** Removes this session's handler of a branch; answers whether there was one. */
  public boolean removeHandler(Session session, String path) {
    RequestHandlers.Handler handler = handlers.take(canonical(path), session);
    if (handler == null) {
      return false;
    }
    relay.handlerRemoved(handler);
    return true;
  }

  /**
   * A request to the handler of the most specific registered branch of {@code path}
   * (SEND_TO_MESSAGE_HANDLER).
   */
  public void sendToPath(Session requester, String path, Payload request, Reply reply) {
    String canonical = canonical(path);
    require(requester, PathPermission.SEND_TO_MESSAGE_HANDLER, canonical);
    if (relay.clustered()) {
      nodes.sendToPath(requester, canonical, request, reply);
      return;
    }
    RequestHandlers.Handler handler =
        handlers.find(canonical).orElseThrow(() -> noHandler(canonical));
    sendToHandler(requester, handler, canonical, request, reply);
  }

  /** A request to a handler of this node (SEND_TO_MESSAGE_HANDLER checked). */
  void sendToHandler(
      Session requester,
      RequestHandlers.Handler handler,
      String canonical,
      Payload request,
      Reply reply) {
    requireRoom(requester, 1);
    Map<String, String> properties =
        handler.propertyKeys().isEmpty()
            ? Map.of()
            : PropertyKeys.select(handler.propertyKeys(), requester.properties());
    deliver(
        requester,
        handler.session(),
        canonical,
        handler.branch(),
        properties,
        request,
        reply,
        true);
  }

  /** A request to one session's request stream for {@code path} (SEND_TO_SESSION at the path). */
  public void sendToSession(
      Session requester, String sessionId, String path, Payload request, Reply reply) {
    String canonical = canonical(path);
    require(requester, PathPermission.SEND_TO_SESSION, canonical);
    Session target = local(sessionId);
    if (target == null && relay.clustered()) {
      String node = relay.nodeOf(sessionId);
      if (node != null) {
        requireRoom(requester, 1);
        nodes.send(requester, node, sessionId, canonical, null, Map.of(), request, reply);
        return;
      }
    }
    if (target == null) {
      throw new RequestException(ErrorCode.NOT_FOUND, "no session " + sessionId);
    }
    requireRoom(requester, 1);
    deliver(requester, target, canonical, null, Map.of(), request, reply, true);
  }

  /**
   * A request to every open session the filter matches (SEND_TO_SESSION at the path): {@code reply}
   * hears the count first, then one response or error per session. Refused with LIMIT_EXCEEDED,
   * before anything is sent, if the requester could not await that many more responses.
   */
  public int sendToFilter(
      Session requester, String filter, String path, Payload request, FilterReply reply) {
    String canonical = canonical(path);
    require(requester, PathPermission.SEND_TO_SESSION, canonical);
    SessionFilter compiled;
    try {
      compiled = filters.compile(filter);
    } catch (FilterSyntaxException e) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT, "invalid session filter: " + e.getMessage());
    }
    List<Session> targets = new ArrayList<>();
    for (Session session : registry.all()) {
      if (session.isOpen() && compiled.matches(session)) {
        targets.add(session);
      }
    }
    List<NodeRelay.RemoteSession> remote = relay.othersMatching(compiled);
    int count = targets.size() + remote.size();
    requireRoom(requester, count);
    reply.count(count);
    for (Session target : targets) {
      deliver(requester, target, canonical, null, Map.of(), request, of(reply, target.id()), false);
    }
    nodes.sendToSessions(requester, remote, canonical, request, reply);
    return count;
  }

  /** The end of one session's request to a filter, as the filter's reply hears it. */
  static Reply of(FilterReply reply, SessionId id) {
    return new Reply() {
      @Override
      public void response(Payload response) {
        reply.response(id, response);
      }

      @Override
      public void error(ErrorCode code, String message) {
        reply.error(id, code, message);
      }
    };
  }

  /**
   * {@code responder} answers request {@code rid}; false if it is not pending for it (late or not
   * its own).
   */
  public boolean respond(Session responder, long rid, Payload response) {
    return pending.respond(responder.id(), rid, response);
  }

  /**
   * {@code responder} answers request {@code rid} with an error: NOT_FOUND and INVALID_ARGUMENT
   * pass through (no request stream, a value of the wrong type), any other code becomes
   * REJECTED_REQUEST.
   */
  public boolean respondError(Session responder, long rid, ErrorCode code, String message) {
    ErrorCode passed =
        code == ErrorCode.NOT_FOUND || code == ErrorCode.INVALID_ARGUMENT
            ? code
            : ErrorCode.REJECTED_REQUEST;
    return pending.fail(responder.id(), rid, passed, message);
  }

  /** Ends every request past its timeout; answers how many. */
  public int sweep() {
    return pending.sweep(clock.millis());
  }

  /**
   * The platform's tick: {@link #sweep()} at the clock's time (the same injected clock as {@code
   * now}).
   */
  @Override
  public void sweep(long now) {
    sweep();
  }

  @Override
  public String sweepName() {
    return "the request timeout sweep";
  }

  /** Answered requests' round trips on this node, microseconds (PendingRequests#roundTrips). */
  public dev.osmosis.meter.Histogram roundTrips() {
    return pending.roundTrips();
  }

  /** Requests awaiting a response, server-wide. */
  public int pendingRequests() {
    return pending.size();
  }

  public RequestHandlers handlers() {
    return handlers;
  }

  private void deliver(
      Session requester,
      Session target,
      String path,
      String branch,
      Map<String, String> properties,
      Payload request,
      Reply reply,
      boolean one) {
    attach(requester);
    attach(target);
    long rid = pending.add(requester.id(), target.id(), clock.millis() + timeoutMillis, reply);
    if (!target.isOpen()) {
      pending.fail(
          target.id(), rid, ErrorCode.RECIPIENT_GONE, "session " + target.id() + " closed");
      return;
    }
    if (!requester.isOpen()) {
      pending.requesterGone(requester.id());
      return;
    }
    Request forwarded = new Request(rid, path, branch, requester.id(), properties, request);
    if (one) {
      sender.sendOne(target, forwarded);
    } else {
      sender.send(target, forwarded);
    }
  }

  /**
   * The first time a session takes part, its close path learns to end its handlers and requests.
   */
  NodeRelay relay() {
    return relay;
  }

  NodeRequests nodes() {
    return nodes;
  }

  /** Missing topic handlers across nodes, once connected ({@link MissingTopicRoutes}); or null. */
  MissingTopicRoutes missingTopics() {
    return missingTopics;
  }

  void missingTopics(MissingTopicRoutes routes) {
    this.missingTopics = routes;
  }

  void attach(Session session) {
    if (attached.add(session.id())) {
      session.onClose(
          (s, reason) -> {
            for (RequestHandlers.Handler handler : handlers.removeAll(s)) {
              relay.handlerRemoved(handler);
            }
            pending.recipientGone(
                s.id(), "session " + s.id() + " closed (" + reason + ") before responding");
            pending.requesterGone(s.id());
            attached.remove(s.id());
          });
    }
  }

  void requireRoom(Session requester, int more) {
    if (!pending.hasRoom(requester.id(), more)) {
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "a session may await at most "
              + pending.limit()
              + " responses at once (maxPendingRequests); "
              + pending.pendingFor(requester.id())
              + " pending, "
              + more
              + " more asked");
    }
  }

  /** The open session {@code sessionId} of this node, or null. */
  Session local(String sessionId) {
    SessionId id;
    try {
      id = SessionId.parse(sessionId);
    } catch (IllegalArgumentException e) {
      throw new RequestException(
          ErrorCode.NOT_FOUND, "no session " + sessionId + " (not a session id)");
    }
    return registry.get(id).filter(Session::isOpen).orElse(null);
  }

  static RequestException noHandler(String path) {
    return new RequestException(ErrorCode.NOT_FOUND, "no request handler for path " + path);
  }

  PendingRequests pending() {
    return pending;
  }

  long deadline() {
    return clock.millis() + timeoutMillis;
  }

  RequestSender sender() {
    return sender;
  }

  static String canonical(String path) {
    try {
      return TopicPath.canonical(path);
    } catch (InvalidTopicPathException e) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT, "invalid message path: " + e.getMessage());
    }
  }

  private void require(Session session, GlobalPermission permission) {
    if (!store.get().policy().has(session.roles(), permission)) {
      throw new RequestException(
          ErrorCode.PERMISSION_DENIED,
          "principal '" + session.principal() + "' lacks the " + permission + " permission");
    }
  }

  private void require(Session session, PathPermission permission, String path) {
    if (!store.get().policy().has(session.roles(), permission, path)) {
      throw new RequestException(
          ErrorCode.PERMISSION_DENIED,
          "principal '"
              + session.principal()
              + "' lacks the "
              + permission
              + " permission at "
              + path);
    }
  }
}
