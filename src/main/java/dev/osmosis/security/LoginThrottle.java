package dev.osmosis.security;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: counts failed logins per principal name and per client address, and
 * once one of them is past its allowance makes further attempts wait, the wait doubling with each
 * failure up to a maximum ({@link LoginThrottleSettings}). An attempt that must wait is refused at
 * once, without verifying a password, so a throttled guesser costs no hashing.
 *
 * <p>Every attempt counts as a failure from the moment it {@link #begin begins} until it {@link
 * #succeeded succeeds}: concurrent guesses (many connections at once) are counted before their slow
 * verifications end. Names are tracked whether or not the principal exists, so the throttle tells
 * nothing about which do.
 *
 * <p>Memory is bounded: at most {@code maxTracked} names and as many addresses; entries with no
 * failure for {@code forgetAfter} are dropped. Time comes from the injected clock. Thread safe.
 */
public final class LoginThrottle {
  private final LoginThrottleSettings settings;
  private final Clock clock;
  private final Map<String, Failures> principals = new ConcurrentHashMap<>();
  private final Map<String, Failures> addresses = new ConcurrentHashMap<>();

  /** Failures of one key; guarded by the map's per-key compute. */
  private static final class Failures {
    int count;
    long last;
  }

  public LoginThrottle(LoginThrottleSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  public LoginThrottleSettings settings() {
    return settings;
  }

  /**
   * An attempt to log in as {@code principal} from {@code address} (null if unknown) is about to
   * verify a password.
   *
   * @return 0 if it may go ahead (it then counts as a failure until {@link #succeeded}), else how
   *     many milliseconds the caller must wait before trying again
   */
  public long begin(String principal, String address) {
    long now = clock.millis();
    long wait =
        Math.max(
            waitMillis(principals.get(principal), settings.principalFailures(), now),
            address == null
                ? 0
                : waitMillis(addresses.get(address), settings.addressFailures(), now));
    if (wait > 0) {
      return wait;
    }
    count(principals, principal, now);
    if (address != null) {
      count(addresses, address, now);
    }
    return 0;
  }

  /**
   * The attempt {@link #begin} admitted proved its credentials: the name starts again, the address
   * gets it back.
   */
  public void succeeded(String principal, String address) {
    principals.remove(principal);
    if (address != null) {
      addresses.computeIfPresent(
          address,
          (k, f) -> {
            synchronized (f) {
              f.count--;
              return f.count > 0 ? f : null;
            }
          });
    }
  }

  /**
   * The attempt {@link #begin} admitted failed: the wait runs from now, its end, not from its start
   * (a verification can take longer than the first wait on a busy server).
   */
  public void failed(String principal, String address) {
    long now = clock.millis();
    touch(principals, principal, now);
    if (address != null) {
      touch(addresses, address, now);
    }
  }

  private static void touch(Map<String, Failures> map, String key, long now) {
    map.computeIfPresent(
        key,
        (k, f) -> {
          synchronized (f) {
            f.last = Math.max(f.last, now);
          }
          return f;
        });
  }

  /** How many names and addresses are tracked (for tests and metrics). */
  public int tracked() {
    return principals.size() + addresses.size();
  }

  private long waitMillis(Failures failures, int allowed, long now) {
    if (failures == null) {
      return 0;
    }
    int count;
    long last;
    synchronized (failures) {
      count = failures.count;
      last = failures.last;
    }
    if (count < allowed || now - last >= settings.forgetAfter().toMillis()) {
      return 0;
    }
    long delay =
        Math.min(
            settings.firstDelay().toMillis() << Math.min(count - allowed, 30),
            settings.maxDelay().toMillis());
    return Math.max(0, last + delay - now);
  }

  private void count(Map<String, Failures> map, String key, long now) {
    if (!map.containsKey(key) && map.size() >= settings.maxTracked()) {
      long forget = settings.forgetAfter().toMillis();
      map.values()
          .removeIf(
              f -> {
                synchronized (f) {
                  return now - f.last >= forget;
                }
              });
      if (map.size() >= settings.maxTracked()) {
        return; // full of recent failures: the other dimension (name or address) still counts this
        // one
      }
    }
    map.compute(
        key,
        (k, f) -> {
          Failures failures = f != null ? f : new Failures();
          synchronized (failures) {
            if (now - failures.last >= settings.forgetAfter().toMillis()) {
              failures.count = 0;
            }
            failures.count++;
            failures.last = now;
          }
          return failures;
        });
  }
}
