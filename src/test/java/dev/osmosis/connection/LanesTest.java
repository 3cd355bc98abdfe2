package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.osmosis.session.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lanes' poll, which looks only at the default lane while no other lane holds anything. */
class LanesTest {

  private static void add(Lanes lanes, String message, int priority) {
    lanes.size.incrementAndGet(); // as Outbox.reserve: counted before it is added
    lanes.add(message, priority);
  }

  private static List<String> drain(Lanes lanes) {
    List<String> out = new ArrayList<>();
    String next;
    while ((next = lanes.poll()) != null) {
      out.add(next);
    }
    return out;
  }

  @Test
  void poll_whenLanesMixedOverTime_thenHighDefaultLowEachInOrder() {
    Lanes lanes = new Lanes();
    add(lanes, "D1", Connection.DEFAULT);
    assertEquals(List.of("D1"), drain(lanes));
    add(lanes, "L1", Connection.LOW);
    add(lanes, "D2", Connection.DEFAULT);
    add(lanes, "H1", Connection.HIGH);
    add(lanes, "L2", Connection.LOW);
    add(lanes, "H2", Connection.HIGH);
    assertEquals(List.of("H1", "H2", "D2", "L1", "L2"), drain(lanes));
    add(lanes, "D3", Connection.DEFAULT);
    add(lanes, "L3", Connection.LOW);
    assertEquals(List.of("D3", "L3"), drain(lanes));
    assertEquals(0, lanes.size.get());
  }

  @Test
  void poll_whenCountedButNotYetAdded_thenNullUntilAdded() {
    Lanes lanes = new Lanes();
    lanes.size.incrementAndGet(); // an offer between its reservation and its add
    assertNull(lanes.poll());
    lanes.add("late", Connection.LOW);
    assertEquals("late", lanes.poll());
    assertNull(lanes.poll());
  }

  @Test
  void clear_whenOtherLanesHeldEntries_thenLaterLowEntriesStillFound() {
    Lanes lanes = new Lanes();
    add(lanes, "H", Connection.HIGH);
    add(lanes, "L", Connection.LOW);
    lanes.clear();
    assertEquals(0, lanes.size.get());
    add(lanes, "D", Connection.DEFAULT);
    add(lanes, "L2", Connection.LOW);
    assertEquals(List.of("D", "L2"), drain(lanes));
  }

  @Test
  void poll_whenDiscardedSlotQueued_thenSkippedAndCounted() {
    Lanes lanes = new Lanes();
    lanes.size.incrementAndGet();
    lanes.chars.addAndGet(2);
    lanes.addConflatable(7L, "v1", Connection.HIGH);
    add(lanes, "D", Connection.DEFAULT);
    lanes.discard(7);
    assertEquals(List.of("D"), drain(lanes));
    assertEquals(0, lanes.size.get());
  }
}
