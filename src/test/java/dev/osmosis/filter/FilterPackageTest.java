package dev.osmosis.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Allocation-free evaluation (its JDK-only imports are checked by dev.osmosis.ArchitectureTest).
 */
class FilterPackageTest {

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
}
