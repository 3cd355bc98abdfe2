package dev.osmosis.grid;

import static dev.osmosis.session.TestSessions.handshake;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.osmosis.control.Caller;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.subscribe.LocalTopics;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.subscribe.TopicReplication;
import dev.osmosis.subscribe.ValueLimits;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.CloseReason;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * A hand-run measurement, not a test (no JMH): the cost of one replicated topic update between two
 * embedded Hazelcast members in this JVM, "A" publishing and "B" with one subscriber, against the
 * same loop on {@link LocalTopics}. Prints updates/s, the publish-to-delivery latency across the
 * hop (p50/p99) and the CPU per update on each member: the publishing thread plus A's {@code
 * hz.A.*} threads, and B's {@code hz.B.*} threads (where B applies and fans out). {@code java -cp
 * target/classes:target/test-classes:$(cat cp.txt) dev.osmosis.grid.GridTopicsLoop [UPDATES
 * [keyed]]}; with {@code keyed} each grid round is followed by the same loop with idempotency keys
 * (fail-over sessions' updates), from one session and from {@link TopicRecord#WRITERS} in turn.
 */
public final class GridTopicsLoop {
  private GridTopicsLoop() {}

  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));

  /** Records when each INT64 value arrives. */
  static final class Arrivals implements Connection {
    final long[] at;

    Arrivals(int n) {
      at = new long[n + 1];
    }

    @Override
    public void send(String message) {
      int v = message.indexOf("\"v\":");
      if (message.startsWith("{\"t\":\"value\"") && v > 0) {
        int i = Integer.parseInt(message.substring(v + 4, message.length() - 1));
        if (i > 0 && i < at.length) {
          at[i] = System.nanoTime();
        }
      }
    }

    @Override
    public void close(CloseReason reason, String message) {}

    @Override
    public String remoteAddress() {
      return "127.0.0.1";
    }
  }

  public static void main(String[] args) throws Exception {
    int updates = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    boolean keyed = args.length > 1 && args[1].equals("keyed");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 3; round++) {
      run("local", updates, null, null, threads);
    }
    var configA = GridTopicsTest.config().setInstanceName("A");
    var configB = GridTopicsTest.config().setInstanceName("B");
    HazelcastInstance a = Hazelcast.newHazelcastInstance(configA);
    HazelcastInstance b = Hazelcast.newHazelcastInstance(configB);
    try {
      for (int round = 0; round < 3; round++) {
        run("grid", updates, a, b, threads);
        if (keyed) {
          // as a fail-over session's updates: each carries its client message number as its key
          run("grid keyed, 1 session", updates, a, b, threads, 1);
          run("grid keyed, " + TopicRecord.WRITERS + " sessions", updates, a, b, threads, 8);
        }
      }
    } finally {
      a.shutdown();
      b.shutdown();
    }
  }

  static void run(
      String name, int updates, HazelcastInstance a, HazelcastInstance b, ThreadMXBean threads)
      throws Exception {
    run(name, updates, a, b, threads, 0);
  }

  /**
   * @param writers 0: updates without an idempotency key; n: keyed, as if from n sessions in turn
   */
  static void run(
      String name,
      int updates,
      HazelcastInstance a,
      HazelcastInstance b,
      ThreadMXBean threads,
      int writers)
      throws Exception {
    Caller[] callers = new Caller[updates + 1];
    String[] ids = new String[Math.max(1, writers)];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = dev.osmosis.session.SessionId.random().toString();
    }
    for (int i = 1; i <= updates; i++) {
      callers[i] =
          writers == 0
              ? ADMIN
              : new Caller("admin", ADMIN.roles(), ids[i % writers], i / writers + 1);
    }
    Subscriptions onA = TestSessions.subscriptions();
    Subscriptions onB = a == null ? onA : TestSessions.subscriptions();
    TopicReplication ra =
        a == null ? new LocalTopics(onA) : new GridTopics(a, onA, Duration.ofSeconds(10));
    TopicReplication rb = a == null ? ra : new GridTopics(b, onB, Duration.ofSeconds(10));
    if (ra instanceof GridTopics g) {
      g.start();
      ((GridTopics) rb).start();
    }
    TopicControl topics = new TopicControl(onA, TestSessions::store, ValueLimits.defaults(), ra);
    String path = "loop/" + System.nanoTime();
    topics.add(
        ADMIN,
        path,
        TopicSpecification.of(TopicType.INT64).withProperty(TopicSpecification.CONFLATION, "off"));
    while (onB.tree().get(path) == null) {
      Thread.sleep(1);
    }
    Sessions sessions = TestSessions.sessions();
    Arrivals arrivals = new Arrivals(updates);
    onB.select(sessions.open(handshake("client", "password", Map.of()), arrivals), ">" + path);

    long[] sent = new long[updates + 1];
    long cpuA0 = cpu(threads, "hz.A.");
    long cpuB0 = cpu(threads, "hz.B.");
    long own0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    for (int i = 1; i <= updates; i++) {
      sent[i] = System.nanoTime();
      topics.set(callers[i], path, TopicType.INT64, (long) i);
    }
    while (arrivals.at[updates] == 0) {
      Thread.sleep(1);
    }
    long elapsed = System.nanoTime() - t0;
    long own = threads.getCurrentThreadCpuTime() - own0;
    long cpuA = cpu(threads, "hz.A.") - cpuA0;
    long cpuB = cpu(threads, "hz.B.") - cpuB0;
    long[] latency = new long[updates];
    for (int i = 1; i <= updates; i++) {
      latency[i - 1] = arrivals.at[i] - sent[i];
    }
    Arrays.sort(latency);
    System.out.printf(
        "%s: %d updates, %.0f/s, hop p50 %.1f us p99 %.1f us; CPU per update: publisher thread"
            + " %.1f us + member A %.1f us, member B %.1f us%n",
        name,
        updates,
        updates * 1e9 / elapsed,
        latency[updates / 2] / 1e3,
        latency[updates * 99 / 100] / 1e3,
        own / 1e3 / updates,
        cpuA / 1e3 / updates,
        cpuB / 1e3 / updates);
    if (ra instanceof GridTopics g) {
      g.close();
      ((GridTopics) rb).close();
    }
  }

  static long cpu(ThreadMXBean threads, String prefix) {
    long sum = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(prefix)) {
        long t = threads.getThreadCpuTime(info.getThreadId());
        if (t > 0) {
          sum += t;
        }
      }
    }
    return sum;
  }
}
