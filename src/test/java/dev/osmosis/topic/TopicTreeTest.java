package dev.osmosis.topic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TopicTreeTest {

  private final TopicTree tree = new TopicTree();

  /** Matches paths under a prefix (inclusive) and counts the calls. */
  private static final class Under implements TopicMatcher {
    final String prefix;
    final AtomicInteger calls = new AtomicInteger();

    Under(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public String literalPrefix() {
      return prefix;
    }

    @Override
    public boolean matches(String path) {
      calls.incrementAndGet();
      return TopicPath.isPrefix(prefix, path);
    }
  }

  private Set<String> paths() {
    Set<String> paths = new TreeSet<>();
    tree.forEach(t -> paths.add(t.path()));
    return paths;
  }

  @Test
  void add_whenNew_thenAddedAndCanonical() {
    assertEquals(TopicTree.AddResult.ADDED, tree.add("/a/b/", TopicType.JSON));
    Topic topic = tree.get("a/b");
    assertEquals("a/b", topic.path());
    assertEquals(TopicType.JSON, topic.type());
    assertNull(topic.value());
    assertNull(tree.get("a"));
    assertEquals(1, tree.size());
  }

  @Test
  void add_whenSameSpecification_thenExists() {
    tree.add("a", new TopicSpecification(TopicType.STRING, java.util.Map.of("PRIORITY", "high")));
    assertEquals(
        TopicTree.AddResult.EXISTS,
        tree.add("/a", TopicSpecification.of(TopicType.STRING).withProperty("PRIORITY", "high")));
    assertEquals(1, tree.size());
  }

  @Test
  void add_whenDifferentSpecification_thenError() {
    tree.add("a", TopicType.STRING);
    InvalidSpecificationException e =
        assertThrows(InvalidSpecificationException.class, () -> tree.add("a", TopicType.JSON));
    assertEquals(
        "a topic with a different specification exists at a: STRING, not JSON", e.getMessage());
  }

  @Test
  void add_whenTimeSeries_thenNotSupportedYet() {
    InvalidSpecificationException e =
        assertThrows(
            InvalidSpecificationException.class, () -> tree.add("ts", TopicType.TIME_SERIES));
    assertEquals("TIME_SERIES topics are not supported yet (ts)", e.getMessage());
  }

  @Test
  void add_whenInvalidPath_thenError() {
    assertThrows(InvalidTopicPathException.class, () -> tree.add("a//b", TopicType.JSON));
    assertThrows(InvalidTopicPathException.class, () -> tree.add("/", TopicType.JSON));
  }

  @Test
  void add_whenParentAndChild_thenBothTopics() {
    tree.add("a/b/c", TopicType.INT64);
    tree.add("a", TopicType.INT64);
    assertEquals(Set.of("a", "a/b/c"), paths());
  }

  @Test
  void set_whenValid_thenReturnsOldAndNew() {
    tree.add("n", TopicType.INT64);
    ValueChange first = tree.set("n", 1L);
    assertNull(first.oldValue());
    assertEquals(TopicValue.int64(1), first.newValue());
    ValueChange second = tree.set("/n", "2");
    assertEquals(TopicValue.int64(1), second.oldValue());
    assertEquals(TopicValue.int64(2), tree.get("n").value());
    assertNull(second.delta());
  }

  @Test
  void set_whenWrongValue_thenErrorAndValueUnchanged() {
    tree.add("a/b", TopicType.JSON);
    tree.set("a/b", "{\"x\":1}");
    InvalidValueException e =
        assertThrows(InvalidValueException.class, () -> tree.set("a/b", "{\"x\": 1,}"));
    assertTrue(e.getMessage().startsWith("value for JSON topic a/b is not valid JSON at "));
    assertEquals("{\"x\":1}", tree.get("a/b").value().toString());
  }

  @Test
  void set_whenNoTopic_thenError() {
    NoSuchTopicException e = assertThrows(NoSuchTopicException.class, () -> tree.set("/x/", 1));
    assertEquals("no topic at x", e.getMessage());
  }

  @Test
  void set_whenDontRetainValue_thenNoValueKept() {
    tree.add(
        "s", TopicSpecification.of(TopicType.STRING).withProperty("DONT_RETAIN_VALUE", "true"));
    ValueChange change = tree.set("s", "v");
    assertEquals(TopicValue.string("v"), change.newValue());
    assertNull(tree.get("s").value());
  }

  @Test
  void delta_whenSmallChangeToLargeValue_thenPatchIsSmaller() {
    tree.add("j", TopicType.JSON);
    String big =
        "{\"name\":\"a fairly long descriptive name\",\"price\":100,\"tags\":[\"x\",\"y\"]}";
    tree.set("j", big);
    ValueChange change = tree.set("j", big.replace("100", "101"));
    JsonDelta delta = change.delta();
    assertEquals("[{\"op\":\"replace\",\"path\":\"/price\",\"value\":101}]", delta.patch());
    assertTrue(delta.isSmaller());
  }

  @Test
  void delta_whenWholeValueChanges_thenPatchIsNotSmaller() {
    tree.add("j", TopicType.JSON);
    tree.set("j", "{\"a\":1}");
    JsonDelta delta = tree.set("j", "{\"b\":2}").delta();
    assertFalse(delta.isSmaller(), delta.patch());
  }

  @Test
  void delta_whenScalarOrPublishValuesOnly_thenNone() {
    tree.add("j", TopicType.JSON);
    tree.set("j", "1");
    assertNull(tree.set("j", "{\"a\":1}").delta());
    tree.add(
        "v", TopicSpecification.of(TopicType.JSON).withProperty("PUBLISH_VALUES_ONLY", "true"));
    tree.set("v", "{\"a\":1}");
    assertNull(tree.set("v", "{\"a\":2}").delta());
  }

  @Test
  void remove_whenMatcher_thenRemovesOnlyMatchesAndWalksOnlyThePrefixBranch() {
    for (String p : List.of("a", "a/b", "a/b/c", "a/x", "b", "b/c/d", "c")) {
      tree.add(p, TopicType.STRING);
    }
    Under matcher = new Under("a/b");
    List<Topic> removed = tree.remove(matcher);
    assertEquals(2, removed.size());
    assertEquals(2, matcher.calls.get()); // a/b and a/b/c only
    assertTrue(removed.get(0).isRemoved());
    assertEquals(Set.of("a", "a/x", "b", "b/c/d", "c"), paths());
    assertEquals(5, tree.size());
    assertTrue(tree.remove(new Under("zzz")).isEmpty());
  }

  @Test
  void remove_whenBranchEmptied_thenCanBeAddedAgain() {
    tree.add("a/b/c", TopicType.STRING);
    tree.remove(new Under("a"));
    assertEquals(0, tree.size());
    tree.forEachUnder(
        "",
        t -> {
          throw new AssertionError(t);
        });
    assertEquals(TopicTree.AddResult.ADDED, tree.add("a/b/c", TopicType.JSON));
    assertEquals(TopicType.JSON, tree.get("a/b/c").type());
  }

  @Test
  void forEachUnder_whenPrefix_thenOnlyThatBranch() {
    for (String p : List.of("a", "a/b", "ab", "a/b/c")) {
      tree.add(p, TopicType.STRING);
    }
    List<String> seen = new ArrayList<>();
    tree.forEachUnder("a/", t -> seen.add(t.path()));
    Collections.sort(seen);
    assertEquals(List.of("a", "a/b", "a/b/c"), seen);
  }

  @Test
  void listeners_whenAddedAndRemoved_thenToldOnce() {
    List<String> events = new ArrayList<>();
    tree.addListener(
        new TopicListener() {
          @Override
          public void topicAdded(Topic topic) {
            events.add("+" + topic.path());
          }

          @Override
          public void topicRemoved(Topic topic) {
            events.add("-" + topic.path());
          }
        });
    tree.add("a", TopicType.STRING);
    tree.add("a", TopicType.STRING);
    tree.remove(new Under("a"));
    assertEquals(List.of("+a", "-a"), events);
  }

  @Test
  void subscribers_whenAddedAndRemoved_thenCopyOnWrite() {
    tree.add("a", TopicType.STRING);
    Topic topic = tree.get("a");
    TopicSubscriber s1 = new TopicSubscriber() {};
    TopicSubscriber s2 = new TopicSubscriber() {};
    TopicSubscriber[] empty = topic.subscribers();
    assertTrue(topic.addSubscriber(s1));
    assertFalse(topic.addSubscriber(s1));
    assertTrue(topic.addSubscriber(s2));
    TopicSubscriber[] both = topic.subscribers();
    assertTrue(topic.removeSubscriber(s1));
    assertFalse(topic.removeSubscriber(s1));
    assertEquals(0, empty.length);
    assertArrayEquals(new TopicSubscriber[] {s1, s2}, both);
    assertArrayEquals(new TopicSubscriber[] {s2}, topic.subscribers());
  }

  @Test
  void add_whenConcurrentAddsAndRemoves_thenNoneLost() throws Exception {
    int threads = 4;
    int perThread = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger added = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                  // Every thread adds the same paths (EXISTS races) and churns its own branch.
                  if (tree.add("shared/" + (i % 100) + "/" + i, TopicType.STRING)
                      == TopicTree.AddResult.ADDED) {
                    added.incrementAndGet();
                  }
                  tree.add("churn/" + id + "/" + (i % 10), TopicType.STRING);
                  tree.remove(new Under("churn/" + id + "/" + ((i + 5) % 10)));
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertEquals(perThread, added.get());
    AtomicInteger shared = new AtomicInteger();
    tree.forEachUnder("shared", t -> shared.incrementAndGet());
    assertEquals(perThread, shared.get());
    for (int i = 0; i < perThread; i++) {
      assertSame(
          tree.get("shared/" + (i % 100) + "/" + i), tree.get("/shared/" + (i % 100) + "/" + i));
    }
    AtomicInteger all = new AtomicInteger();
    tree.forEach(t -> all.incrementAndGet());
    assertEquals(all.get(), tree.size());
  }
}
