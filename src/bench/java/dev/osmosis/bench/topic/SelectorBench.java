package dev.osmosis.bench.topic;

import dev.osmosis.selector.SelectionIndex;
import dev.osmosis.selector.TopicSelector;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Selector matching per form over 1,000 topic paths ({@code @OperationsPerInvocation}: scores are
 * evaluations per second and {@code gc.alloc.rate.norm} is bytes per evaluation), and a selection
 * index lookup among 100,000 sessions' selections as a topic is added.
 *
 * <p>Run: {@code mvn -q -B -Pbench -DskipTests package && java -jar target/benchmarks.jar
 * SelectorBench -prof gc -f 1 -wi 2 -i 3 -w 1s -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SelectorBench {

  static final int PATHS = 1_000;
  static final int SESSIONS = 100_000;

  private String[] paths;
  private TopicSelector path;
  private TopicSelector pathDescendants;
  private TopicSelector splitPath;
  private TopicSelector fullPath;
  private TopicSelector set;
  private SelectionIndex<Integer> index;

  @Setup
  public void setUp() {
    paths = new String[PATHS];
    for (int i = 0; i < PATHS; i++) {
      paths[i] = TopicTreeBench.path(i * 997);
    }
    path = TopicSelector.parse("bench/5/12/51234");
    pathDescendants = TopicSelector.parse("bench/5//");
    splitPath = TopicSelector.parse("?bench/.*/1.*/.*");
    fullPath = TopicSelector.parse("*bench/[0-9]+/1.*");
    set = TopicSelector.parse("#bench/1//////?bench/2/.*/.*////*bench/3/.*");
    index = new SelectionIndex<>();
    // Each session selects its own branch, a tenth also a shared split-path pattern.
    for (int s = 0; s < SESSIONS; s++) {
      index.add(s, TopicSelector.parse("?bench/" + (s % 100) + "/" + (s / 100 % 100) + "/.*"));
      if (s % 10 == 0) {
        index.add(s, TopicSelector.parse("?bench/" + (s % 100) + "/.*//"));
      }
    }
  }

  private int count(TopicSelector selector) {
    int matched = 0;
    for (int i = 0; i < paths.length; i++) {
      if (selector.matches(paths[i])) {
        matched++;
      }
    }
    return matched;
  }

  @Benchmark
  @OperationsPerInvocation(PATHS)
  public int path() {
    return count(path);
  }

  @Benchmark
  @OperationsPerInvocation(PATHS)
  public int pathDescendants() {
    return count(pathDescendants);
  }

  @Benchmark
  @OperationsPerInvocation(PATHS)
  public int splitPath() {
    return count(splitPath);
  }

  @Benchmark
  @OperationsPerInvocation(PATHS)
  public int fullPath() {
    return count(fullPath);
  }

  @Benchmark
  @OperationsPerInvocation(PATHS)
  public int selectorSet() {
    return count(set);
  }

  /** One lookup: which of 100,000 sessions' 110,000 selections select a new topic. */
  @Benchmark
  public int indexLookup() {
    return index.matching("bench/42/7/4207").size();
  }
}
