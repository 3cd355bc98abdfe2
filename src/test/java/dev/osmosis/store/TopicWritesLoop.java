package dev.osmosis.store;

import dev.osmosis.durable.TopicState;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.topic.TopicValue;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A hand-run measurement, not a test: the flusher's CPU and allocation per topic row written by
 * {@link TopicWrites} on an embedded H2 file database as the server opens it ({@code
 * WRITE_DELAY=0}), one commit per slice, by the shape of the slices (docs/BENCHMARKS.md
 * #persistence-slices). 10,000 topics added in the journal's order (its map's), then passes of 900
 * changed topics, as at 9,000 updates/s with 100 ms windows, written in slices of 900 or 100 rows
 * in the map's order, in random order, or sorted by path. {@code java -cp
 * target/classes:target/test-classes:$(cat cp.txt) dev.osmosis.store.TopicWritesLoop [ROUNDS]}.
 */
public final class TopicWritesLoop {
  private TopicWritesLoop() {}

  static final TopicSpecification STRING = TopicSpecification.of(TopicType.STRING);
  static final int TOPICS = 10_000;
  static final int CHANGED = 900;
  static final int PASSES = 60;
  static final int WARM = 20;

  /** The order of a ConcurrentHashMap's iteration at a table of 16,384 (10,000 entries). */
  static int mapOrder(String path) {
    int h = path.hashCode();
    return (h ^ (h >>> 16)) & 16383;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    String[] variants = {"900 map-order", "100 map-order", "100 random", "100 path-sorted"};
    for (int round = 0; round < rounds; round++) {
      for (String variant : variants) {
        Path dir = Files.createTempDirectory("topic-writes-loop");
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        ds.setUser("osmosis");
        Migrations.migrate(ds, TopicWritesLoop.class.getClassLoader());
        TopicWrites writes = new TopicWrites();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < TOPICS; i++) {
          paths.add("tree/" + (i / 100) + "/" + (i % 100));
        }
        List<String> added = new ArrayList<>(paths);
        added.sort(Comparator.comparingInt(TopicWritesLoop::mapOrder));
        int slice = Integer.parseInt(variant.substring(0, variant.indexOf(' ')));
        try (Connection c = ds.getConnection()) {
          c.setAutoCommit(false);
          for (int i = 0; i < TOPICS; i += 100) {
            write(writes, c, added.subList(i, i + 100), 1);
          }
          Random random = new Random(42);
          long alloc = 0;
          long cpu = 0;
          long rows = 0;
          for (int pass = 0; pass < PASSES; pass++) {
            LinkedHashSet<String> changed = new LinkedHashSet<>();
            for (int i = 0; i < CHANGED; i++) {
              changed.add(paths.get(random.nextInt(TOPICS)));
            }
            List<String> take = new ArrayList<>(changed);
            if (variant.endsWith("map-order")) {
              take.sort(Comparator.comparingInt(TopicWritesLoop::mapOrder));
            } else if (variant.endsWith("path-sorted")) {
              take.sort(Comparator.naturalOrder());
            }
            long a0 = mx.getCurrentThreadAllocatedBytes();
            long c0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < take.size(); i += slice) {
              write(writes, c, take.subList(i, Math.min(take.size(), i + slice)), pass + 2);
            }
            if (pass >= WARM) {
              alloc += mx.getCurrentThreadAllocatedBytes() - a0;
              cpu += mx.getCurrentThreadCpuTime() - c0;
              rows += take.size();
            }
          }
          System.out.printf(
              "%-16s %6.1f us CPU per row %7.0f B allocated per row%n",
              variant, cpu / 1000.0 / rows, (double) alloc / rows);
        }
        try (Connection c = ds.getConnection()) {
          c.createStatement().execute("SHUTDOWN");
        }
      }
    }
  }

  private static void write(TopicWrites writes, Connection c, List<String> paths, long seq)
      throws Exception {
    List<TopicState> batch = new ArrayList<>();
    for (String path : paths) {
      TopicValue value = TopicValue.string("value-" + seq + "-0123456789abcdef0123456789abcdef");
      batch.add(TopicState.of(path, 7, STRING, value, seq));
    }
    writes.write(c, batch, 1_000);
    c.commit();
  }
}
