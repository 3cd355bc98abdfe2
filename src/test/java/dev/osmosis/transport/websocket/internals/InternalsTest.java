package dev.osmosis.transport.websocket.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InternalsTest {
  final Internals<String> route =
      new Internals<>(System.getLogger(InternalsTest.class.getName()), "found", "missing");

  @Test
  void resolve_once_thenTheLookupRunsOnceEvenWhenItFindsNothing() {
    List<String> runs = new ArrayList<>();
    assertNull(route.resolve(() -> add(runs, null)));
    assertNull(route.resolve(() -> add(runs, "late")));
    assertEquals(1, runs.size(), "not retried");
    assertTrue(route.isResolved());
  }

  @Test
  void resolvePerType_thenOnceForEachClassAndMissingIsRemembered() {
    List<String> runs = new ArrayList<>();
    assertEquals("String", route.resolve(String.class, t -> add(runs, t.getSimpleName())));
    assertEquals("String", route.resolve(String.class, t -> add(runs, "again")));
    assertNull(route.resolve(Integer.class, t -> add(runs, null)));
    assertNull(route.resolve(Integer.class, t -> add(runs, "Integer")));
    assertEquals(2, runs.size(), "one lookup per class, a missing route not retried");
  }

  private static String add(List<String> runs, String result) {
    runs.add(String.valueOf(result));
    return result;
  }
}
