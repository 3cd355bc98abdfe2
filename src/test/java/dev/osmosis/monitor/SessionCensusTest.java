package dev.osmosis.monitor;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionCensusTest {

  /** A connection with a given number of queued messages. */
  static final class Queued implements dev.osmosis.session.Connection {
    final int queued;

    Queued(int queued) {
      this.queued = queued;
    }

    @Override
    public void send(String message) {}

    @Override
    public void close(dev.osmosis.wire.CloseReason reason, String message) {}

    @Override
    public String remoteAddress() {
      return "127.0.0.1";
    }

    @Override
    public int queued() {
      return queued;
    }
  }

  @Test
  void take_whenSessionsOpen_thenCountsByTransportAndClientTypeAndBucketsQueues() {
    Sessions sessions = TestSessions.sessions();
    Session a = sessions.open(handshake(null, null, Map.of()), new Queued(0));
    Session b = sessions.open(handshake(null, null, Map.of()), new Queued(5));
    Session c = sessions.open(handshake(null, null, Map.of()), new Queued(20_000));
    Session closed = sessions.open(handshake(null, null, Map.of()), new Queued(7));
    closed.close(dev.osmosis.wire.CloseReason.CLOSED_BY_CLIENT, "bye");

    SessionCensus.Counts counts = SessionCensus.take(List.of(a, b, c, closed));

    String transport = a.property("$Transport");
    String type = a.property("$ClientType");
    assertEquals(3, counts.sessions(transport, type));
    assertEquals(0, counts.sessions("TCP", type));
    assertEquals(20_000, counts.maxQueue());
    // bounds 0, 1, 10, 100, 1000, 10000, +Inf: cumulative
    assertArrayEquals(new long[] {1, 1, 2, 2, 2, 2, 3}, counts.queueBuckets());
  }

  @Test
  void get_whenAskedAgainSoon_thenTheSameCensus() {
    SessionCensus census = new SessionCensus();
    SessionCensus.Counts first = census.get(List.of(), 1_000);

    assertSame(first, census.get(List.of(), 1_000 + SessionCensus.MAX_AGE_MILLIS - 1));
    assertEquals(false, first == census.get(List.of(), 1_000 + SessionCensus.MAX_AGE_MILLIS));
  }

  @Test
  void seconds_whenMicros_thenPlainDecimalSeconds() {
    assertEquals("0.0001", ServerMetrics.seconds(100));
    assertEquals("2.5", ServerMetrics.seconds(2_500_000));
    assertEquals("10", ServerMetrics.seconds(10_000_000));
  }
}
