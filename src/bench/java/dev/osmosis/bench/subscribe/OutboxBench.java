package dev.osmosis.bench.subscribe;

import dev.osmosis.connection.Outbox;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Fan-out enqueue without I/O: one encoded update offered to 1,000 subscribers' outboxes, 1 or 8
 * updates at a time while each outbox has a write in flight, then every write completes, which
 * drains the queue into the next (batched) frame. The score is time per delivery: the server's
 * per-subscriber cost before the socket.
 *
 * <pre>
 * mvn -q -B -o -Pbench -DskipTests package && java -jar target/benchmarks.jar OutboxBench -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OutboxBench {
  static final int SUBSCRIBERS = 1000;

  Outbox[] outboxes;
  Runnable[] pending;
  String message;

  @Setup
  public void setup(Blackhole bh) {
    outboxes = new Outbox[SUBSCRIBERS];
    pending = new Runnable[SUBSCRIBERS];
    message = "{\"t\":\"value\",\"a\":17,\"v\":{\"m\":\"" + "x".repeat(90) + "\"}}";
    for (int i = 0; i < SUBSCRIBERS; i++) {
      int k = i;
      outboxes[i] =
          new Outbox(
              (frame, done) -> {
                bh.consume(frame);
                pending[k] = done; // the write stays in flight until the benchmark completes it
              },
              1_000_000,
              64 * 1024,
              () -> {});
      outboxes[i].offer(message); // first write in flight
    }
  }

  @Benchmark
  @OperationsPerInvocation(SUBSCRIBERS)
  public void oneUpdatePerWrite() {
    round(1);
  }

  @Benchmark
  @OperationsPerInvocation(SUBSCRIBERS * 8)
  public void eightUpdatesPerWrite() {
    round(8);
  }

  private void round(int updates) {
    for (int u = 0; u < updates; u++) {
      for (Outbox o : outboxes) {
        o.offer(message);
      }
    }
    for (int i = 0; i < SUBSCRIBERS; i++) {
      Runnable done = pending[i];
      pending[i] = null;
      done.run(); // completes the write in flight: drains the queued updates into one frame, a new
      // write
    }
  }
}
