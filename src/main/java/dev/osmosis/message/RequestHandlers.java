package dev.osmosis.message;

import dev.osmosis.error.RequestException;
import dev.osmosis.session.Session;
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request handlers by path branch: at most one per branch; a request to a path reaches the handler
 * of the most specific registered branch ({@code a/b} handles {@code a/b/c} unless {@code a/b/c}
 * has its own). Lock-free lookups; thread-safe.
 */
public final class RequestHandlers {

  /** One registration: the session that handles the branch and the sender properties it wants. */
  public record Handler(String branch, Session session, List<String> propertyKeys) {}

  /**
   * Most handlers one session may register (docs/ARCHITECTURE.md: nothing unbounded that a client
   * controls).
   */
  public static final int MAX_PER_SESSION = 1_000;

  private final ConcurrentHashMap<String, Handler> byBranch = new ConcurrentHashMap<>();

  /** Each session's branches (what fail-over keeps of it, without a walk of every handler). */
  private final ConcurrentHashMap<Session, Set<String>> bySession = new ConcurrentHashMap<>();

  /**
   * Handlers made again by a node that resumed their session after its node died (fail-over), which
   * the session's client has not registered on this node itself: its first {@link #add} of the
   * branch (a replay of the registration the dead node processed) takes it over instead of
   * conflicting with it.
   */
  private final Set<Handler> restored = ConcurrentHashMap.newKeySet();

  /**
   * Registers {@code session} as the handler of {@code branch} (a canonical path).
   *
   * @throws RequestException HANDLER_CONFLICT if the branch already has a handler (this session's
   *     or another's)
   */
  public Handler add(String branch, Session session, List<String> propertyKeys) {
    Handler handler = new Handler(branch, session, List.copyOf(propertyKeys));
    Handler current = byBranch.get(branch);
    if (current != null
        && current.session() == session
        && restored.remove(current)
        && byBranch.replace(branch, current, handler)) {
      return handler;
    }
    // a session's messages are handled one at a time, so counting then adding cannot race for one
    // session
    if (byBranch.values().stream().filter(h -> h.session() == session).count() >= MAX_PER_SESSION) {
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "a session may register at most " + MAX_PER_SESSION + " request handlers");
    }
    Handler existing = byBranch.putIfAbsent(branch, handler);
    if (existing == null) {
      bySession.computeIfAbsent(session, s -> ConcurrentHashMap.newKeySet()).add(branch);
    } else {
      throw new RequestException(
          ErrorCode.HANDLER_CONFLICT,
          "path "
              + branch
              + " already has a request handler"
              + (existing.session() == session ? " registered by this session" : ""));
    }
    return handler;
  }

  /**
   * Makes again the handler of {@code branch} of a session resumed here after its node died
   * (fail-over): as {@link #add}, and the session's own next {@code add} of the branch takes it
   * over.
   */
  public Handler restore(String branch, Session session, List<String> propertyKeys) {
    Handler handler = add(branch, session, propertyKeys);
    restored.add(handler);
    return handler;
  }

  /** The handlers {@code session} registered. */
  public List<Handler> of(Session session) {
    Set<String> branches = bySession.get(session);
    if (branches == null) {
      return List.of();
    }
    List<Handler> handlers = new ArrayList<>(branches.size());
    for (String branch : branches) {
      Handler handler = byBranch.get(branch);
      if (handler != null && handler.session() == session) {
        handlers.add(handler);
      }
    }
    return handlers;
  }

  /**
   * Removes the handler of {@code branch} if {@code session} registered it; answers whether it did.
   */
  public boolean remove(String branch, Session session) {
    return take(branch, session) != null;
  }

  /**
   * Removes the handler of {@code branch} if {@code session} registered it; answers it, or null.
   */
  Handler take(String branch, Session session) {
    Handler handler = byBranch.get(branch);
    if (handler == null || handler.session() != session || !byBranch.remove(branch, handler)) {
      return null;
    }
    forget(handler);
    Set<String> branches = bySession.get(session);
    if (branches != null) {
      branches.remove(branch);
    }
    return handler;
  }

  private void forget(Handler handler) {
    if (!restored.isEmpty()) {
      restored.remove(handler);
    }
  }

  /** Removes every handler {@code session} registered (its close path); answers them. */
  List<Handler> removeAll(Session session) {
    List<Handler> removed = new ArrayList<>();
    for (Handler handler : byBranch.values()) {
      if (handler.session() == session && byBranch.remove(handler.branch(), handler)) {
        removed.add(handler);
        forget(handler);
      }
    }
    bySession.remove(session);
    return removed;
  }

  /** The handler of exactly {@code branch} (canonical) if its session is open, or null. */
  Handler exact(String branch) {
    Handler handler = byBranch.get(branch);
    return handler != null && handler.session().isOpen() ? handler : null;
  }

  /** The handler of the most specific registered branch containing {@code path} (canonical). */
  public Optional<Handler> find(String path) {
    String branch = path;
    while (true) {
      Handler handler = byBranch.get(branch);
      if (handler != null && handler.session().isOpen()) {
        return Optional.of(handler);
      }
      int slash = branch.lastIndexOf('/');
      if (slash < 0) {
        return Optional.empty();
      }
      branch = branch.substring(0, slash);
    }
  }

  public int size() {
    return byBranch.size();
  }
}
