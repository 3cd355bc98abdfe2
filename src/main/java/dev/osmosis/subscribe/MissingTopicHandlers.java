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

  /** One outstanding request per requester and selector. */
  private record Key(SessionId requester, String selector) {}

  /** An outstanding request; {@code answers} guarded by the handlers' {@code lock}. */
  private static final class Pending {
    final Key key;
    final Session requester;
    final TopicSelector selector;
    final Handler handler;
    final List<Consumer<Answer>> answers = new ArrayList<>(1);
    volatile Runnable cancelTimer;

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
    return branch;
  }

  /** Removes the session's handler of the branch; its unanswered requests end as HANDLER_GONE. */
  public boolean unregister(Session session, String path) {
    String branch;
    try {
      branch = TopicPath.canonical(path);
    } catch (IllegalArgumentException e) {
      return false;
    }
    boolean[] removed = {false};
    handlers.computeIfPresent(
        branch,
        (k, h) -> {
          if (h.session == session) {
            removed[0] = true;
            return null;
          }
          return h;
        });
    if (removed[0]) {
      for (Map.Entry<Long, Pending> e : pending.entrySet()) {
        Handler h = e.getValue().handler;
        if (h.session == session && h.branch.equals(branch)) {
          complete(e.getKey(), Outcome.HANDLER_GONE);
        }
      }
    }
    return removed[0];
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
    TopicSelector selector = subscriptions.compile(selectorText);
    Key key = new Key(requester.id(), selector.expression());
    if (handlerFor(selector, new String[1]) != null) {
      String full = noRoom(requester, key);
      if (full != null && !anyTopicMatches(selector)) {
        throw new RequestException(ErrorCode.LIMIT_EXCEEDED, full); // before anything is selected
      }
    }
    int count = subscriptions.select(requester, selectorText);
    String[] prefix = {null};
    Handler handler = count > 0 || anyTopicMatches(selector) ? null : handlerFor(selector, prefix);
    if (handler == null || !handler.session.isOpen()) {
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
    if (handler.keys.isEmpty()
        || !store.get().policy().has(handler.session.roles(), GlobalPermission.VIEW_SESSION)) {
      return Map.of();
    }
    return PropertyKeys.select(handler.keys, requester.properties());
  }

  /** The handler's answer to request {@code rid}; ignored unless that session owes it. */
  public void respond(Session handlerSession, long rid, boolean proceed) {
    Pending p = pending.get(rid);
    if (p != null && p.handler.session == handlerSession) {
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
      byKey.remove(p.key, rid);
      perRequester.computeIfPresent(p.key.requester(), (id, n) -> n <= 1 ? null : n - 1);
      answers = List.copyOf(p.answers);
    }
    Runnable cancel = p.cancelTimer;
    if (cancel != null) {
      cancel.run();
    }
    Answer answer = new Answer(subscriptions.subscribedMatching(p.requester, p.selector), outcome);
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
   * that has one).
   */
  private Handler handlerFor(TopicSelector selector, String[] memberPrefix) {
    for (TopicSelector member : selector.members()) {
      String prefix = member.literalPrefix();
      while (!prefix.isEmpty()) {
        Handler h = handlers.get(prefix);
        if (h != null) {
          memberPrefix[0] = member.literalPrefix();
          return h;
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
