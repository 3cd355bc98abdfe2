package dev.osmosis.bench.topic;

import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 4's targets: 1,000,000 JSON topics with 100-byte values added in under 5 s and held in
 * under 1 GiB of heap.
 *
 * <p>Time, JMH single shot (each shot builds a fresh tree: add + set of 1,000,000 topics, values
 * validated and canonicalised): {@code mvn -q -B -Pbench -DskipTests package && java -jar
 * target/benchmarks.jar TopicTreeBench -f 1 -wi 1 -i 3}
 *
 * <p>Heap, a plain main (retained heap = used heap after System.gc() with the tree, minus before):
 * {@code java -Xmx2g -cp target/benchmarks.jar dev.osmosis.bench.topic.TopicTreeBench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class TopicTreeBench {

  static final int TOPICS = 1_000_000;
  static final TopicSpecification SPEC = TopicSpecification.of(TopicType.JSON);

  /** bench/a/b/i: three levels of 100 branches, so 10,000 inner nodes of 100 leaves. */
  static String path(int i) {
    return "bench/" + (i / 10_000) + "/" + (i / 100 % 100) + "/" + i;
  }

  /** A 100-character JSON object, different per topic. */
  static String value(int i) {
    String head =
        "{\"id\":"
            + i
            + ",\"symbol\":\"SYM"
            + (i % 9973)
            + "\",\"price\":"
            + (100 + i % 1000) / 8.0
            + ",\"ccy\":\"EUR\",\"pad\":\"";
    return head + "x".repeat(100 - head.length() - 2) + "\"}";
  }

  static TopicTree build() {
    TopicTree tree = new TopicTree();
    for (int i = 0; i < TOPICS; i++) {
      String path = path(i);
      tree.add(path, SPEC);
      tree.set(path, value(i));
    }
    return tree;
  }

  @Benchmark
  public TopicTree addMillionJsonTopics() {
    return build();
  }

  public static void main(String[] args) {
    if (value(123_456).length() != 100) {
      throw new IllegalStateException("value is not 100 characters: " + value(123_456));
    }
    build(); // warm-up, then discarded
    long before = usedAfterGc();
    long start = System.nanoTime();
    TopicTree tree = build();
    long millis = (System.nanoTime() - start) / 1_000_000;
    long after = usedAfterGc();
    System.out.printf(
        "TopicTreeBench.main: %,d JSON topics (100-byte values) added in %,d ms;"
            + " retained heap after GC %,d MiB (%,d bytes per topic); max heap %,d MiB%n",
        tree.size(),
        millis,
        (after - before) >> 20,
        (after - before) / tree.size(),
        Runtime.getRuntime().maxMemory() >> 20);
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
