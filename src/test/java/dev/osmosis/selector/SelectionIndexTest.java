package dev.osmosis.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SelectionIndexTest {

  private final SelectionIndex<String> index = new SelectionIndex<>();

  private static TopicSelector s(String text) {
    return TopicSelector.parse(text);
  }

  @Test
  void matching_whenSelectionsOfManyOwners_thenOnlyMatchingOwners() {
    index.add("alice", s("a/b"));
    index.add("bob", s("?a/.*"));
    index.add("carol", s("*x.*"));
    index.add("dave", s("#q////a//"));
    assertEquals(Set.of("alice", "bob", "dave"), index.matching("a/b"));
    assertEquals(Set.of("dave"), index.matching("/a/b/c/"));
    assertEquals(Set.of("carol"), index.matching("xyz"));
    assertEquals(Set.of(), index.matching("b"));
  }

  @Test
  void matching_whenTopicAdded_thenTestsOnlyCandidateSelections() {
    // 1,000 sessions with selections in other branches, one with a matching one.
    for (int i = 0; i < 1_000; i++) {
      index.add("s" + i, s("branch" + i + "/.."));
      index.add("s" + i, s("?branch" + i + "/x/.*"));
    }
    index.add("fan", s("?prices/.*//"));
    index.add("fan", s("prices/eur/usd"));
    long before = index.evaluations();
    assertEquals(Set.of("fan"), index.matching("prices/eur/usd"));
    assertEquals(2, index.evaluations() - before); // not 2,002
  }

  @Test
  void matching_whenRootPrefix_thenTestedForEveryTopic() {
    index.add("x", s("*.*/z"));
    index.add("y", s("a"));
    long before = index.evaluations();
    assertEquals(Set.of("x"), index.matching("q/z"));
    assertEquals(1, index.evaluations() - before);
  }

  @Test
  void forEachMatch_whenSetMatchesThroughTwoMembers_thenReportedOnce() {
    TopicSelector set = s("#?a/.*////a/b");
    index.add("o", set);
    List<String> seen = new ArrayList<>();
    index.forEachMatch("a/b", (owner, selection) -> seen.add(owner + " " + selection));
    assertEquals(List.of("o #?a/.*////>a/b"), seen);
  }

  @Test
  void add_whenDuplicate_thenFalse() {
    assertTrue(index.add("o", s("a")));
    assertFalse(index.add("o", s(">a")));
    assertEquals(Set.of(s("a")), index.selectors("o"));
  }

  @Test
  void remove_whenSelectionRemoved_thenNoLongerMatches() {
    index.add("o", s("a"));
    index.add("o", s("#a////b"));
    assertTrue(index.remove("o", s("#a////b")));
    assertFalse(index.remove("o", s("#a////b")));
    assertEquals(Set.of("o"), index.matching("a"));
    assertEquals(Set.of(), index.matching("b"));
    assertTrue(index.remove("o", s("a")));
    assertEquals(Set.of(), index.matching("a"));
    assertEquals(0, index.owners());
  }

  @Test
  void removeAll_whenOwnerCloses_thenAllItsSelectionsGone() {
    index.add("o", s("a"));
    index.add("o", s("?b/.*"));
    index.add("p", s("a"));
    assertEquals(Set.of(s("a"), s("?b/.*")), index.removeAll("o"));
    assertEquals(Set.of("p"), index.matching("a"));
    assertEquals(Set.of(), index.matching("b/c"));
    assertEquals(Set.of(), index.selectors("o"));
    assertEquals(Set.of(), index.removeAll("o"));
  }

  @Test
  void add_whenOverLimit_thenError() {
    SelectionIndex<String> small = new SelectionIndex<>(2);
    small.add("o", s("a"));
    small.add("o", s("b"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> small.add("o", s("c")));
    assertEquals("too many selections: the limit is 2 per session", e.getMessage());
    assertTrue(small.add("p", s("c")));
  }

  @Test
  void add_whenConcurrentOwners_thenAllIndexed() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      futures.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 500; i++) {
                  index.add("o" + id + "-" + i, s("shared/" + (i % 7) + "//"));
                  index.add("o" + id + "-" + i, s("tmp/" + i));
                  index.remove("o" + id + "-" + i, s("tmp/" + i));
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertEquals(2_000, index.owners());
    int total = 0;
    for (int k = 0; k < 7; k++) {
      total += index.matching("shared/" + k + "/leaf").size();
    }
    assertEquals(2_000, total);
    assertEquals(Set.of(), index.matching("tmp/3"));
  }
}
