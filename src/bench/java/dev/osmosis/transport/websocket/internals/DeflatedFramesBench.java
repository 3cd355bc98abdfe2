package dev.osmosis.transport.websocket.internals;

import dev.osmosis.bench.topic.CompressionBench;
import dev.osmosis.connection.FrameSink;
import dev.osmosis.protocol.DeflatedMessages;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * COMPRESSION's whole server-side cost per update (docs/BENCHMARKS.md#compression): one update of a
 * JSON topic value to {@code subscribers} sessions through the WebSocket writer ({@link
 * FrameWriters.Raw}, the frame bytes handed to a sink that only counts them), with the topic's
 * {@code COMPRESSION} {@code off} (text frames, every session's frame from the shared encoding) or
 * {@code low}/{@code medium} (deflated once per update, then one binary frame per session stitched
 * from the shared deflated bytes). Each operation is one update: a fresh message instance, {@link
 * DeflatedMessages#offer} (what the fan-out calls), then one single-message write and one
 * two-message batch write per subscriber, alternating (what a writer sends under light and heavy
 * load). Setup prints the bytes written per update.
 *
 * <p>{@code mvn -q -B -o -Pbench -DskipTests package && java -jar target/benchmarks.jar
 * DeflatedFramesBench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DeflatedFramesBench {

  @Param({"16384"})
  int size;

  @Param({"1000"})
  int subscribers;

  @Param({"off", "low", "medium"})
  String compression;

  /** Counts the bytes "written"; completes at once. */
  public static final class CountingSocket {
    long bytes;

    public Future<Object> sendRawFrame(ByteBuffer frame) {
      bytes += frame.remaining();
      return CompletableFuture.completedFuture(null);
    }
  }

  String text;
  DeflatedMessages deflated;
  CountingSocket socket;
  FrameSink sink;
  final String[] batch = new String[2];
  static final Runnable DONE = () -> {};

  @Setup
  public void setUp() throws ReflectiveOperationException {
    text = CompressionBench.marketData(size, 42);
    deflated = new DeflatedMessages(DeflatedMessages.DEFAULT_THRESHOLD);
    socket = new CountingSocket();
    var send =
        MethodHandles.publicLookup()
            .findVirtual(
                CountingSocket.class,
                "sendRawFrame",
                MethodType.methodType(Future.class, ByteBuffer.class));
    sink =
        new FrameWriters.Raw(
            send.asType(MethodType.methodType(Future.class, Object.class, ByteBuffer.class)),
            socket,
            null,
            deflated);
    socket.bytes = 0;
    update();
    System.err.printf(
        "%n[DeflatedFramesBench] %s, %d B message, %d subscribers: %d bytes written per update"
            + " (%.1f per subscriber)%n",
        compression, text.length(), subscribers, socket.bytes, socket.bytes / (double) subscribers);
  }

  @Benchmark
  public long update() {
    String message = new String(text); // a new update: a new shared instance
    deflated.offer(message, compression);
    batch[0] = "{\"t\":\"ping\",\"id\":1}";
    batch[1] = message;
    for (int i = 0; i < subscribers; i++) {
      if ((i & 1) == 0) {
        sink.write(message, DONE);
      } else {
        sink.write("[", batch, 2, "]", DONE);
      }
    }
    return socket.bytes;
  }
}
