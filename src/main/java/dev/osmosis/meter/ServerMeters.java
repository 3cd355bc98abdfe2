package dev.osmosis.meter;

import dev.osmosis.wire.CloseReason;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's own counters that are not held elsewhere (updates, deliveries, subscriptions,
 * topics, requests' round trips and the outbound queues are read from where they are counted):
 * sessions opened and closed by reason, reconnections, authentications by outcome, admin API
 * requests. One per server, made by the wiring; thread-safe, striped, no lock.
 */
public final class ServerMeters {
  private final LongAdder opened = new LongAdder();
  private final Counts<CloseReason> closed = new Counts<>(CloseReason.class);
  private final LongAdder reconnections = new LongAdder();
  private final LongAdder authenticationSuccesses = new LongAdder();
  private final Counts<AuthFailure> authenticationFailures = new Counts<>(AuthFailure.class);
  private final LongAdder adminRequests = new LongAdder();

  public void sessionOpened() {
    opened.increment();
  }

  public void sessionClosed(CloseReason reason) {
    closed.increment(reason);
  }

  public void sessionReconnected() {
    reconnections.increment();
  }

  public void authenticated() {
    authenticationSuccesses.increment();
  }

  public void authenticationFailed(AuthFailure reason) {
    authenticationFailures.increment(reason);
  }

  public void adminRequest() {
    adminRequests.increment();
  }

  /** Sessions opened on this server since start (fail-over restores included). */
  public long opened() {
    return opened.sum();
  }

  /** Sessions closed with {@code reason} since start. */
  public long closed(CloseReason reason) {
    return closed.get(reason);
  }

  public long closedTotal() {
    return closed.total();
  }

  /** Sessions that came back on a new transport (docs/RECONNECTION.md). */
  public long reconnections() {
    return reconnections.sum();
  }

  public long authenticationSuccesses() {
    return authenticationSuccesses.sum();
  }

  public long authenticationFailures(AuthFailure reason) {
    return authenticationFailures.get(reason);
  }

  public long authenticationFailures() {
    return authenticationFailures.total();
  }

  public long adminRequests() {
    return adminRequests.sum();
  }
}
