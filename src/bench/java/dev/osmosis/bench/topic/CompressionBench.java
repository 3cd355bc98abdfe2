package dev.osmosis.bench.topic;

import dev.osmosis.topic.TopicValue;
import dev.osmosis.topic.ValueEdit;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What COMPRESSION would cost (docs/TOPICS.md "COMPRESSION"): raw deflate of one topic message per
 * value size at zlib level 1 ({@code low}), 6 ({@code medium}) and 9 ({@code high}), one reused
 * {@link Deflater} (the cheapest case: no allocation of the 256 KiB of zlib state per call); and,
 * for comparison, the STRING delta the server computes once per update ({@code edit}: common prefix
 * and suffix of two values differing in one place). The value is JSON-like market data (numbers,
 * repeated names), which deflates about 3 to 5 times. The sizes after compression are printed at
 * setup.
 *
 * <p>{@code mvn -q -B -o -Pbench -DskipTests package && java -jar target/benchmarks.jar
 * CompressionBench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CompressionBench {

  @Param({"1024", "16384", "262144"})
  int size;

  @Param({"1", "6", "9"})
  int level;

  byte[] message;
  byte[] out;
  Deflater deflater;
  TopicValue.OfString before;
  TopicValue.OfString after;

  public static String marketData(int size, long seed) {
    Random random = new Random(seed);
    StringBuilder s = new StringBuilder(size + 128).append("{\"quotes\":[");
    for (int i = 0; s.length() < size - 2; i++) {
      s.append(i == 0 ? "" : ",")
          .append("{\"symbol\":\"SYM")
          .append(random.nextInt(500))
          .append("\",\"bid\":")
          .append(100 + random.nextInt(10_000) / 100.0)
          .append(",\"ask\":")
          .append(100 + random.nextInt(10_000) / 100.0)
          .append(",\"ts\":")
          .append(1_765_000_000_000L + random.nextInt(1_000_000))
          .append('}');
    }
    return s.append("]}").toString();
  }

  @Setup
  public void setUp() {
    String text = marketData(size, 42);
    message = text.getBytes(StandardCharsets.UTF_8);
    out = new byte[message.length + 1024];
    deflater = new Deflater(level, true);
    int compressed = deflate();
    System.err.printf(
        "%n[CompressionBench] size %d level %d: %d -> %d bytes (%.1f%%)%n",
        message.length, level, message.length, compressed, 100.0 * compressed / message.length);
    before = TopicValue.string(text);
    char[] changed = text.toCharArray();
    changed[changed.length / 2] = changed[changed.length / 2] == '1' ? '2' : '1';
    after = TopicValue.string(new String(changed));
  }

  @Benchmark
  public int deflate() {
    deflater.reset();
    deflater.setInput(message);
    deflater.finish();
    int n = 0;
    while (!deflater.finished()) {
      n += deflater.deflate(out, n, out.length - n);
    }
    return n;
  }

  /** The STRING delta of a value of this size (independent of level: compare with level's rows). */
  @Benchmark
  public ValueEdit edit() {
    return ValueEdit.of(before, after);
  }
}
