package dev.osmosis.client;

/**
 * The initial session establishment retry strategy of seed 002: if the transport cannot be opened
 * (the server is not reachable yet), try again up to {@code attempts} more times, {@code
 * intervalMillis} apart. A handshake the server refuses (wrong password...) is not retried.
 *
 * @param intervalMillis the pause between attempts
 * @param attempts how many retries after the first attempt
 */
public record RetryStrategy(long intervalMillis, int attempts) {

  /** No retry: the default. */
  public static final RetryStrategy NONE = new RetryStrategy(0, 0);

  public RetryStrategy {
    if (intervalMillis < 0 || attempts < 0) {
      throw new IllegalArgumentException("interval and attempts must not be negative");
    }
  }
}
