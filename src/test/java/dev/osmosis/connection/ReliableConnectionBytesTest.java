package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.osmosis.wire.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The byte budgets of a sequenced session's queue and recovery buffer, on a link that never
 * completes a write.
 */
class ReliableConnectionBytesTest {
  final List<CloseReason> overflows = new ArrayList<>();
  final ReliableConnection r =
      new ReliableConnection(Runnable::run, 1000, 100, 1000, 300, 65536, overflows::add);

  /** A link whose writes never complete: the client does not read. */
  static final class StuckLink implements ReliableConnection.Link {
    final List<String> frames = new ArrayList<>();
    final List<Runnable> pending = new ArrayList<>();

    @Override
    public void write(String frame, Runnable done) {
      frames.add(frame);
      pending.add(done);
    }

    @Override
    public void closeTransport(CloseReason reason) {}

    @Override
    public String remoteAddress() {
      return "a";
    }
  }

  static String chars(int n) {
    return "x".repeat(n);
  }

  @Test
  void send_whenAttachedAndQueuedCharactersPassTheBudget_thenSlowConsumer() {
    StuckLink link = new StuckLink();
    r.attach(link, 0, "{\"t\":\"connected\"}"); // the connected frame is in flight
    r.send(chars(60));
    r.send(chars(40));
    assertEquals(List.of(), overflows);
    r.send("y");
    assertEquals(List.of(CloseReason.MESSAGE_QUEUE_LIMIT_REACHED), overflows);
    assertEquals(2, r.buffered());
  }

  @Test
  void send_whenDetachedAndKeptCharactersPassTheBudget_thenLostMessages_untilAcknowledged() {
    // A message is numbered and kept once written: the client can only acknowledge what it got.
    ReliableConnection r =
        new ReliableConnection(
            Runnable::run, 1000, Long.MAX_VALUE, 1000, 300, 65536, overflows::add);
    ReconnectTest.FakeLink link = new ReconnectTest.FakeLink(); // writes at once
    r.attach(link, 0, "{\"t\":\"connected\"}");
    r.send(chars(150));
    r.send(chars(150));
    r.ack(1);
    r.detach(link);
    r.send(chars(150)); // room again once the client acknowledged the first
    assertEquals(List.of(), overflows);
    r.send("y");
    assertEquals(List.of(CloseReason.LOST_MESSAGES), overflows);
  }

  @Test
  void conflatedReplacement_countsTheNewLength() {
    r.sendConflated(7L, chars(10), chars(10));
    r.sendConflated(7L, chars(280), chars(280)); // replaces in place: 280 kept
    r.send(chars(20));
    assertEquals(List.of(), overflows);
    r.send(chars(1));
    assertEquals(List.of(CloseReason.LOST_MESSAGES), overflows);
  }

  @Test
  void sendTracked_thenTakenRunsWhenHandedToATransport_orOnClose() {
    AtomicInteger taken = new AtomicInteger();
    r.sendTracked("{\"t\":\"a\"}", taken::incrementAndGet);
    assertEquals(0, taken.get(), "no transport yet");
    StuckLink link = new StuckLink();
    r.attach(link, 0, "{\"t\":\"connected\"}");
    r.sendTracked("{\"t\":\"b\"}", taken::incrementAndGet);
    assertEquals(0, taken.get(), "the connected frame is still in flight");
    link.pending.remove(0).run();
    assertEquals(2, taken.get(), "both went in one envelope");

    r.sendTracked("{\"t\":\"c\"}", taken::incrementAndGet);
    r.close(CloseReason.CLOSED_BY_SERVER, "bye");
    assertEquals(3, taken.get());
    r.sendTracked("{\"t\":\"d\"}", taken::incrementAndGet);
    assertEquals(4, taken.get(), "refused after close: at once");
  }
}
