package dev.osmosis.sweep;

/**
 * One feature's share of the once-a-second work: expiring what timed out, pinging what went silent.
 * The platform runs every {@code Sweep} it finds on one interval timer, passing the time of the
 * tick from the injected clock; there is no timer per session or per connection. A sweep is
 * thread-safe, returns quickly and may throw: its failure is logged and the other sweeps still run.
 */
public interface Sweep {
  /** One pass at {@code now} (epoch ms, the injected clock). */
  void sweep(long now);

  /** What this sweep does, for the log ({@code "the liveness sweep"}). */
  String sweepName();
}
