package dev.osmosis.bench.load;

import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * The load generator: one NIO event-loop thread holding every client WebSocket (10,000+), one
 * publisher connection publishing open loop on a fixed schedule (latency is measured from each
 * value's scheduled time, so a stall of the generator or the server shows up instead of being
 * hidden), HdrHistogram latencies from the timestamp carried in the value (same JVM, same clock),
 * and server CPU, bytes and write syscalls from /proc of the server process.
 *
 * <pre>
 * java -cp target/benchmarks.jar dev.osmosis.bench.load.LoadGen WORKLOAD --server osmosis|null|chat|mosquitto|nats|socketio
 *      --port P --n SUBSCRIBERS --pid SERVER_PID [--rep R] [--out target/bench]
 *      [--nodes PORT:PID,PORT:PID]  subscribers split over several nodes, per-node rows in cluster.csv
 *      [--persistent true|false]  the Osmosis topics' PERSISTENT property (default: not given, the
 *                                 server's default, true: docs/PERSISTENCE.md)
 * WORKLOAD: fanout (rate stepped up to the highest sustainable), slow (fast p99 with and without slow consumers),
 *           idle (memory per idle session), churn (handshakes + subscribe per second)
 * </pre>
 *
 * Results are appended to {@code OUT/results.csv}; bench/run.sh drives whole campaigns.
 */
public final class LoadGen implements Conn.Sink {
  private final Map<String, String> opt;
  private final String workload;
  private final Proto proto;
  private final String host;
  private final int port;
  private final long serverPid;
  private final Selector selector;

  /** Subscribers spread over several nodes ({@code --nodes PORT:PID,...}), or null. */
  private final Nodes nodes;

  private final long base = System.nanoTime();
  private final List<Conn> subs = new ArrayList<>();
  private Conn pub;
  private int nextConnId;
  private int connecting;
  private int readyCount;
  private int closedCount;
  private int errors;

  // the current step
  private final Histogram latency = new Histogram(3_600_000_000_000L, 3);
  private final Histogram spread = new Histogram(3_600_000_000_000L, 3);
  private boolean publishing;
  private long stepFirst, stepEnd, nextSeq = 1, stepStart;
  private double intervalNanos;
  private long received, outOfStep, lastReceive, readNanos;
  private long[] first, last;
  private int[] count;
  private int recordingSubs;
  private String value100Pad;
  private Step capacity;

  // churn
  private boolean churning;
  private int churnConcurrency;
  private long churned;
  private final Histogram handshake = new Histogram(3_600_000_000_000L, 3);

  private LoadGen(String workload, Map<String, String> opt) throws IOException {
    this.workload = workload;
    this.opt = opt;
    this.proto =
        Proto.of(
            opt.getOrDefault("server", "osmosis"),
            opt.getOrDefault("conflation", "off"),
            opt.get("persistent"));
    this.host = opt.getOrDefault("host", "127.0.0.1");
    this.port = Integer.parseInt(opt.getOrDefault("port", "8090"));
    this.serverPid = Long.parseLong(opt.getOrDefault("pid", "0"));
    this.selector = Selector.open();
    this.nodes = Nodes.parse(opt.get("nodes"));
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(
          "usage: LoadGen fanout|slow|idle|churn --server S --port P --n N --pid PID [--rep R]");
      System.exit(2);
    }
    Map<String, String> opt = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    LoadGen g = new LoadGen(args[0], opt);
    switch (args[0]) {
      case "fanout":
        g.fanout();
        break;
      case "slow":
        g.slow();
        break;
      case "idle":
        g.idle();
        break;
      case "churn":
        g.churn();
        break;
      default:
        throw new IllegalArgumentException(args[0]);
    }
    System.exit(0);
  }

  private int intOpt(String k, int d) {
    return Integer.parseInt(opt.getOrDefault(k, Integer.toString(d)));
  }

  private double dblOpt(String k, double d) {
    return Double.parseDouble(opt.getOrDefault(k, Double.toString(d)));
  }

  // ---------------------------------------------------------------- workloads

  private void fanout() throws IOException {
    int n = intOpt("n", 1000);
    connectPublisher();
    connectSubscribers(n, true);
    pump(500_000_000L, () -> false); // let initial values arrive
    awaitQuietServer();
    warmup();
    double seconds = dblOpt("seconds", 4);
    double maxP99Ms = dblOpt("maxP99Ms", 50);
    double rate = dblOpt("start", 10_000);
    double maxRate = dblOpt("max", 5_000_000);
    if (opt.containsKey("rates")) {
      // Fixed steps (A/B comparisons): every listed rate runs once, whatever the previous one did.
      Step last = null;
      for (String r : opt.get("rates").split(",")) {
        last = step(Double.parseDouble(r.trim()), seconds, maxP99Ms);
        settle();
      }
      this.capacity = last;
      write("fanout", n, last, "fixed-rates", last);
      return;
    }
    // best: highest step with p99 under the bound and nothing lost. capacity: highest step with
    // nothing lost and
    // the rate kept (whatever the latency); the sweep goes on past latency-only failures up to the
    // first loss.
    Step best = null;
    Step lowest = null;
    Step capacity = null;
    double fail = 0;
    while (rate <= maxRate) {
      Step s = attempt(rate, seconds, maxP99Ms);
      if (lowest == null) {
        lowest = s;
      }
      boolean kept = s.lost == 0 && s.deliveriesPerSec >= 0.95 * rate;
      if (!kept) {
        if (fail == 0) {
          fail = rate;
        }
        break;
      }
      capacity = s;
      if (s.pass && fail == 0) {
        best = s;
      } else if (!s.pass && fail == 0) {
        fail = rate;
      }
      rate *= 2;
      settle();
    }
    for (int r = 0; r < 2 && best != null && fail > 0; r++) {
      settle();
      double mid = Math.sqrt(best.target * fail);
      Step s = attempt(mid, seconds, maxP99Ms);
      if (s.pass) {
        best = s;
      } else {
        fail = mid;
      }
    }
    if (best == null) {
      best = lowest;
    }
    this.capacity = capacity == null ? lowest : capacity;
    write(proto.name().equals("osmosis-tree") ? "tree" : "fanout", n, best, "best", lowest);
  }

  /**
   * Fast subscribers' latency at a fixed rate, first with every consumer reading, then with K that
   * stop.
   */
  private void slow() throws IOException {
    int n = intOpt("n", 1000);
    int k = intOpt("slow", 10);
    double rate = dblOpt("rate", 100_000);
    double seconds = dblOpt("seconds", 6);
    connectPublisher();
    connectSubscribers(n, true);
    List<Conn> slowOnes = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      Conn c = connect(false);
      c.recording = false;
      slowOnes.add(c);
    }
    pump(60_000_000_000L, () -> readyCount >= n + k + 1);
    for (Conn c : slowOnes) {
      c.ch.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
    }
    pump(500_000_000L, () -> false);
    warmup();
    Step before = step(rate, seconds, 1e9);
    capacity = null;
    write("slow-before", n, before, "k=0 reading", null);
    for (Conn c : slowOnes) {
      c.key.interestOps(0);
    }
    Step with = step(rate, seconds, 1e9);
    write("slow-with", n, with, "k=" + k + " stopped reading", null);
    for (Conn c : slowOnes) {
      if (c.key.isValid()) {
        c.key.interestOps(SelectionKey.OP_READ);
      }
    }
    int closedBefore = closedCount;
    pump(3_000_000_000L, () -> false);
    System.out.println(
        "slow consumers closed by the server after reading resumed: "
            + (closedCount - closedBefore));
  }

  /**
   * Memory per idle session: heap after full GC (Java servers) and RSS, before and after N
   * sessions.
   */
  private void idle() throws IOException {
    int n = intOpt("n", 1000);
    connectPublisher();
    pump(1_000_000_000L, () -> false);
    long heap0 = serverIsJava() ? ProcStats.heapAfterGcKb(serverPid) : -1;
    ProcStats p0 = ProcStats.of(serverPid);
    boolean diagnose =
        serverIsJava() && Boolean.parseBoolean(opt.getOrDefault("diagnose", "false"));
    String label = "idle-" + proto.name() + "-" + n;
    if (diagnose) { // class histogram, and NMT's baseline (when the server runs with NMT)
      ProcStats.jcmdTo(serverPid, "GC.class_histogram", outFile(label + "-histo-before.txt"));
      ProcStats.jcmdTo(serverPid, "Thread.print", outFile(label + "-threads-before.txt"));
      ProcStats.jcmdTo(
          serverPid, "VM.native_memory baseline", outFile(label + "-nmt-baseline.txt"));
    }
    connectSubscribers(n, true);
    pump(5_000_000_000L, () -> false);
    long heap1 = serverIsJava() ? ProcStats.heapAfterGcKb(serverPid) : -1;
    ProcStats p1 = ProcStats.of(serverPid);
    if (diagnose) {
      ProcStats.jcmdTo(serverPid, "GC.class_histogram", outFile(label + "-histo-after.txt"));
      ProcStats.jcmdTo(serverPid, "Thread.print", outFile(label + "-threads-after.txt"));
      ProcStats.jcmdTo(
          serverPid, "VM.native_memory summary.diff", outFile(label + "-nmt-diff.txt"));
    }
    if (serverIsJava() && Boolean.parseBoolean(opt.getOrDefault("heapDump", "false"))) {
      // --heapDump true: an HPROF dump with the sessions open, for HeapPaths (what keeps them)
      java.nio.file.Path dump = outFile(label + ".hprof").toAbsolutePath();
      java.nio.file.Files.deleteIfExists(dump);
      ProcStats.jcmdTo(serverPid, "GC.heap_dump " + dump, outFile(label + "-dump.txt"));
    }
    double heapPer = heap0 < 0 ? Double.NaN : (heap1 - heap0) * 1024.0 / n;
    double rssPer = (p1.rssKb() - p0.rssKb()) * 1024.0 / n;
    System.out.printf(
        Locale.ROOT,
        "idle %s n=%d heap %d->%d KB (%.0f B/session) rss %d->%d KB (%.0f B/session)%n",
        proto.name(),
        n,
        heap0,
        heap1,
        heapPer,
        p0.rssKb(),
        p1.rssKb(),
        rssPer);
    appendCsv(
        "idle.csv",
        "time,server,n,rep,heap_before_kb,heap_after_kb,heap_b_per_session,rss_before_kb,"
            + "rss_after_kb,rss_b_per_session,load1",
        String.format(
            Locale.ROOT,
            "%s,%s,%d,%s,%d,%d,%.0f,%d,%d,%.0f,%s",
            Instant.now(),
            proto.name(),
            n,
            opt.getOrDefault("rep", "1"),
            heap0,
            heap1,
            heapPer,
            p0.rssKb(),
            p1.rssKb(),
            rssPer,
            load1()));
    // --holdSeconds S keeps the sessions open afterwards (e.g. for jcmd GC.class_histogram)
    pump((long) (dblOpt("holdSeconds", 0) * 1e9), () -> false);
  }

  /**
   * Connect churn: keep C handshakes in flight; each connection is closed as soon as it is
   * subscribed.
   */
  private void churn() throws IOException {
    connectPublisher();
    churnConcurrency = intOpt("concurrency", 50);
    double seconds = dblOpt("seconds", 10);
    pump(500_000_000L, () -> false);
    ProcStats s0 = ProcStats.of(serverPid);
    churning = true;
    long t0 = System.nanoTime();
    for (int i = 0; i < churnConcurrency; i++) {
      connect(false);
    }
    pump((long) (seconds * 1e9), () -> false);
    churning = false;
    long t1 = System.nanoTime();
    ProcStats s1 = ProcStats.of(serverPid);
    double perSec = churned / ((t1 - t0) / 1e9);
    double cpuPer = (s1.cpuMicros() - s0.cpuMicros()) / (double) Math.max(1, churned);
    System.out.printf(
        Locale.ROOT,
        "churn %s: %d sessions in %.1f s = %.0f/s, handshake p50 %.2f ms p99 %.2f ms, "
            + "server CPU %.0f us/session, errors %d%n",
        proto.name(),
        churned,
        (t1 - t0) / 1e9,
        perSec,
        handshake.getValueAtPercentile(50) / 1e6,
        handshake.getValueAtPercentile(99) / 1e6,
        cpuPer,
        errors);
    appendCsv(
        "churn.csv",
        "time,server,concurrency,rep,sessions,sessions_per_s,handshake_p50_ms,handshake_p99_ms,"
            + "server_cpu_us_per_session,errors,load1",
        String.format(
            Locale.ROOT,
            "%s,%s,%d,%s,%d,%.0f,%.2f,%.2f,%.0f,%d,%s",
            Instant.now(),
            proto.name(),
            churnConcurrency,
            opt.getOrDefault("rep", "1"),
            churned,
            perSec,
            handshake.getValueAtPercentile(50) / 1e6,
            handshake.getValueAtPercentile(99) / 1e6,
            cpuPer,
            errors,
            load1()));
  }

  private Path outFile(String name) throws IOException {
    Path dir = Path.of(opt.getOrDefault("out", "target/bench"));
    Files.createDirectories(dir);
    return dir.resolve(name);
  }

  private boolean serverIsJava() {
    return proto instanceof Proto.Osmosis
        || proto instanceof Proto.Chat
        || proto instanceof Proto.Null;
  }

  /**
   * A step that fails is tried once more after a pause: on a machine shared with other work a
   * single scheduling hiccup of a neighbour must not end the sweep (both attempts are in
   * steps.csv).
   */
  private Step attempt(double rate, double seconds, double maxP99Ms) throws IOException {
    Step s = step(rate, seconds, maxP99Ms);
    if (!s.pass && s.lost * 100 < s.expected) {
      settle();
      s = step(rate, seconds, maxP99Ms);
    }
    return s;
  }

  /**
   * Waits (at most 3 minutes) until the server uses under 20 % of a core over a second: connecting
   * can leave it busy for a while (the chat room broadcasts every join to every member, N²/2
   * messages), which must not be counted against the first step.
   */
  private void awaitQuietServer() throws IOException {
    long t0 = System.nanoTime();
    while (System.nanoTime() - t0 < 180_000_000_000L) {
      ProcStats a = ProcStats.of(serverPid);
      pump(1_000_000_000L, () -> false);
      ProcStats b = ProcStats.of(serverPid);
      double util = (b.cpuMicros() - a.cpuMicros()) / 1e3 / ((b.wallNanos() - a.wallNanos()) / 1e6);
      if (util < 0.2) {
        return;
      }
      System.out.printf(
          Locale.ROOT,
          "server still busy after connecting (%.0f%% of a core), waiting%n",
          util * 100);
    }
  }

  /** JIT warm-up of both sides: a few seconds of traffic at a moderate rate, not recorded. */
  private void warmup() throws IOException {
    boolean quiet = this.quiet;
    this.quiet = true;
    step(dblOpt("warmupRate", 50_000), dblOpt("warmupSeconds", 4), 1e9);
    this.quiet = quiet;
    settle();
    double jitQuietMs = dblOpt("jitQuietMs", 0);
    if (jitQuietMs > 0) {
      awaitQuietJit(jitQuietMs, dblOpt("jitQuietMaxSeconds", 240));
    }
  }

  /**
   * After the warm-up, waits (no traffic) until the server's JIT compiler threads spent less than
   * {@code msPerSecond} of CPU in the last second: the compilations the warm-up queued are done, so
   * the steps measure deliveries, not a start-up backlog draining beside them.
   */
  private void awaitQuietJit(double msPerSecond, double maxSeconds) throws IOException {
    long t0 = System.nanoTime();
    double last = -1;
    while (System.nanoTime() - t0 < maxSeconds * 1e9) {
      long a = ProcStats.jitMicros(serverPid);
      long w0 = System.nanoTime();
      pump(1_000_000_000L, () -> false);
      long b = ProcStats.jitMicros(serverPid);
      if (a < 0 || b < 0) {
        return;
      }
      last = (b - a) / 1e3 / ((System.nanoTime() - w0) / 1e9);
      if (last < msPerSecond) {
        System.out.printf(
            Locale.ROOT,
            "JIT quiet after %.0f s (%.1f ms/s); compiler threads' CPU since start %.1f s%n",
            (System.nanoTime() - t0) / 1e9,
            last,
            b / 1e6);
        return;
      }
    }
    System.out.printf(
        Locale.ROOT, "JIT still at %.1f ms/s after %.0f s; steps start anyway%n", last, maxSeconds);
  }

  private boolean quiet;

  private void settle() throws IOException {
    pump(3_000_000_000L, () -> false);
  }

  // ---------------------------------------------------------------- one rate step

  record Step(
      double target,
      double updatesPerSec,
      double deliveriesPerSec,
      long expected,
      long received,
      long lost,
      Histogram latency,
      Histogram spread,
      double cpuUsPerDelivery,
      double serverCpuUtil,
      double bytesPerDelivery,
      double syscwPerDelivery,
      double genCpuUtil,
      boolean pass) {}

  private Step step(double deliveriesPerSec, double seconds, double maxP99Ms) throws IOException {
    recordingSubs = 0;
    for (Conn c : subs) {
      if (c.recording && c.state == Conn.READY) {
        recordingSubs++;
      }
    }
    boolean tree = proto.name().equals("osmosis-tree");
    int[] groupSize = new int[Proto.Osmosis.GROUPS];
    for (Conn c : subs) {
      if (c.recording && c.state == Conn.READY) {
        groupSize[c.id % Proto.Osmosis.GROUPS]++;
      }
    }
    double fanout = tree ? recordingSubs / (double) Proto.Osmosis.GROUPS : recordingSubs;
    double updatesPerSec = deliveriesPerSec / Math.max(1, fanout);
    int total = (int) Math.max(2, Math.round(updatesPerSec * seconds));
    first = new long[total];
    last = new long[total];
    count = new int[total];
    latency.reset();
    spread.reset();
    received = 0;
    outOfStep = 0;
    stepFirst = nextSeq;
    long expectedSum = 0;
    int[] expectedPer = new int[total];
    for (int i = 0; i < total; i++) {
      expectedPer[i] = tree ? groupSize[Proto.Osmosis.treeGroup(stepFirst + i)] : recordingSubs;
      expectedSum += expectedPer[i];
    }
    long expected = expectedSum;
    // jstat attaches to the server and costs it CPU: not with --nodes, whose CPU per update is the
    // figure
    ProcStats.Gc gc0 = !quiet && serverIsJava() && nodes == null ? ProcStats.gc(serverPid) : null;
    long jit0 = quiet ? -1 : ProcStats.jitMicros(serverPid);
    ProcStats srv0 = ProcStats.of(serverPid);
    if (nodes != null && !quiet) {
      nodes.begin(subs);
    }
    busyNanos = 0;
    stepFirst = nextSeq;
    stepEnd = stepFirst + total;
    intervalNanos = 1e9 / updatesPerSec;
    stepStart = System.nanoTime() - base + 1_000_000;
    lastReceive = stepStart;
    publishing = true;
    pump(Long.MAX_VALUE / 4, () -> nextSeq >= stepEnd);
    publishing = false;
    long drain = (long) (dblOpt("drainMs", 2000) * 1e6);
    pump(drain, () -> received >= expected);
    ProcStats srv1 = ProcStats.of(serverPid);
    long jit1 = jit0 < 0 ? -1 : ProcStats.jitMicros(serverPid);
    if (nodes != null) {
      nodes.stop();
    }
    ProcStats.Gc gc1 = gc0 != null ? ProcStats.gc(serverPid) : null;
    for (int i = 0; i < total; i++) {
      if (count[i] == expectedPer[i] && count[i] > 0) {
        spread.recordValue(last[i] - first[i]);
      }
    }
    double span = (Math.max(lastReceive, stepStart + 1) - stepStart) / 1e9;
    if (nodes != null && !quiet) {
      nodes.end(
          opt.getOrDefault("out", "target/bench"),
          opt.getOrDefault("rep", "1"),
          deliveriesPerSec,
          total,
          span,
          latency);
    }
    double wall = (srv1.wallNanos() - srv0.wallNanos()) / 1e9;
    long d = Math.max(1, received);
    double p99 = latency.getValueAtPercentile(99) / 1e6;
    boolean pass = received >= expected && p99 < maxP99Ms;
    Step s =
        new Step(
            deliveriesPerSec,
            updatesPerSec,
            received / span,
            expected,
            received,
            expected - received,
            latency.copy(),
            spread.copy(),
            (srv1.cpuMicros() - srv0.cpuMicros()) / (double) d,
            (srv1.cpuMicros() - srv0.cpuMicros()) / 1e6 / wall,
            (srv1.wchar() - srv0.wchar()) / (double) d,
            (srv1.syscw() - srv0.syscw()) / (double) d,
            busyNanos / 1e9 / wall,
            pass);
    if (quiet) {
      System.out.printf(
          Locale.ROOT,
          "warm-up: %,.0f deliveries/s, lost %d, p99 %.2f ms%n",
          s.deliveriesPerSec,
          s.lost,
          p99);
      return s;
    }
    System.out.printf(
        Locale.ROOT,
        "%-9s n=%d target %,.0f/s: %,.0f deliveries/s (%.1f updates/s) lost %d "
            + "p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms spread p50 %.2f ms, server %.2f us/delivery (%.0f%% cpu) "
            + "%.0f B %.3f writes/delivery, gen cpu %.0f%% %s%n",
        proto.name(),
        recordingSubs,
        deliveriesPerSec,
        s.deliveriesPerSec,
        updatesPerSec,
        s.lost,
        latency.getValueAtPercentile(50) / 1e6,
        p99,
        latency.getValueAtPercentile(99.9) / 1e6,
        latency.getMaxValue() / 1e6,
        spread.getValueAtPercentile(50) / 1e6,
        s.cpuUsPerDelivery,
        s.serverCpuUtil * 100,
        s.bytesPerDelivery,
        s.syscwPerDelivery,
        s.genCpuUtil * 100,
        pass ? "PASS" : "FAIL");
    if (gc0 != null && gc1 != null) {
      double perDelivery = (gc1.allocatedBytes() - gc0.allocatedBytes()) / d;
      long collections = gc1.collections() - gc0.collections();
      long full = gc1.fullCount() - gc0.fullCount();
      double pauseMs = (gc1.pauseSeconds() - gc0.pauseSeconds()) * 1000;
      // a negative figure means eden was resized (G1, an unpinned server): the estimate only holds
      // for a fixed eden
      System.out.printf(
          Locale.ROOT,
          "%-9s n=%d target %,.0f/s: server allocated %s B/delivery; GC: %d collections "
              + "(%d full), %.1f ms paused (%.2f%% of the step), mean pause %.1f ms%n",
          proto.name(),
          recordingSubs,
          deliveriesPerSec,
          perDelivery < 0 ? "n/a (eden resized)" : String.format(Locale.ROOT, "%.0f", perDelivery),
          collections,
          full,
          pauseMs,
          pauseMs / 10 / wall,
          collections == 0 ? 0.0 : pauseMs / collections);
      appendCsv(
          "alloc.csv",
          "time,server,n,rep,target_per_s,deliveries,alloc_b_per_delivery,load1,gc_collections,"
              + "gc_full,gc_pause_ms",
          String.format(
              Locale.ROOT,
              "%s,%s,%d,%s,%.0f,%d,%.0f,%s,%d,%d,%.1f",
              Instant.now(),
              proto.name(),
              recordingSubs,
              opt.getOrDefault("rep", "1"),
              deliveriesPerSec,
              received,
              perDelivery,
              load1(),
              collections,
              full,
              pauseMs));
    }
    if (jit0 >= 0 && jit1 >= 0) {
      // the JIT compiler threads' share of the step's CPU (docs/BENCHMARKS.md#cluster-grid-cost)
      appendCsv(
          "jit.csv",
          "time,server,n,rep,target_per_s,cpu_us_per_delivery,jit_cpu_us_per_delivery,load1",
          String.format(
              Locale.ROOT,
              "%s,%s,%d,%s,%.0f,%.3f,%.3f,%s",
              Instant.now(),
              proto.name(),
              recordingSubs,
              opt.getOrDefault("rep", "1"),
              deliveriesPerSec,
              s.cpuUsPerDelivery,
              (jit1 - jit0) / (double) d,
              load1()));
    }
    Step c = capacity;
    capacity = null;
    appendCsv("steps.csv", header(), row("fanout-step", recordingSubs, s, "", null));
    capacity = c;
    return s;
  }

  private static String header() {
    return "time,workload,server,n,rep,target_per_s,updates_per_s,deliveries_per_s,expected,lost,p50_us,p99_us,"
        + "p999_us,max_us,spread_p50_us,spread_max_us,cpu_us_per_delivery,server_cpu_util,bytes_per_delivery,"
        + "writes_per_delivery,gen_cpu_util,gen_bound,pass,note,low_rate_spread_p50_us,low_rate_spread_max_us,load1,"
        + "capacity_per_s,capacity_cpu_us_per_delivery,capacity_p99_us,capacity_writes_per_delivery,capacity_gen_util";
  }

  private String row(String workload, int n, Step s, String note, Step low) {
    return String.format(
            Locale.ROOT,
            "%s,%s,%s,%d,%s,%.0f,%.2f,%.0f,%d,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.3f,%.3f,"
                + "%.1f,%.4f,%.3f,%s,%s,%s,%.1f,%.1f,%s",
            Instant.now(),
            workload,
            proto.name(),
            n,
            opt.getOrDefault("rep", "1"),
            s.target,
            s.updatesPerSec,
            s.deliveriesPerSec,
            s.expected,
            s.lost,
            s.latency.getValueAtPercentile(50) / 1e3,
            s.latency.getValueAtPercentile(99) / 1e3,
            s.latency.getValueAtPercentile(99.9) / 1e3,
            s.latency.getMaxValue() / 1e3,
            s.spread.getValueAtPercentile(50) / 1e3,
            s.spread.getMaxValue() / 1e3,
            s.cpuUsPerDelivery,
            s.serverCpuUtil,
            s.bytesPerDelivery,
            s.syscwPerDelivery,
            s.genCpuUtil,
            s.genCpuUtil > 0.9,
            s.pass,
            note,
            low == null ? Double.NaN : low.spread.getValueAtPercentile(50) / 1e3,
            low == null ? Double.NaN : low.spread.getMaxValue() / 1e3,
            load1())
        + (capacity == null
            ? ",,,,,"
            : String.format(
                Locale.ROOT,
                ",%.0f,%.3f,%.1f,%.4f,%.3f",
                capacity.deliveriesPerSec,
                capacity.cpuUsPerDelivery,
                capacity.latency.getValueAtPercentile(99) / 1e3,
                capacity.syscwPerDelivery,
                capacity.genCpuUtil));
  }

  private void write(String workload, int n, Step s, String note, Step low) {
    appendCsv("results.csv", header(), row(workload, n, s, note, low));
    if (s.genCpuUtil > 0.9) {
      System.out.println(
          "NOTE: the generator was near 100% of its core: this result may be bound by the generator");
    }
  }

  private void appendCsv(String file, String header, String line) {
    try {
      Path dir = Path.of(opt.getOrDefault("out", "target/bench"));
      Files.createDirectories(dir);
      Path p = dir.resolve(file);
      boolean fresh = !Files.exists(p);
      try (PrintWriter w = new PrintWriter(new FileWriter(p.toFile(), true))) {
        if (fresh) {
          w.println(header);
        }
        w.println(line);
      }
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  static String load1() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "";
    }
  }

  // ---------------------------------------------------------------- connections

  private void connectPublisher() throws IOException {
    pub = connect(true);
    pump(60_000_000_000L, () -> pub.state == Conn.READY);
    if (pub.state != Conn.READY) {
      throw new IllegalStateException("publisher not ready");
    }
  }

  private void connectSubscribers(int n, boolean recording) throws IOException {
    int maxInFlight = intOpt("connectConcurrency", 200);
    long t0 = System.nanoTime();
    int started = 0;
    int target = readyCount + n;
    while (readyCount < target && System.nanoTime() - t0 < 300_000_000_000L) {
      while (started < n && connecting < maxInFlight) {
        Conn c = connect(false);
        c.recording = recording;
        started++;
      }
      pump(10_000_000L, () -> false);
      if (errors > n / 10 + 5) {
        throw new IllegalStateException("too many connection errors: " + errors);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%d %s subscribers ready in %.1f s (errors %d)%n",
        readyCount - 1,
        proto.name(),
        (System.nanoTime() - t0) / 1e9,
        errors);
  }

  private Conn connect(boolean publisher) throws IOException {
    SocketChannel ch = SocketChannel.open();
    ch.configureBlocking(false);
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    Conn c = new Conn(nextConnId++, ch);
    c.publisher = publisher;
    c.port = port;
    if (nodes != null && !publisher) {
      c.node = nodes.nodeOf(subs.size());
      c.port = nodes.port(c.node);
    }
    c.startNanos = System.nanoTime();
    c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
    ch.connect(new InetSocketAddress(host, c.port));
    connecting++;
    if (!publisher) {
      subs.add(c);
    }
    return c;
  }

  /**
   * Called by the protocol when a connection is subscribed (or, for the publisher, may publish).
   */
  void ready(Conn c) {
    if (c.state == Conn.READY) {
      return;
    }
    c.state = Conn.READY;
    connecting--;
    readyCount++;
    if (churning && !c.publisher) {
      handshake.recordValue(System.nanoTime() - c.startNanos);
      churned++;
      closeGracefully(c);
      subs.remove(c);
      try {
        connect(false);
      } catch (IOException e) {
        errors++;
      }
    }
  }

  private int protocolErrorsShown;

  void protocolError(Conn c, String what) {
    errors++;
    if (protocolErrorsShown++ < 5) {
      System.err.println("conn " + c.id + ": " + what);
    }
  }

  private void closeGracefully(Conn c) {
    try {
      c.sendFrame(8, new byte[] {0x03, (byte) 0xE8});
      c.ch.setOption(StandardSocketOptions.SO_LINGER, 0);
    } catch (IOException e) {
      // closing anyway
    }
    close(c);
    readyCount--;
    closedCount--;
  }

  private void close(Conn c) {
    if (c.state == Conn.CLOSED) {
      return;
    }
    if (c.state != Conn.READY) {
      connecting--;
    }
    c.state = Conn.CLOSED;
    closedCount++;
    c.key.cancel();
    try {
      c.ch.close();
    } catch (IOException e) {
      // ignore
    }
  }

  // ---------------------------------------------------------------- the event loop

  /**
   * Runs the loop for at most {@code nanos}, or until {@code done}; publishes on schedule while
   * publishing.
   */
  private void pump(long nanos, BooleanSupplier done) throws IOException {
    long end = System.nanoTime() + nanos;
    while (!done.getAsBoolean()) {
      long now = System.nanoTime();
      if (now >= end) {
        return;
      }
      long t0 = System.nanoTime();
      publishDue();
      long wait = Math.min(10, (end - now) / 1_000_000);
      if (publishing && nextSeq < stepEnd) {
        long due = base + stepStart + (long) ((nextSeq - stepFirst) * intervalNanos);
        wait = Math.min(wait, (due - t0) / 1_000_000);
      }
      long t1 = System.nanoTime();
      busyNanos += t1 - t0;
      int n = wait <= 0 ? selector.selectNow() : selector.select(wait);
      if (n == 0) {
        continue;
      }
      long t2 = System.nanoTime();
      var it = selector.selectedKeys().iterator();
      int handled = 0;
      while (it.hasNext()) {
        SelectionKey k = it.next();
        it.remove();
        Conn c = (Conn) k.attachment();
        try {
          if (!k.isValid()) {
            continue;
          }
          if (k.isConnectable()) {
            c.ch.finishConnect();
            c.state = Conn.UPGRADING;
            k.interestOps(SelectionKey.OP_READ);
            c.sendRaw(
                ByteBuffer.wrap(
                    Conn.upgradeRequest(host, c.port, proto.path(c), proto.subprotocol())));
            continue;
          }
          if (k.isWritable()) {
            c.flush();
          }
          if (k.isReadable()) {
            onReadable(c);
          }
        } catch (IOException | RuntimeException e) {
          if (c.state != Conn.READY || !churning) {
            protocolError(c, "I/O: " + e);
          }
          close(c);
        }
        if ((++handled & 63) == 0) {
          publishDue();
        }
      }
      busyNanos += System.nanoTime() - t2;
    }
  }

  /**
   * Time the event loop spent working (not waiting in select) during the step: the generator's own
   * load.
   */
  private long busyNanos;

  private void publishDue() throws IOException {
    if (!publishing) {
      return;
    }
    long now = System.nanoTime() - base;
    while (nextSeq < stepEnd) {
      long due = stepStart + (long) ((nextSeq - stepFirst) * intervalNanos);
      if (due > now) {
        return;
      }
      proto.publish(pub, nextSeq, value(nextSeq, due));
      nextSeq++;
    }
  }

  /** A ~100-byte JSON object carrying the marker {@code @Q<seq>@N<scheduled nanos>@}. */
  private String value(long seq, long due) {
    if (value100Pad == null) {
      value100Pad = "x".repeat(100);
    }
    String head = "{\"m\":\"@Q" + seq + "@N" + due + "@";
    return head + value100Pad.substring(0, Math.max(0, 100 - head.length() - 2)) + "\"}";
  }

  private void onReadable(Conn c) throws IOException {
    if (!c.in.hasRemaining()) {
      c.ensureCapacity(c.in.capacity() * 2);
    }
    int r = c.ch.read(c.in);
    if (r < 0) {
      close(c);
      return;
    }
    readNanos = System.nanoTime() - base;
    ByteBuffer in = c.in;
    if (c.state == Conn.UPGRADING) {
      int end = headerEnd(in.array(), in.position());
      if (end < 0) {
        return;
      }
      String head = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1);
      if (!head.startsWith("HTTP/1.1 101")) {
        protocolError(c, head.lines().findFirst().orElse(head));
        close(c);
        return;
      }
      in.flip();
      in.position(end);
      in.compact();
      c.state = Conn.OPEN;
      proto.onOpen(c, this);
    }
    frames(c);
  }

  private static int headerEnd(byte[] a, int len) {
    return Conn.headerEnd(a, len);
  }

  private void frames(Conn c) throws IOException {
    c.frames(
        new Conn.Frames() {
          @Override
          public void onData(Conn conn, byte[] a, int off, int len) throws IOException {
            if (conn.state == Conn.READY && conn.recording) {
              conn.scan(a, off, len, LoadGen.this);
            }
            proto.onFrame(conn, a, off, len, LoadGen.this);
          }

          @Override
          public void onClose(Conn conn) {
            close(conn);
          }
        });
  }

  @Override
  public void delivered(Conn c, long seq, long sentNanos) {
    if (nodes != null) {
      nodes.seen(c, seq);
    }
    if (seq < stepFirst || seq >= stepEnd) {
      outOfStep++;
      return;
    }
    long now = readNanos;
    latency.recordValue(Math.max(0, now - sentNanos));
    if (nodes != null) {
      nodes.delivered(c, Math.max(0, now - sentNanos));
    }
    received++;
    lastReceive = now;
    int i = (int) (seq - stepFirst);
    if (count[i]++ == 0) {
      first[i] = now;
    }
    last[i] = now;
  }
}
