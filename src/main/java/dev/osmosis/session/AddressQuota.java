package dev.osmosis.session;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many of something each remote address holds, with a cap: {@link #tryAcquire} counts one more
 * unless the address already holds {@link #max()}; {@link #release} gives one back. Addresses
 * holding nothing take no memory. Thread-safe (one atomic update per call).
 */
public final class AddressQuota {
  private final int max;
  private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

  public AddressQuota(int max) {
    this.max = max;
  }

  /** A quota that never refuses. */
  public static AddressQuota unlimited() {
    return new AddressQuota(Integer.MAX_VALUE);
  }

  public int max() {
    return max;
  }

  /**
   * Counts one more for {@code address}, or answers false (and counts nothing) if it holds {@link
   * #max()}.
   */
  public boolean tryAcquire(String address) {
    boolean[] acquired = {false};
    held.compute(
        address,
        (a, n) -> {
          int count = n == null ? 0 : n;
          if (count >= max) {
            return n;
          }
          acquired[0] = true;
          return count + 1;
        });
    return acquired[0];
  }

  /** Gives back one that {@link #tryAcquire} counted. */
  public void release(String address) {
    held.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
  }

  /** How many {@code address} holds now. */
  public int held(String address) {
    return held.getOrDefault(address, 0);
  }
}
