package dev.osmosis.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.connection.FrameSink;
import dev.osmosis.connection.Outbox;
import dev.osmosis.room.RoomRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A room broadcast through members whose transport is an unbatched {@link Outbox}, as the WebSocket
 * transport builds it (transport.websocket.IngressWebSocket): the one message instance reaches
 * every member's queue, what queues behind a write in flight leaves in one write of separate
 * frames, each sender's messages (presence included) arrive in order, and a slow member overflows
 * alone.
 */
class RoomBroadcastWritesTest {
  final RoomRegistry rooms = new RoomRegistry(100, 10);
  final List<ExecutorService> pools = new ArrayList<>();

  @AfterEach
  void stop() {
    pools.forEach(ExecutorService::shutdownNow);
  }

  /** Records every write (its frames, in order) and completes it when told, or at once. */
  static final class Writes implements FrameSink {
    final List<String[]> writes = new ArrayList<>();
    final List<Runnable> pending = new ArrayList<>();
    final List<String> frames = new ArrayList<>();
    volatile boolean completeAtOnce;
    ExecutorService completer;

    @Override
    public void write(String frame, Runnable done) {
      writeEach(new String[] {frame}, 1, done);
    }

    @Override
    public void writeEach(String[] messages, int count, Runnable done) {
      synchronized (this) {
        writes.add(java.util.Arrays.copyOf(messages, count));
        frames.addAll(java.util.Arrays.asList(messages).subList(0, count));
        if (!completeAtOnce) {
          pending.add(done);
          return;
        }
      }
      if (completer != null) {
        completer.execute(done); // completion comes later, from another thread (the socket)
      } else {
        done.run();
      }
    }

    void completeNext() {
      Runnable done;
      synchronized (this) {
        done = pending.remove(0);
      }
      done.run();
    }

    synchronized List<String> frames() {
      return new ArrayList<>(frames);
    }
  }

  /** The transport IngressWebSocket is, without a socket: an unbatched outbox over {@code out}. */
  static final class OutboxTransport implements IngressTransport {
    final Outbox outbox;
    final AtomicInteger overflows = new AtomicInteger();

    OutboxTransport(Writes out, java.util.concurrent.Executor writers, int limit) {
      outbox = Outbox.unbatched(out, writers, limit, Long.MAX_VALUE, overflows::incrementAndGet);
    }

    @Override
    public void send(String message) {
      outbox.offer(message);
    }

    @Override
    public void close(int code, String reason) {
      outbox.finish(() -> {});
    }
  }

  IngressConnection member(String id, Writes out, java.util.concurrent.Executor writers, int max) {
    IngressConnection c =
        new IngressConnection(
            id,
            "chat",
            new IngressHandler() {},
            IngressConnectionTest.handshake(),
            rooms,
            new OutboxTransport(out, writers, max));
    c.room("r").join();
    return c;
  }

  @Test
  void broadcast_whileWritesInFlight_thenOneSharedInstancePerMessageAndOneWriteForTheQueued() {
    List<Writes> outs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Writes out = new Writes();
      outs.add(out);
      member("m" + i, out, Runnable::run, 100);
    }
    String first = "first";
    rooms.broadcast("r", first);
    List<String> queued = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String message = "{\"type\":\"message\",\"n\":" + i + "}";
      queued.add(message);
      rooms.broadcast("r", message);
    }

    for (Writes out : outs) {
      assertEquals(1, out.writes.size(), "only the first is in flight");
      out.completeNext();
      assertEquals(2, out.writes.size(), "the ten queued messages in one write");
      assertEquals(queued, List.of(out.writes.get(1)), "as ten frames, in order");
      for (int i = 0; i < queued.size(); i++) {
        // encode once: every member's write carries the broadcast's own instance, so the frame
        // bytes are made once per writer thread and shared (TextFrames)
        assertSame(queued.get(i), out.writes.get(1)[i]);
      }
      assertSame(first, out.writes.get(0)[0]);
    }
  }

  @Test
  void broadcast_fromConcurrentSendersWithPresence_thenEveryMemberGetsEachSendersMessagesInOrder()
      throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(2);
    ExecutorService completer = Executors.newSingleThreadExecutor();
    pools.add(writers);
    pools.add(completer);
    int members = 20;
    int perSender = 2_000;
    List<Writes> outs = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      Writes out = new Writes();
      out.completeAtOnce = true;
      out.completer = completer;
      outs.add(out);
      member("m" + i, out, writers, 100_000);
    }
    String[] senders = {"a", "b", "c"};
    List<Thread> threads = new ArrayList<>();
    for (String sender : senders) {
      Thread t =
          new Thread(
              () -> {
                rooms.broadcastExcept("r", sender + ":join", "nobody");
                for (int i = 0; i < perSender; i++) {
                  rooms.broadcast("r", sender + ":" + i);
                }
                rooms.broadcastExcept("r", sender + ":leave", "nobody");
              });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    int expected = senders.length * (perSender + 2);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (Writes out : outs) {
      while (out.frames().size() < expected && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    }

    int writes = 0;
    for (Writes out : outs) {
      List<String> frames = out.frames();
      assertEquals(expected, frames.size(), "nothing lost");
      for (String sender : senders) {
        List<String> mine = new ArrayList<>();
        for (String f : frames) {
          if (f.startsWith(sender + ":")) {
            mine.add(f);
          }
        }
        List<String> inOrder = new ArrayList<>();
        inOrder.add(sender + ":join");
        for (int i = 0; i < perSender; i++) {
          inOrder.add(sender + ":" + i);
        }
        inOrder.add(sender + ":leave");
        assertEquals(inOrder, mine, "sender " + sender + "'s order, presence included");
      }
      synchronized (out) {
        writes += out.writes.size();
      }
    }
    assertTrue(writes <= members * expected, "at most one write per delivery");
  }

  @Test
  void broadcast_toASlowMember_thenItAloneOverflowsOnceAndTheOthersGetEverything() {
    Writes slow = new Writes(); // never completes its first write
    OutboxTransport slowTransport;
    IngressConnection slowMember =
        new IngressConnection(
            "slow",
            "chat",
            new IngressHandler() {},
            IngressConnectionTest.handshake(),
            rooms,
            slowTransport = new OutboxTransport(slow, Runnable::run, 10));
    slowMember.room("r").join();
    Writes fast = new Writes();
    fast.completeAtOnce = true;
    member("fast", fast, Runnable::run, 10);

    for (int i = 0; i < 30; i++) {
      rooms.broadcast("r", "m" + i);
    }

    assertEquals(1, slowTransport.overflows.get(), "reported once: the owner closes it (4007)");
    assertEquals(List.of("m0"), slow.frames(), "one write in flight, ten queued, the rest refused");
    assertEquals(10, slowTransport.outbox.size());
    assertEquals(30, fast.frames().size(), "the fast member is not held back");
  }
}
