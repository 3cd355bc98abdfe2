package dev.osmosis.bench.load;

import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Subscribers spread over several server nodes (the cluster workload of bench/run.sh): {@code
 * --nodes PORT:PID,PORT:PID} puts subscriber i on node {@code i % nodes} (the publisher stays on
 * {@code --port}) and records, per node and per step, deliveries, losses, deliveries out of order
 * (a value whose sequence is not above the previous one on its connection: a duplicate or a
 * reorder), latency percentiles, and the node's process CPU time from /proc (utime + stime) per
 * update published and per delivery made there. Each node's idle CPU (a grid node heartbeats,
 * Payara runs timers) is measured between steps, over the pause before each one, and the CPU per
 * update is also given above it ({@code net}): at a few updates per second the idle share is most
 * of the raw figure. One row per node and step, plus one row {@code all}, go to {@code
 * OUT/cluster.csv}. A single node with {@code --nodes PORT:PID} writes the same rows, the
 * comparison the cluster is read against.
 */
final class Nodes {
  private final int[] ports;
  private final long[] pids;
  private final Histogram[] latency;
  private final long[] received;
  private final long[] reordered;
  private final int[] subs;
  private ProcStats[] before;

  /** Each node's snapshot at the end of the step ({@link #stop}). */
  private ProcStats[] after;

  /** Each node's snapshot at the end of the previous step (start of the idle pause), or null. */
  private ProcStats[] paused;

  /** Each node's idle CPU (microseconds per second) over the pause before the current step. */
  private final double[] idle;

  private Nodes(int[] ports, long[] pids) {
    this.ports = ports;
    this.pids = pids;
    this.latency = new Histogram[ports.length];
    for (int i = 0; i < ports.length; i++) {
      latency[i] = new Histogram(3_600_000_000_000L, 3);
    }
    this.received = new long[ports.length];
    this.reordered = new long[ports.length];
    this.subs = new int[ports.length];
    this.idle = new double[ports.length];
  }

  /** {@code PORT:PID,PORT:PID...}, or null when the option is absent. */
  static Nodes parse(String spec) {
    if (spec == null || spec.isBlank()) {
      return null;
    }
    String[] parts = spec.split(",");
    int[] ports = new int[parts.length];
    long[] pids = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String[] pp = parts[i].trim().split(":");
      if (pp.length != 2) {
        throw new IllegalArgumentException("--nodes wants PORT:PID,PORT:PID..., got " + spec);
      }
      ports[i] = Integer.parseInt(pp[0]);
      pids[i] = Long.parseLong(pp[1]);
    }
    return new Nodes(ports, pids);
  }

  /** The node of the {@code index}-th subscriber. */
  int nodeOf(int index) {
    return index % ports.length;
  }

  int port(int node) {
    return ports[node];
  }

  /** Every delivery (in the step or not): the per-connection order check. */
  void seen(Conn c, long seq) {
    if (seq <= c.lastSeq) {
      reordered[c.node]++;
    } else {
      c.lastSeq = seq;
    }
  }

  /** A delivery counted in the current step. */
  void delivered(Conn c, long latencyNanos) {
    latency[c.node].recordValue(latencyNanos);
    received[c.node]++;
  }

  void begin(List<Conn> connections) {
    for (int i = 0; i < ports.length; i++) {
      latency[i].reset();
      received[i] = 0;
      reordered[i] = 0;
      subs[i] = 0;
    }
    for (Conn c : connections) {
      if (c.recording && c.state == Conn.READY) {
        subs[c.node]++;
      }
    }
    before = new ProcStats[ports.length];
    for (int i = 0; i < ports.length; i++) {
      before[i] = ProcStats.of(pids[i]);
      idle[i] =
          paused == null
              ? Double.NaN
              : (before[i].cpuMicros() - paused[i].cpuMicros())
                  / ((before[i].wallNanos() - paused[i].wallNanos()) / 1e9);
    }
  }

  /**
   * The end of any step (the warm-up too), once every delivery arrived or the drain gave up: the
   * step's CPU ends here, and the idle pause before the next step starts.
   */
  void stop() {
    after = new ProcStats[ports.length];
    for (int i = 0; i < ports.length; i++) {
      after[i] = ProcStats.of(pids[i]);
    }
    paused = after;
  }

  /**
   * Ends a step of {@code updates} updates over {@code spanSeconds} (first send to last receipt):
   * prints one line per node and appends the rows to cluster.csv.
   */
  void end(String out, String rep, double target, long updates, double spanSeconds, Histogram all) {
    long cpuAll = 0, receivedAll = 0, expectedAll = 0, reorderedAll = 0;
    double idleAll = 0;
    for (int i = 0; i <= ports.length; i++) {
      boolean total = i == ports.length;
      long cpu, got, expected, reorder;
      double idleCpu;
      Histogram h;
      if (total) {
        cpu = cpuAll;
        got = receivedAll;
        expected = expectedAll;
        reorder = reorderedAll;
        idleCpu = idleAll;
        h = all;
      } else {
        cpu = after[i].cpuMicros() - before[i].cpuMicros();
        idleCpu = idle[i] * (after[i].wallNanos() - before[i].wallNanos()) / 1e9;
        idleAll += idleCpu;
        got = received[i];
        expected = (long) subs[i] * updates;
        reorder = reordered[i];
        h = latency[i];
        cpuAll += cpu;
        receivedAll += got;
        expectedAll += expected;
        reorderedAll += reorder;
      }
      String node = total ? "all" : Integer.toString(i);
      double perUpdate = cpu / (double) Math.max(1, updates);
      double perDelivery = cpu / (double) Math.max(1, got);
      double net = (cpu - idleCpu) / Math.max(1, updates);
      System.out.printf(
          Locale.ROOT,
          "node %-3s port %-5s subs %4d: %,.0f deliveries/s lost %d out-of-order %d p50 %.2f p99 %.2f ms,"
              + " cpu %.1f us/update (%.1f above idle) %.3f us/delivery%n",
          node,
          total ? "-" : Integer.toString(ports[i]),
          total ? expected / Math.max(1, updates) : subs[i],
          got / spanSeconds,
          expected - got,
          reorder,
          h.getValueAtPercentile(50) / 1e6,
          h.getValueAtPercentile(99) / 1e6,
          perUpdate,
          net,
          perDelivery);
      append(
          out,
          String.format(
              Locale.ROOT,
              "%s,%s,%s,%s,%d,%.0f,%d,%.2f,%d,%d,%d,%d,%.0f,%.1f,%.1f,%d,%.2f,%.4f,%s,%.0f,%.2f",
              Instant.now(),
              rep,
              node,
              total ? "" : Integer.toString(ports[i]),
              total ? expected / Math.max(1, updates) : subs[i],
              target,
              updates,
              updates / spanSeconds,
              expected,
              got,
              expected - got,
              reorder,
              got / spanSeconds,
              h.getValueAtPercentile(50) / 1e3,
              h.getValueAtPercentile(99) / 1e3,
              cpu,
              perUpdate,
              perDelivery,
              LoadGen.load1(),
              idleCpu,
              net));
    }
  }

  private static void append(String out, String line) {
    try {
      Path dir = Path.of(out);
      Files.createDirectories(dir);
      Path p = dir.resolve("cluster.csv");
      boolean fresh = !Files.exists(p);
      try (PrintWriter w = new PrintWriter(new FileWriter(p.toFile(), true))) {
        if (fresh) {
          w.println(
              "time,rep,node,port,subs,target_per_s,updates,updates_per_s,expected,received,lost,"
                  + "out_of_order,deliveries_per_s,p50_us,p99_us,cpu_us,cpu_us_per_update,"
                  + "cpu_us_per_delivery,load1,idle_cpu_us,net_cpu_us_per_update");
        }
        w.println(line);
      }
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }
}
