package dev.osmosis.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionFiltersTest {

  @Test
  void compile_whenSameText_thenSameInstance() {
    SessionFilters filters = new SessionFilters();
    SessionFilter first = filters.compile("Department is \"Accounts\" and $Country ne \"US\"");
    SessionFilter second = filters.compile("Department is \"Accounts\" and $Country ne \"US\"");
    assertSame(first, second);
    assertEquals(1, filters.size());
  }

  @Test
  void compile_whenDifferentTextSameMeaning_thenEqualButSeparateEntries() {
    SessionFilters filters = new SessionFilters();
    SessionFilter single = filters.compile("a is 'x'");
    SessionFilter dbl = filters.compile("a is \"x\"");
    assertEquals(single, dbl);
    assertNotSame(single, dbl);
    assertEquals(2, filters.size());
  }

  @Test
  void compile_whenInvalid_thenThrowsAndCachesNothing() {
    SessionFilters filters = new SessionFilters();
    assertThrows(FilterSyntaxException.class, () -> filters.compile("a is"));
    assertEquals(0, filters.size());
  }

  @Test
  void compile_whenCapacityReached_thenEvictsToStayBounded() {
    SessionFilters filters = new SessionFilters(new SessionFilterParser(), 8);
    for (int i = 0; i < 100; i++) {
      filters.compile("n is '" + i + "'");
      assertTrue(filters.size() <= 8, () -> "size " + filters.size());
    }
    assertEquals(new SessionFilter.Equals("n", "99"), filters.compile("n is '99'"));
  }

  @Test
  void compile_whenParserLimitsGiven_thenUsesThem() {
    SessionFilters filters = new SessionFilters(new SessionFilterParser(5, 1), 8);
    assertThrows(FilterSyntaxException.class, () -> filters.compile("has abc"));
    assertThrows(
        IllegalArgumentException.class, () -> new SessionFilters(new SessionFilterParser(), 0));
  }
}
