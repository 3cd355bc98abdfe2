package dev.osmosis.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Concurrent joins, leaves and closes keep rooms, counts and presence right. */
class RoomConcurrencyTest {

  @Test
  void joinAndLeave_whenManyThreadsRace_thenCountsAndRoomsEndConsistent() throws Exception {
    RoomRegistry registry = new RoomRegistry(10_000, 100);
    int threads = 8;
    int rounds = 2_000;
    run(
        threads,
        t -> {
          FakeMember m = new FakeMember("m" + t);
          for (int i = 0; i < rounds; i++) {
            String room = "r" + (i % 5);
            registry.join(room, m);
            if (i % 3 != 0) {
              registry.leave(room, m);
            }
          }
        });
    for (int t = 0; t < threads; t++) {
      List<String> in = registry.roomsOf("m" + t);
      for (String room : in) {
        assertTrue(registry.find(room).orElseThrow().contains("m" + t));
      }
    }
    int total = 0;
    for (Room room : registry.rooms()) {
      total += room.members();
    }
    int memberships = 0;
    for (int t = 0; t < threads; t++) {
      memberships += registry.roomsOf("m" + t).size();
    }
    assertEquals(memberships, total);
    assertEquals(registry.rooms().size(), registry.size());
  }

  @Test
  void join_whenRacingTheLastLeave_thenNeverJoinsADeletedRoom() throws Exception {
    RoomRegistry registry = new RoomRegistry(10, 10);
    FakeMember leaver = new FakeMember("leaver");
    for (int i = 0; i < 300; i++) {
      registry.join("hot", leaver);
      FakeMember joiner = new FakeMember("j" + i);
      CountDownLatch go = new CountDownLatch(1);
      Thread a =
          new Thread(
              () -> {
                await(go);
                registry.leave("hot", leaver);
              });
      a.start();
      go.countDown();
      registry.join("hot", joiner);
      a.join();
      Room room =
          registry
              .find("hot")
              .orElseThrow(() -> new AssertionError("the joiner's room was deleted"));
      assertTrue(room.contains(joiner.id()));
      registry.leave("hot", joiner);
      assertTrue(registry.find("hot").isEmpty());
    }
    assertEquals(0, registry.size());
  }

  @Test
  void presence_whenConcurrentJoinsAndLeaves_thenEventsInOrderWithCorrectCounts() throws Exception {
    RoomRegistry registry = new RoomRegistry(100, 100);
    List<PresenceEvent> events = new CopyOnWriteArrayList<>();
    registry.addPresenceListener("lobby", events::add);
    int threads = 8;
    int rounds = 1_000;
    run(
        threads,
        t -> {
          FakeMember m = new FakeMember("m" + t);
          for (int i = 0; i < rounds; i++) {
            registry.join("lobby", m);
            registry.leave("lobby", m);
          }
        });

    assertEquals(threads * rounds * 2, events.size());
    int count = 0;
    long last = 0;
    for (PresenceEvent e : events) {
      assertTrue(e.sequence() > last, "delivered in sequence order");
      last = e.sequence();
      count += e.kind() == PresenceEvent.Kind.JOINED ? 1 : -1;
      assertEquals(count, e.members(), "each event carries the count right after its change");
    }
    assertEquals(0, count);
    assertTrue(registry.find("lobby").isEmpty());
  }

  @Test
  void presence_whenListenerRemovedOrOtherRoom_thenNoEvents() {
    RoomRegistry registry = new RoomRegistry(100, 100);
    List<PresenceEvent> events = new ArrayList<>();
    Runnable remove = registry.addPresenceListener("lobby", events::add);
    FakeMember alice = new FakeMember("alice");
    registry.join("other", alice);
    registry.join("lobby", alice);
    registry.join("lobby", alice);
    registry.leave("lobby", alice);
    remove.run();
    registry.join("lobby", alice);

    assertEquals(2, events.size());
    assertEquals(
        new PresenceEvent("lobby", "alice", PresenceEvent.Kind.JOINED, 1, events.get(0).sequence()),
        events.get(0));
    assertEquals(PresenceEvent.Kind.LEFT, events.get(1).kind());
    assertEquals(0, events.get(1).members());
  }

  @Test
  void presence_whenListenerThrowsOrCallsBack_thenOthersStillNotifiedAndNoDeadlock() {
    RoomRegistry registry = new RoomRegistry(100, 100);
    List<Integer> seen = new ArrayList<>();
    registry.addPresenceListener(
        "lobby",
        e -> {
          throw new IllegalStateException("listener bug");
        });
    registry.addPresenceListener("lobby", e -> seen.add(registry.members("lobby")));

    registry.join("lobby", new FakeMember("alice"));

    assertEquals(List.of(1), seen);
  }

  interface Body {
    void run(int thread) throws Exception;
  }

  private static void run(int threads, Body body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      done.add(
          pool.submit(
              () -> {
                start.await();
                body.run(id);
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
