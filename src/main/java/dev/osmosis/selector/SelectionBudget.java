package dev.osmosis.selector;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The server-wide and per-client-address part of {@link SelectionLimits}: members and estimated
 * bytes held by every {@link SelectionIndex} that shares this budget (subscriptions and topic
 * notifications share one). Per session limits are the index's own. Thread-safe: each charge is
 * checked and taken atomically, per address under that address's map entry, server-wide under this
 * object's lock (a select, not a delivery, pays for it).
 */
public final class SelectionBudget {

  private final SelectionLimits limits;
  private final ConcurrentHashMap<String, long[]> addresses = new ConcurrentHashMap<>();
  private long members;
  private long bytes;

  public SelectionBudget(SelectionLimits limits) {
    this.limits = limits;
  }

  public SelectionLimits limits() {
    return limits;
  }

  /**
   * Takes {@code members} and {@code bytes} from the address's and the server's budgets, or
   * neither.
   *
   * @param address the client address to charge, or null or empty for none (server-wide only)
   * @throws SelectionLimitException naming the budget that would be exceeded
   */
  void charge(String address, int members, long bytes) {
    boolean perAddress = address != null && !address.isEmpty();
    if (perAddress) {
      addresses.compute(
          address,
          (a, used) -> {
            long[] now = used == null ? new long[2] : used;
            if (now[0] + members > limits.maxMembersPerAddress()) {
              throw new SelectionLimitException(
                  "too many selector members from client address "
                      + a
                      + ": the limit is "
                      + limits.maxMembersPerAddress()
                      + " per address");
            }
            if (now[1] + bytes > limits.maxBytesPerAddress()) {
              throw new SelectionLimitException(
                  "selections from client address "
                      + a
                      + " are too large: the limit"
                      + " is "
                      + limits.maxBytesPerAddress()
                      + " bytes per address");
            }
            now[0] += members;
            now[1] += bytes;
            return now;
          });
    }
    synchronized (this) {
      String problem =
          this.members + members > limits.maxMembersTotal()
              ? "the server holds too many selector members: the limit is "
                  + limits.maxMembersTotal()
              : this.bytes + bytes > limits.maxBytesTotal()
                  ? "the server's selections are too large: the limit is "
                      + limits.maxBytesTotal()
                      + " bytes"
                  : null;
      if (problem == null) {
        this.members += members;
        this.bytes += bytes;
        return;
      }
      if (perAddress) {
        releaseAddress(address, members, bytes);
      }
      throw new SelectionLimitException(problem);
    }
  }

  /** Gives back what {@link #charge} took. */
  void release(String address, int members, long bytes) {
    if (address != null && !address.isEmpty()) {
      releaseAddress(address, members, bytes);
    }
    synchronized (this) {
      this.members -= members;
      this.bytes -= bytes;
    }
  }

  private void releaseAddress(String address, int members, long bytes) {
    addresses.computeIfPresent(
        address,
        (a, used) -> {
          used[0] -= members;
          used[1] -= bytes;
          return used[0] <= 0 && used[1] <= 0 ? null : used;
        });
  }

  /** Members held server-wide. */
  public synchronized long members() {
    return members;
  }

  /** Estimated bytes held server-wide. */
  public synchronized long bytes() {
    return bytes;
  }

  /** Members held by one client address. */
  public long members(String address) {
    long[] used = addresses.get(address);
    return used == null ? 0 : used[0];
  }
}
