package dev.osmosis.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The package's promises: JDK-only dependencies and allocation-free evaluation. */
class FilterPackageTest {

  @Test
  void sources_whenScanned_thenImportOnlyTheJdk() throws IOException {
    Path dir = Path.of("src/main/java/dev/osmosis/filter");
    List<String> foreign;
    try (Stream<Path> files = Files.list(dir)) {
      foreign =
          files
              .flatMap(FilterPackageTest::lines)
              .filter(line -> line.startsWith("import "))
              .filter(
                  line -> !line.matches("import (static )?(java\\.|dev\\.osmosis\\.filter\\.).*"))
              .collect(Collectors.toList());
    }
    assertEquals(List.of(), foreign);
  }

  @Test
  void matches_whenEvaluatedManyTimes_thenAllocatesNothingPerSession() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    SessionFilter filter =
        SessionFilter.parse(
            "Department is 'Accounts' and $Country ne 'US' or hasRoles 'x', 'y' or "
                + "$Roles eq '\"accountancy\"' or $Version in ['1', '2'] or not has Status");
    FilterTarget[] sessions = Samples.ALL.toArray(new FilterTarget[0]);
    long tid = Thread.currentThread().getId();
    int matched = 0;
    threads.getThreadAllocatedBytes(tid);
    long before = threads.getThreadAllocatedBytes(tid);
    for (int i = 0; i < 10_000; i++) {
      // Indexed, as a for-each over a list would allocate an iterator here.
      for (int s = 0; s < sessions.length; s++) {
        matched += filter.matches(sessions[s]) ? 1 : 0;
      }
    }
    long allocated = threads.getThreadAllocatedBytes(tid) - before;
    assertEquals(40_000, matched);
    // 50,000 evaluations: anything per evaluation would be hundreds of kilobytes.
    assertTrue(allocated < 4_096, () -> allocated + " bytes allocated");
  }

  private static Stream<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
