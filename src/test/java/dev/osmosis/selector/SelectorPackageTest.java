package dev.osmosis.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages' promises: dependencies, allocation-free path matching, selectors drive the tree.
 */
class SelectorPackageTest {

  @Test
  void sources_whenScanned_thenImportOnlyAllowedPackages() {
    assertEquals(
        List.of(),
        foreignImports(
            "selector",
            "(java\\.|com\\.google\\.re2j\\.|dev\\.osmosis\\.(selector|topic|cache|wire)\\.).*"));
    assertEquals(
        List.of(),
        foreignImports(
            "topic", "(java\\.|jakarta\\.json\\.|dev\\.osmosis\\.(topic|filter|wire)\\.).*"));
  }

  private static List<String> foreignImports(String pkg, String allowed) {
    try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/osmosis/" + pkg))) {
      return files
          .flatMap(SelectorPackageTest::lines)
          .filter(line -> line.startsWith("import "))
          .filter(line -> !line.matches("import (static )?" + allowed))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void matches_whenPathSelector_thenAllocatesNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    TopicSelector[] selectors = {
      TopicSelector.parse("prices/eur/usd"),
      TopicSelector.parse("prices/eur/"),
      TopicSelector.parse("prices//"),
      TopicSelector.parse("?prices/eur/usd"),
    };
    String[] paths = {"prices/eur/usd", "prices/eur", "prices/gbp/usd", "other"};
    long tid = Thread.currentThread().getId();
    int matched = countMatches(selectors, paths); // warm-up: class loading, not per evaluation
    matched = 0;
    threads.getThreadAllocatedBytes(tid);
    long before = threads.getThreadAllocatedBytes(tid);
    matched += countMatches(selectors, paths);
    long allocated = threads.getThreadAllocatedBytes(tid) - before;
    assertEquals(60_000, matched);
    // 160,000 evaluations: anything per evaluation would be megabytes.
    assertTrue(allocated < 4_096, () -> allocated + " bytes allocated");
  }

  private static int countMatches(TopicSelector[] selectors, String[] paths) {
    int matched = 0;
    for (int i = 0; i < 10_000; i++) {
      for (int s = 0; s < selectors.length; s++) {
        for (int p = 0; p < paths.length; p++) {
          matched += selectors[s].matches(paths[p]) ? 1 : 0;
        }
      }
    }
    return matched;
  }

  @Test
  void remove_whenSelector_thenTreeRemovesMatches() {
    TopicTree tree = new TopicTree();
    for (String p : List.of("a", "a/b", "a/b/c", "a/x", "b/a")) {
      tree.add(p, TopicType.STRING);
    }
    List<Topic> removed = tree.remove(TopicSelector.parse("#?a/.*////b//"));
    assertEquals(3, removed.size());
    Set<String> left = new TreeSet<>();
    tree.forEach(t -> left.add(t.path()));
    assertEquals(Set.of("a", "a/b/c"), left);
  }
}
