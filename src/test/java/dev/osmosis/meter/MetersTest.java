package dev.osmosis.meter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osmosis.wire.CloseReason;
import org.junit.jupiter.api.Test;

class MetersTest {

  @Test
  void counts_whenIncremented_thenEachKeyAndTheTotal() {
    Counts<CloseReason> counts = new Counts<>(CloseReason.class);
    counts.increment(CloseReason.LOST_MESSAGES);
    counts.increment(CloseReason.LOST_MESSAGES);
    counts.increment(CloseReason.CLOSED_BY_CLIENT);

    assertEquals(2, counts.get(CloseReason.LOST_MESSAGES));
    assertEquals(1, counts.get(CloseReason.CLOSED_BY_CLIENT));
    assertEquals(0, counts.get(CloseReason.ACCESS_DENIED));
    assertEquals(3, counts.total());
    assertArrayEquals(CloseReason.values(), counts.keys());
  }

  @Test
  void histogram_whenRecorded_thenCumulativeBucketsCountSumAndMax() {
    Histogram h = new Histogram(10, 100);
    h.record(0);
    h.record(10); // inclusive upper bound
    h.record(11);
    h.record(1_000); // +Inf

    assertEquals(2, h.cumulative(0));
    assertEquals(3, h.cumulative(1));
    assertEquals(4, h.cumulative(2));
    assertEquals(4, h.count());
    assertEquals(1_021, h.sum());
    assertEquals(1_000, h.max());
    assertArrayEquals(new long[] {10, 100}, h.bounds());
  }

  @Test
  void histogram_whenBoundsDoNotAscend_thenRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Histogram(10, 10));
  }

  @Test
  void serverMeters_whenCounted_thenReadBack() {
    ServerMeters m = new ServerMeters();
    m.sessionOpened();
    m.sessionClosed(CloseReason.MESSAGE_QUEUE_LIMIT_REACHED);
    m.sessionReconnected();
    m.authenticated();
    m.authenticationFailed(AuthFailure.DENIED);
    m.authenticationFailed(AuthFailure.BUSY);
    m.adminRequest();

    assertEquals(1, m.opened());
    assertEquals(1, m.closed(CloseReason.MESSAGE_QUEUE_LIMIT_REACHED));
    assertEquals(1, m.closedTotal());
    assertEquals(1, m.reconnections());
    assertEquals(1, m.authenticationSuccesses());
    assertEquals(1, m.authenticationFailures(AuthFailure.DENIED));
    assertEquals(2, m.authenticationFailures());
    assertEquals(1, m.adminRequests());
    assertEquals("anonymous_limit", AuthFailure.ANONYMOUS_LIMIT.label());
  }

  @Test
  void outbound_whenCounted_thenReadBack() {
    Outbound o = new Outbound();
    o.frame(3, 40);
    o.frame(1, 5);
    o.conflate();
    o.drop(2);
    o.drop(0);
    o.replay(4);
    o.queueReached(7);
    o.queueReached(3);

    assertEquals(2, o.frames());
    assertEquals(4, o.messages());
    assertEquals(45, o.characters());
    assertEquals(1, o.conflated());
    assertEquals(2, o.dropped());
    assertEquals(4, o.replayed());
    assertEquals(7, o.peakQueue());
  }
}
