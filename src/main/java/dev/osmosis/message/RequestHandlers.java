package dev.osmosis.message;

import dev.osmosis.error.RequestException;
import dev.osmosis.session.Session;
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  /**
   * Registers {@code session} as the handler of {@code branch} (a canonical path).
   *
   * @throws RequestException HANDLER_CONFLICT if the branch already has a handler (this session's
   *     or another's)
   */
  public Handler add(String branch, Session session, List<String> propertyKeys) {
    // a session's messages are handled one at a time, so counting then adding cannot race for one
    // session
    if (byBranch.values().stream().filter(h -> h.session() == session).count() >= MAX_PER_SESSION) {
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "a session may register at most " + MAX_PER_SESSION + " request handlers");
    }
    Handler handler = new Handler(branch, session, List.copyOf(propertyKeys));
    Handler existing = byBranch.putIfAbsent(branch, handler);
    if (existing != null) {
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
    return handler != null && handler.session() == session && byBranch.remove(branch, handler)
        ? handler
        : null;
  }

  /** Removes every handler {@code session} registered (its close path); answers them. */
  List<Handler> removeAll(Session session) {
    List<Handler> removed = new ArrayList<>();
    for (Handler handler : byBranch.values()) {
      if (handler.session() == session && byBranch.remove(handler.branch(), handler)) {
        removed.add(handler);
      }
    }
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
