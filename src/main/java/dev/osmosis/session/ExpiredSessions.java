package dev.osmosis.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The sessions whose recovery window passed ({@code RECOVERY_EXPIRED}), remembered so that a client
 * coming back too late is told so, precisely, instead of "session unknown" (docs/PROTOCOL.md §12).
 * Only a reconnect with the session's id <em>and</em> its token learns it (a SHA-256 of the token
 * is kept, compared in constant time): ids cannot be probed. Bounded: the {@value #CAPACITY} most
 * recent expiries; an older one is answered as an unknown session. Thread-safe.
 */
public final class ExpiredSessions {
  static final int CAPACITY = 10_000;

  private record Expired(byte[] tokenDigest, long reconnectTimeoutMillis) {}

  private final int capacity;
  private final Map<SessionId, Expired> expired;

  public ExpiredSessions() {
    this(CAPACITY);
  }

  ExpiredSessions(int capacity) {
    this.capacity = capacity;
    this.expired =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<SessionId, Expired> eldest) {
            return size() > ExpiredSessions.this.capacity;
          }
        };
  }

  /** {@code session}'s recovery window passed: remember it. */
  public void remember(Session session) {
    Expired entry = new Expired(digest(session.token()), session.reconnectTimeoutMillis());
    synchronized (expired) {
      expired.put(session.id(), entry);
    }
  }

  /**
   * The reconnect timeout of the expired session {@code id}, if it is remembered and {@code token}
   * is its token; empty otherwise (unknown, forgotten, or a wrong token).
   */
  public OptionalLong expired(SessionId id, String token) {
    Expired entry;
    synchronized (expired) {
      entry = expired.get(id);
    }
    if (entry == null || !MessageDigest.isEqual(entry.tokenDigest(), digest(token))) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(entry.reconnectTimeoutMillis());
  }

  /** How many expiries are remembered. */
  public int size() {
    synchronized (expired) {
      return expired.size();
    }
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(String.valueOf(token).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
