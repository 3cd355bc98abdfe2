package dev.osmosis.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who holds a session lock, as {@link ClientControl#getSessionLock} and {@link
 * ClientControl#getSessionLocks} answer it (PROTOCOL.md §8).
 *
 * @param serverName {@code $ServerName} of the holder's server
 * @param sessionId the session that holds the lock
 * @param sequence the grant's sequence
 */
public record SessionLockDetails(String serverName, SessionId sessionId, long sequence) {

  /** The {@code locks} object of an answer, by lock name in the server's (sorted) order. */
  static Map<String, SessionLockDetails> of(Map<String, Object> locks) {
    Map<String, SessionLockDetails> details = new LinkedHashMap<>();
    locks.forEach(
        (name, value) -> {
          if (value instanceof Map<?, ?>) {
            @SuppressWarnings("unchecked")
            Map<String, Object> lock = (Map<String, Object>) value;
            details.put(
                name,
                new SessionLockDetails(
                    Messages.string(lock, "serverName", ""),
                    SessionId.of(Messages.string(lock, "sessionId", "")),
                    Messages.number(lock, "sequence", 0)));
          }
        });
    return java.util.Collections.unmodifiableMap(details);
  }
}
