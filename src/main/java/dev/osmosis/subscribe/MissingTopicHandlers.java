package dev.osmosis.subscribe;

import dev.osmosis.control.PropertyKeys;
import dev.osmosis.error.RequestException;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.selector.TopicSelector;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.topic.TopicPath;
import dev.osmosis.wire.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Missing topic handlers (docs/TOPICS.md "Missing topic handlers"). A session registers as the
 * handler of a path branch (MODIFY_TOPIC there; one handler per branch). When a {@code select}
 * matches no existing topic, the handler of the most specific branch containing the selector's
 * literal prefix is sent a {@code missingTopic} request (the selector, its prefix, the requester's
 * id and the properties the handler asked for); the select is answered once the handler answers
 * {@code proceed} or {@code cancel}, or its session closes, or the timeout passes — never later.
 * The selection itself is made before the handler is asked and persists whatever the answer, so a
 * topic the handler adds subscribes the requester before the select is answered.
 *
 * <p>Bounded (docs/ARCHITECTURE.md, bounded by settings): a select repeated while its request is
 * outstanding joins it (one request per requester and selector, every such select answered with its
 * outcome); the requests outstanding are capped server-wide and per requester ({@link
 * dev.osmosis.selector.SelectionLimits}), past which a select that would ask a handler is refused
 * with 4029 before anything is selected. The requester's properties go to the handler only if the
 * handler's session has VIEW_SESSION (MODIFY_TOPIC alone does not show other sessions' properties).
 * Thread-safe.
 */
public final class MissingTopicHandlers {

  /** How long a select waits for a handler by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Runs a task after a delay; answers an action that cancels it. */
  @FunctionalInterface
  public interface Timer {
    Runnable schedule(Runnable task, Duration delay);
  }

  /** How a select that asked a handler ended. */
  public enum Outcome {
    /** The handler answered proceed. */
    PROCEED,
    /** The handler answered cancel. */
    CANCEL,
    /** The handler did not answer within the timeout. */
    TIMEOUT,
    /** The handler's session closed, or it removed the handler, before answering. */
    HANDLER_GONE
  }

  /**
   * The answer to a select: the number of topics it subscribed the session to, and, if a handler
   * was asked, how that ended (null if none was).
   */
  public record Answer(int count, Outcome outcome) {}

  private record Handler(Session session, String branch, List<String> keys) {}

  /**
   * Where the handlers of the other nodes are (docs/CLUSTER.md "Topics"): this node's handlers are
   * published through it, and a select that no handler of this node covers asks the most specific
   * branch's handler on another node through it. {@link #NONE} with the grid off.
   */
  public interface Span {
    /** No other node: nothing published, no handler elsewhere. */
    Span NONE =
        new Span() {
          @Override
          public void added(Session session, String branch, List<String> keys) {}

          @Override
          public void removed(Session session, String branch, List<String> keys) {}

          @Override
          public Remote find(String branch) {
            return null;
          }

          @Override
          public void ask(
              Session requester,
              Remote handler,
              String selector,
              String prefix,
              Consumer<Outcome> outcome) {
            throw new IllegalStateException("no other node");
          }
        };

    /** A handler of this node was registered (again, maybe with other keys). */
    void added(Session session, String branch, List<String> keys);

    /** A handler of this node ended. */
    void removed(Session session, String branch, List<String> keys);

    /** A handler of another node for exactly {@code branch}, or null. */
    Remote find(String branch);

    /**
     * Asks the handler on its node; {@code outcome} gets its end once (null: that node could not
     * take the request, answered as if no handler covered the select).
     */
    void ask(
        Session requester,
        Remote handler,
        String selector,
        String prefix,
        Consumer<Outcome> outcome);
  }

  /** A handler of another node: its node, branch and the requester's properties it wants. */
  public record Remote(String node, String branch, List<String> keys) {}

  /** One outstanding request per requester and selector. */
  private record Key(SessionId requester, String selector) {}

  /** An outstanding request; {@code answers} guarded by the handlers' {@code lock}. */
  private static final class Pending {
    final Key key;
    final Session requester;
    final TopicSelector selector;
    final Handler handler; // null when the handler is on another node
    final List<Consumer<Answer>> answers = new ArrayList<>(1);
    volatile Runnable cancelTimer;

    /** {@code requester} and {@code selector} are null for a select made on another node. */
    Pending(Key key, Session requester, TopicSelector selector, Handler handler) {
      this.key = key;
      this.requester = requester;
      this.selector = selector;
      this.handler = handler;
    }
  }

  private static volatile ScheduledThreadPoolExecutor defaultTimer;

  private final Subscriptions subscriptions;
  private final Supplier<SecurityStore> store;
  private final Timer timer;
  private final Duration timeout;

  /**
   * Most branches one session may handle (docs/ARCHITECTURE.md: nothing unbounded that a client
   * controls).
   */
  public static final int MAX_PER_SESSION = 1_000;

  private final ConcurrentHashMap<String, Handler> handlers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong rids = new AtomicLong();
  private volatile Span span = Span.NONE;

  /** Guards {@code byKey}, {@code perRequester} and adding to or removing from {@code pending}. */
  private final Object lock = new Object();

  private final Map<Key, Long> byKey = new HashMap<>();
  private final Map<SessionId, Integer> perRequester = new HashMap<>();

  MissingTopicHandlers(Subscriptions subscriptions, Supplier<SecurityStore> store) {
    this(subscriptions, store, MissingTopicHandlers::scheduleOnDefaultTimer, DEFAULT_TIMEOUT);
  }

  /** With an injected timer and timeout (tests). */
  public MissingTopicHandlers(
      Subscriptions subscriptions, Supplier<SecurityStore> store, Timer timer, Duration timeout) {
    this.subscriptions = subscriptions;
    this.store = store;
    this.timer = timer;
    this.timeout = timeout;
  }

  /** The other nodes' handlers (set once at start when clustered). */
  public void span(Span span) {
    this.span = span;
  }

  /**
   * Registers the session as the handler of the branch at {@code path}; registering again replaces
   * its property keys. Ends when the session closes.
   *
   * @param keys the requester's property keys to send with each notification ({@code *F}, {@code
   *     *U} allowed)
   * @return the canonical branch path
   * @throws RequestException 4001 for a bad path, 3001 without MODIFY_TOPIC at it, 4009 if another
   *     session handles the branch
   */
  public String register(Session session, String path, List<String> keys) {
    String branch;
    try {
      branch = TopicPath.canonical(path);
    } catch (IllegalArgumentException e) {
      throw new RequestException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
    }
    if (!Access.has(store.get(), session, PathPermission.MODIFY_TOPIC, branch)) {
      throw new RequestException(
          ErrorCode.PERMISSION_DENIED,
          "principal '" + session.principal() + "' lacks MODIFY_TOPIC at '" + branch + "'");
    }
    Handler current = handlers.get(branch);
    boolean renewal = current != null && current.session == session;
    if (!renewal
        && handlers.values().stream().filter(h -> h.session == session).count()
            >= MAX_PER_SESSION) {
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "a session may handle at most " + MAX_PER_SESSION + " missing topic branches");
    }
    Handler handler = new Handler(session, branch, List.copyOf(keys));
    boolean[] added = {false};
    Handler existing =
        handlers.compute(
            branch,
            (k, old) -> {
              if (old == null) {
                added[0] = true;
                return handler;
              }
              return old.session == session ? handler : old;
            });
    if (existing != handler) {
      throw new RequestException(
          ErrorCode.HANDLER_CONFLICT,
          "branch '"
              + branch
              + "' already has a missing topic handler (session "
              + existing.session.id()
              + ")");
    }
    if (added[0]) {
      // once per registration: registering the same branch again only replaces its keys
      session.onClose((s, reason) -> unregister(s, branch));
    }
    if (current != null && current.session == session && !current.keys.equals(handler.keys)) {
      span.removed(session, branch, current.keys);
    }
    span.added(session, branch, handler.keys);
    return branch;
  }

  /**
   * The branches {@code session} handles, with the requester property keys of each (what fail-over
   * keeps of it, docs/RECONNECTION.md).
   */
  public Map<String, List<String>> of(Session session) {
    if (handlers.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> branches = new java.util.TreeMap<>();
    for (Handler h : handlers.values()) {
      if (h.session == session) {
        branches.put(h.branch, h.keys);
      }
    }
    return branches;
  }

  /** Removes the session's handler of the branch; its unanswered requests end as HANDLER_GONE. */
  public boolean unregister(Session session, String path) {
    String branch;
    try {
      branch = TopicPath.canonical(path);
    } catch (IllegalArgumentException e) {
      return false;
    }
    Handler[] removed = {null};
    handlers.computeIfPresent(
        branch,
        (k, h) -> {
          if (h.session == session) {
            removed[0] = h;
            return null;
          }
          return h;
        });
    if (removed[0] != null) {
      span.removed(session, branch, removed[0].keys);
      for (Map.Entry<Long, Pending> e : pending.entrySet()) {
        Handler h = e.getValue().handler;
        if (h != null && h.session == session && h.branch.equals(branch)) {
          complete(e.getKey(), Outcome.HANDLER_GONE);
        }
      }
    }
    return removed[0] != null;
  }

  /**
   * Selects for the session ({@link Subscriptions#select}) and hands {@code answer} the outcome: at
   * once, unless the selector matches no topic and a handler covers it; then once the handler has
   * answered, gone or timed out. {@code answer} runs exactly once, on this thread or on the
   * handler's or timer's.
   *
   * @throws RequestException as {@link Subscriptions#select}, before anything is asked
   */
  public void select(Session requester, String selectorText, Consumer<Answer> answer) {
    select(requester, selectorText, null, answer);
  }

  /**
   * As {@link #select(Session, String, Consumer)} in selection scope {@code scope} (null: the
   * default one; docs/TOPICS.md "Selection scopes").
   */
  public void select(
      Session requester, String selectorText, String scope, Consumer<Answer> answer) {
    SelectionScopes.validate(scope);
    TopicSelector selector = subscriptions.compile(selectorText);
    Key key = new Key(requester.id(), selector.expression());
    if (targetFor(selector, new String[1]) != null) {
      String full = noRoom(requester, key);
      if (full != null && !anyTopicMatches(selector)) {
        throw new RequestException(ErrorCode.LIMIT_EXCEEDED, full); // before anything is selected
      }
    }
    int count = subscriptions.select(requester, selectorText, scope);
    String[] prefix = {null};
    Object target = count > 0 || anyTopicMatches(selector) ? null : targetFor(selector, prefix);
    Handler handler = target instanceof Handler h ? h : null;
    if (target == null || handler != null && !handler.session.isOpen()) {
      answer.accept(new Answer(count, null));
      return;
    }
    long rid;
    Pending p;
    synchronized (lock) {
      Long outstanding = byKey.get(key);
      Pending joined = outstanding == null ? null : pending.get(outstanding);
      if (joined != null) {
        joined.answers.add(answer); // a repeat: answered with the outstanding request's outcome
        return;
      }
      if (pending.size() >= limits().maxMissingTopicRequests()
          || perRequester.getOrDefault(requester.id(), 0)
              >= limits().maxMissingTopicRequestsPerSession()) {
        p = null; // raced past a cap since the check above: answer as if no handler covered it
        rid = 0;
      } else {
        rid = rids.incrementAndGet();
        p = new Pending(key, requester, selector, handler);
        p.answers.add(answer);
        pending.put(rid, p);
        byKey.put(key, rid);
        perRequester.merge(requester.id(), 1, Integer::sum);
      }
    }
    if (p == null) {
      answer.accept(new Answer(count, null));
      return;
    }
    p.cancelTimer = timer.schedule(() -> complete(rid, Outcome.TIMEOUT), timeout);
    if (target instanceof Remote remote) {
      try {
        span.ask(requester, remote, selectorText, prefix[0], outcome -> complete(rid, outcome));
      } catch (RuntimeException e) {
        complete(rid, Outcome.HANDLER_GONE);
      }
      return;
    }
    handler
        .session
        .connection()
        .send(
            subscriptions
                .encoder()
                .missingTopic(
                    rid,
                    handler.branch,
                    selectorText,
                    prefix[0],
                    requester.id().toString(),
                    propertiesFor(handler, requester)));
    if (!handler.session.isOpen()) {
      complete(
          rid,
          Outcome.HANDLER_GONE); // closed meanwhile: its close hook may have run before the put
    }
  }

  private dev.osmosis.selector.SelectionLimits limits() {
    return subscriptions.limits();
  }

  /**
   * Why one more outstanding request for the requester would pass a cap; null if it would not or it
   * would join one.
   */
  private String noRoom(Session requester, Key key) {
    synchronized (lock) {
      if (byKey.containsKey(key)) {
        return null;
      }
      int total = limits().maxMissingTopicRequests();
      if (pending.size() >= total) {
        return "too many selects are waiting for missing topic handlers: the limit is "
            + total
            + " for the server";
      }
      int perSession = limits().maxMissingTopicRequestsPerSession();
      if (perRequester.getOrDefault(requester.id(), 0) >= perSession) {
        return "too many of this session's selects are waiting for missing topic handlers: the limit is "
            + perSession
            + " per session";
      }
      return null;
    }
  }

  /**
   * The requester's properties the handler asked for, if the handler's session may see sessions'
   * properties.
   */
  private Map<String, String> propertiesFor(Handler handler, Session requester) {
    return propertiesFor(handler, requester.properties());
  }

  private Map<String, String> propertiesFor(Handler handler, Map<String, String> properties) {
    if (handler.keys.isEmpty()
        || !store.get().policy().has(handler.session.roles(), GlobalPermission.VIEW_SESSION)) {
      return Map.of();
    }
    return PropertyKeys.select(handler.keys, properties);
  }

  /**
   * A select made on another node that this node's handler of {@code branch} is to answer: sends
   * the handler its request (the caps of this node apply) and hands {@code outcome} its end once;
   * null if no request was sent (no such handler, or a cap is reached).
   *
   * @param properties the requester's properties the handler asked for (selected by the other node;
   *     sent only if the handler's session may see them)
   */
  public void serveRemote(
      SessionId requester,
      String branch,
      String selectorText,
      String prefix,
      Map<String, String> properties,
      Consumer<Outcome> outcome) {
    Handler handler = handlers.get(branch);
    if (handler == null || !handler.session.isOpen()) {
      outcome.accept(Outcome.HANDLER_GONE);
      return;
    }
    Key key = new Key(requester, selectorText);
    long rid;
    synchronized (lock) {
      if (pending.size() >= limits().maxMissingTopicRequests()
          || perRequester.getOrDefault(requester, 0)
              >= limits().maxMissingTopicRequestsPerSession()) {
        rid = 0;
      } else {
        rid = rids.incrementAndGet();
        Pending p = new Pending(key, null, null, handler);
        p.answers.add(a -> outcome.accept(a.outcome()));
        pending.put(rid, p);
        perRequester.merge(requester, 1, Integer::sum);
      }
    }
    if (rid == 0) {
      outcome.accept(null);
      return;
    }
    Pending p = pending.get(rid);
    if (p != null) {
      p.cancelTimer = timer.schedule(() -> complete(rid, Outcome.TIMEOUT), timeout);
    }
    handler
        .session
        .connection()
        .send(
            subscriptions
                .encoder()
                .missingTopic(
                    rid,
                    branch,
                    selectorText,
                    prefix,
                    requester.toString(),
                    propertiesFor(handler, properties)));
    if (!handler.session.isOpen()) {
      complete(rid, Outcome.HANDLER_GONE);
    }
  }

  /** The handler's answer to request {@code rid}; ignored unless that session owes it. */
  public void respond(Session handlerSession, long rid, boolean proceed) {
    Pending p = pending.get(rid);
    if (p != null && p.handler != null && p.handler.session == handlerSession) {
      complete(rid, proceed ? Outcome.PROCEED : Outcome.CANCEL);
    }
  }

  /** Number of registered handlers. */
  public int handlers() {
    return handlers.size();
  }

  /** Number of selects waiting for a handler. */
  public int pending() {
    return pending.size();
  }

  private void complete(long rid, Outcome outcome) {
    Pending p;
    List<Consumer<Answer>> answers;
    synchronized (lock) {
      p = pending.remove(rid);
      if (p == null) {
        return;
      }
      byKey.remove(p.key, rid); // a select from another node is not in byKey
      perRequester.computeIfPresent(p.key.requester(), (id, n) -> n <= 1 ? null : n - 1);
      answers = List.copyOf(p.answers);
    }
    Runnable cancel = p.cancelTimer;
    if (cancel != null) {
      cancel.run();
    }
    int count = p.requester == null ? 0 : subscriptions.subscribedMatching(p.requester, p.selector);
    Answer answer = new Answer(count, outcome);
    for (Consumer<Answer> each : answers) {
      each.accept(answer);
    }
  }

  private boolean anyTopicMatches(TopicSelector selector) {
    boolean[] any = {false};
    subscriptions.tree().forEachMatching(selector, topic -> any[0] = true);
    return any[0];
  }

  /**
   * The handler of the most specific branch containing a member's literal prefix (the first member
   * that has one): this node's {@link Handler} or, when this node has none for that branch, another
   * node's {@link Remote}.
   */
  private Object targetFor(TopicSelector selector, String[] memberPrefix) {
    Span others = span;
    for (TopicSelector member : selector.members()) {
      String prefix = member.literalPrefix();
      while (!prefix.isEmpty()) {
        Handler h = handlers.get(prefix);
        Object found = h != null ? h : others.find(prefix);
        if (found != null) {
          memberPrefix[0] = member.literalPrefix();
          return found;
        }
        int slash = prefix.lastIndexOf('/');
        prefix = slash < 0 ? "" : prefix.substring(0, slash);
      }
    }
    return null;
  }

  static Runnable scheduleOnDefaultTimer(Runnable task, Duration delay) {
    ScheduledThreadPoolExecutor executor = defaultTimer;
    if (executor == null) {
      synchronized (MissingTopicHandlers.class) {
        executor = defaultTimer;
        if (executor == null) {
          executor =
              new ScheduledThreadPoolExecutor(
                  1,
                  r -> {
                    Thread t = new Thread(r, "osmosis-missing-topic-timer");
                    t.setDaemon(true);
                    return t;
                  });
          executor.setRemoveOnCancelPolicy(true);
          defaultTimer = executor;
        }
      }
    }
    ScheduledFuture<?> future = executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    return () -> future.cancel(false);
  }

  /**
   * Stops the shared timer thread: the application calls it on shutdown, so a redeploy leaves no
   * thread holding the old class loader. Pending requests then never time out (their sessions are
   * closing anyway); a later request starts a new timer.
   */
  public static void shutdownDefaultTimer() {
    ScheduledThreadPoolExecutor executor;
    synchronized (MissingTopicHandlers.class) {
      executor = defaultTimer;
      defaultTimer = null;
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
