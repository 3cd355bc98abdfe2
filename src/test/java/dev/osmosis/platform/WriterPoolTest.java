package dev.osmosis.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class WriterPoolTest {

  @Test
  void threadFactory_whenGrizzlyAbsent_thenPlainDaemonWritersNumberedFromOne() {
    ThreadFactory factory = WriterPool.threadFactory(WriterPoolTest.class.getClassLoader());

    Thread first = factory.newThread(() -> {});
    Thread second = factory.newThread(() -> {});

    assertEquals(Thread.class, first.getClass());
    assertTrue(first.isDaemon());
    assertEquals("osmosis-writer-1", first.getName());
    assertEquals("osmosis-writer-2", second.getName());
  }
}
