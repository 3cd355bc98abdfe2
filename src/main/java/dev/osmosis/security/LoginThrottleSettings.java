package dev.osmosis.security;

import java.time.Duration;

/**
 * Bounds on password logins (docs/SECURITY.md "Login throttle"): how many failures a principal name
 * or a client address may have before further attempts wait, how the wait grows, and the pool that
 * verifies passwords.
 *
 * @param principalFailures failed logins of one principal name allowed before attempts for it must
 *     wait
 * @param addressFailures failed logins from one client address allowed before attempts from it must
 *     wait
 * @param firstDelay the wait after the first failure past the allowance; it doubles with each
 *     further failure
 * @param maxDelay the longest wait
 * @param forgetAfter a name or address with no failure for this long starts again from zero
 * @param maxTracked at most this many names and this many addresses are tracked (memory bound);
 *     past it, new ones are not tracked until old ones are forgotten
 * @param hashingThreads threads verifying passwords (PBKDF2) off the connections' threads
 * @param hashingQueue logins waiting for those threads; past it a login is refused as busy
 */
public record LoginThrottleSettings(
    int principalFailures,
    int addressFailures,
    Duration firstDelay,
    Duration maxDelay,
    Duration forgetAfter,
    int maxTracked,
    int hashingThreads,
    int hashingQueue) {

  public LoginThrottleSettings {
    if (principalFailures < 1
        || addressFailures < 1
        || maxTracked < 1
        || hashingThreads < 1
        || hashingQueue < 1) {
      throw new IllegalArgumentException(
          "failure allowances, maxTracked, hashingThreads and hashingQueue must be >= 1");
    }
    if (firstDelay.isNegative()
        || maxDelay.compareTo(firstDelay) < 0
        || forgetAfter.compareTo(maxDelay) < 0) {
      throw new IllegalArgumentException("expected 0 <= firstDelay <= maxDelay <= forgetAfter");
    }
  }

  public static LoginThrottleSettings defaults() {
    return new LoginThrottleSettings(
        5,
        20,
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        Duration.ofMinutes(15),
        10_000,
        2,
        64);
  }
}
