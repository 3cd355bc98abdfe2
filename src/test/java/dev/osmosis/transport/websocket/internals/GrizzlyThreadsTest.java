package dev.osmosis.transport.websocket.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class GrizzlyThreadsTest {

  @Test
  void lookup_whenGrizzlyAbsent_thenNoRoute() {
    assertNull(GrizzlyThreads.lookup(GrizzlyThreadsTest.class.getClassLoader()));
  }

  @Test
  void writerThreads_whenGrizzlyAbsent_thenPlainDaemonWritersNumberedFromOne() {
    ThreadFactory factory = GrizzlyThreads.writerThreads(GrizzlyThreadsTest.class.getClassLoader());

    Thread first = factory.newThread(() -> {});
    Thread second = factory.newThread(() -> {});

    assertEquals(Thread.class, first.getClass());
    assertTrue(first.isDaemon());
    assertEquals("osmosis-writer-1", first.getName());
    assertEquals("osmosis-writer-2", second.getName());
  }
}
