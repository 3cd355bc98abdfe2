package dev.osmosis.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/sessions?sort=&limit=}: the orders and bounds, without a server. */
class SessionsResourceTest {

  private static SessionView view(String id, Integer queued) {
    return new SessionView(id, "p", List.of(), "ACTIVE", Map.of(), "node", queued);
  }

  private static List<String> sorted(String sort, long limit, SessionView... views) {
    return List.of(views).stream()
        .sorted(SessionsResource.order(sort))
        .limit(limit)
        .map(SessionView::id)
        .toList();
  }

  @Test
  void sortQueue_whenQueues_thenLargestFirst_equalOnesOldestFirst_unknownLast() {
    SessionView[] oldestFirst = {
      view("a", 0), view("b", 7), view("c", null), view("d", 7), view("e", 300)
    };
    assertEquals(List.of("e", "b", "d", "a", "c"), sorted("queue", 10, oldestFirst));
    assertEquals(List.of("e", "b"), sorted("queue", SessionsResource.limit(2), oldestFirst));
  }

  @Test
  void sortStart_whenAbsentOrStart_thenTheOrderGiven() {
    SessionView[] oldestFirst = {view("a", 5), view("b", 9)};
    assertEquals(List.of("a", "b"), sorted(null, Long.MAX_VALUE, oldestFirst));
    assertEquals(List.of("a", "b"), sorted("start", Long.MAX_VALUE, oldestFirst));
  }

  @Test
  void sortAndLimit_whenBad_thenRefusedNamingThem() {
    IllegalArgumentException sort =
        assertThrows(IllegalArgumentException.class, () -> SessionsResource.order("size"));
    assertEquals("'sort' must be 'start' or 'queue', not 'size'", sort.getMessage());
    for (int bad : new int[] {0, -1, SessionsResource.MAX_LIMIT + 1}) {
      IllegalArgumentException limit =
          assertThrows(IllegalArgumentException.class, () -> SessionsResource.limit(bad));
      assertEquals("'limit' must be between 1 and 100000", limit.getMessage());
    }
    assertEquals(Long.MAX_VALUE, SessionsResource.limit(null));
  }
}
