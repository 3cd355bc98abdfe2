package dev.osmosis.client;

import java.time.Duration;

/**
 * How long to wait before each attempt to reconnect a session that lost its connection
 * (docs/RECONNECTION.md). Attempts go on until the reconnect timeout the server granted passes.
 */
@FunctionalInterface
public interface ReconnectionStrategy {

  /** The delay before attempt {@code attempt} (0 for the first) of one recovery. */
  Duration delay(int attempt);

  /** The default: 100 ms, then doubling up to 5 s. */
  static ReconnectionStrategy backoff() {
    return backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
  }

  /**
   * Exponential backoff from {@code initial}, doubling per attempt, never more than {@code max}.
   */
  static ReconnectionStrategy backoff(Duration initial, Duration max) {
    long first = initial.toMillis();
    long cap = max.toMillis();
    return attempt -> Duration.ofMillis(Math.min(cap, first << Math.min(attempt, 20)));
  }

  /** The same delay before every attempt. */
  static ReconnectionStrategy fixed(Duration delay) {
    return attempt -> delay;
  }
}
