package dev.osmosis.message;

import java.time.Duration;

/**
 * Requests to handlers, sessions and filters (payara-config/osmosis.properties, docs/MESSAGING.md).
 *
 * @param requestTimeout how long a request (to a handler, a session or a filter's sessions) waits
 *     for its response ({@code osmosis.requestTimeoutMillis})
 * @param maxPendingRequests most responses one session may await at once (a filter request counts
 *     one per session addressed); also the most lock acquisitions one session may have queued
 *     ({@code osmosis.maxPendingRequests})
 */
public record RequestSettings(Duration requestTimeout, int maxPendingRequests) {

  public static RequestSettings defaults() {
    return new RequestSettings(Duration.ofSeconds(30), 1_000);
  }
}
