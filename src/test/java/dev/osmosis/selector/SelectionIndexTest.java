package dev.osmosis.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> small.add("o", s("c")));
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

  @Test
  void remove_when50000RootMembers_thenCorrectAndTheBucketChangesInPlace() {
    // 50,000 members without a literal prefix: all in the root bucket (50 owners x 1,000
    // selections).
    TopicSelector[] selectors = new TopicSelector[1_000];
    for (int i = 0; i < selectors.length; i++) {
      selectors[i] = s("*(x" + i + ")/.*");
      assertEquals("", selectors[i].literalPrefix());
    }
    for (int o = 0; o < 50; o++) {
      for (TopicSelector selector : selectors) {
        assertTrue(index.add("o" + o, selector));
      }
    }
    Object root = index.bucket("");
    assertEquals(50, index.matching("x7/y").size());
    for (int o = 0; o < 50; o += 2) {
      for (int i = 0; i < selectors.length; i += 2) {
        assertTrue(index.remove("o" + o, selectors[i]));
        assertTrue(root == index.bucket(""), "a removal replaced (copied) the root bucket");
      }
    }
    assertEquals(25, index.matching("x6/y").size()); // even selector: only the odd owners keep it
    assertEquals(50, index.matching("x7/y").size()); // odd selector: everyone keeps it
    for (int o = 1; o < 50; o += 2) {
      assertEquals(selectors.length, index.removeAll("o" + o).size());
      assertTrue(root == index.bucket(""), "removeAll replaced (copied) the root bucket");
    }
    assertEquals(Set.of(), index.matching("x6/y"));
    assertEquals(25, index.matching("x7/y").size());
    assertEquals(25, index.owners());
    for (int o = 0; o < 50; o += 2) {
      index.removeAll("o" + o);
    }
    assertEquals(0, index.owners());
    assertNull(index.bucket(""), "an empty bucket is dropped");
  }

  private static SelectionLimits limits(
      int membersPerSession, int bytesPerSession, int membersPerAddress, int membersTotal) {
    return new SelectionLimits(
        10_000,
        membersPerSession,
        bytesPerSession,
        membersPerAddress,
        1 << 30,
        membersTotal,
        1 << 30,
        1 << 20,
        10,
        10);
  }

  private static String set(String prefix, int members) {
    StringBuilder text = new StringBuilder("#");
    for (int i = 0; i < members; i++) {
      text.append(i == 0 ? "" : "////").append(prefix).append(i);
    }
    return text.toString();
  }

  @Test
  void add_whenMembersPastTheSessionBudget_thenRefusedAndNothingFiled() {
    // one select may carry 256 members: the limit counts members, not selections
    SelectionIndex<String> small =
        new SelectionIndex<>(
            new SelectionBudget(limits(300, 1 << 30, 1_000, 1_000)), owner -> null);
    assertTrue(small.add("o", s(set("a", 256))));
    SelectionLimitException e =
        assertThrows(SelectionLimitException.class, () -> small.add("o", s(set("b", 45))));
    assertEquals(
        "too many selector members: the session holds 256, the selector has 45, the limit is 300 per"
            + " session",
        e.getMessage());
    assertEquals(Set.of(), small.matching("b0"));
    assertTrue(small.add("o", s(set("b", 44))));
    assertTrue(small.add("p", s(set("b", 45))));
  }

  @Test
  void add_whenBytesPastTheSessionBudget_thenRefused() {
    TopicSelector big = s("*(ab){100}");
    long weight = TopicSelectors.weight(big);
    SelectionIndex<String> small =
        new SelectionIndex<>(
            new SelectionBudget(limits(1_000, (int) (weight * 2 + 10), 1_000, 1_000)),
            owner -> null);
    assertTrue(small.add("o", big));
    assertTrue(small.add("o", s("*(cd){100}")));
    SelectionLimitException e =
        assertThrows(SelectionLimitException.class, () -> small.add("o", s("*(ef){100}")));
    assertTrue(
        e.getMessage().startsWith("selections too large: the session's take an estimated "),
        e.getMessage());
    small.remove("o", big);
    assertTrue(small.add("o", s("*(ef){100}")), "a removal gives its bytes back");
  }

  @Test
  void add_whenPastTheAddressOrServerBudget_thenRefusedUntilReleased() {
    SelectionBudget budget = new SelectionBudget(limits(1_000, 1 << 30, 300, 500));
    SelectionIndex<String> index =
        new SelectionIndex<>(budget, owner -> owner.startsWith("x") ? "10.0.0.1" : "");
    SelectionIndex<String> other =
        new SelectionIndex<>(budget, owner -> owner.startsWith("x") ? "10.0.0.1" : "");
    assertTrue(index.add("x1", s(set("a", 200))));
    SelectionLimitException perAddress =
        assertThrows(SelectionLimitException.class, () -> other.add("x2", s(set("a", 101))));
    assertEquals(
        "too many selector members from client address 10.0.0.1: the limit is 300 per address",
        perAddress.getMessage());
    assertTrue(
        index.add("y1", s(set("a", 250))), "another address (none) is not charged to 10.0.0.1");
    SelectionLimitException total =
        assertThrows(SelectionLimitException.class, () -> index.add("y2", s(set("b", 51))));
    assertEquals(
        "the server holds too many selector members: the limit is 500", total.getMessage());
    assertEquals(
        200,
        budget.members("10.0.0.1"),
        "a refusal server-wide gives the address its members back");
    assertEquals(Set.of(), index.selectors("y2"));
    assertEquals(2, index.owners(), "a refused first selection leaves no empty owner");
    index.removeAll("x1");
    assertEquals(0, budget.members("10.0.0.1"));
    assertEquals(250, budget.members());
    assertTrue(other.add("x2", s(set("a", 250))));
  }
}
