package dev.osmosis.connection;

import static dev.osmosis.session.TestSessions.handshake;

import dev.osmosis.control.Caller;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.CloseReason;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;

/**
 * A hand-run measurement, not a test (no JMH): the CPU and the allocation per delivery of a topic
 * with {@code DELIVERY acked} against the same topic with {@code CONFLATION off} (what acked
 * implies), fanned out to N sequenced sessions ({@link ReliableConnection}, writes done inline on a
 * sink that drops the frame) whose clients acknowledge every 32 messages, as the clients do. All on
 * one thread: publishing, framing, the acknowledgements (where an acked topic's numbers are
 * followed) and the backlog's releases. docs/BENCHMARKS.md "Acked delivery". {@code java -cp
 * target/classes:target/test-classes:$(cat cp.txt) dev.osmosis.connection.AckedDeliveryLoop
 * [SESSIONS] [UPDATES] [ROUNDS]}
 */
public final class AckedDeliveryLoop {
  private AckedDeliveryLoop() {}

  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));

  /** A transport that takes every frame at once and drops it. */
  static final class Sink implements ReliableConnection.Link {
    @Override
    public void write(String frame, Runnable done) {
      done.run();
    }

    @Override
    public void closeTransport(CloseReason reason) {}

    @Override
    public String remoteAddress() {
      return "127.0.0.1";
    }
  }

  public static void main(String[] args) {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int updates = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    for (int round = 0; round < rounds; round++) {
      run("off  ", sessions, updates, TopicSpecification.CONFLATION, "off");
      run("acked", sessions, updates, TopicSpecification.DELIVERY, "acked");
    }
  }

  static void run(String name, int n, int updates, String property, String value) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Subscriptions subscriptions = TestSessions.subscriptions();
    TopicControl topics = new TopicControl(subscriptions, TestSessions::store);
    topics.add(ADMIN, "loop", TopicSpecification.of(TopicType.INT64).withProperty(property, value));
    Sessions registry = TestSessions.sessions();
    ReliableConnection[] connections = new ReliableConnection[n];
    Sink sink = new Sink();
    for (int i = 0; i < n; i++) {
      ReliableConnection r =
          new ReliableConnection(Runnable::run, 100_000, 100_000, 1 << 20, reason -> {});
      r.attach(sink, 0, "{\"t\":\"connected\"}");
      subscriptions.select(registry.open(handshake("client", "password", Map.of()), r), "loop");
      connections[i] = r;
    }
    long thread = Thread.currentThread().getId();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long bytes0 = threads.getThreadAllocatedBytes(thread);
    for (int u = 1; u <= updates; u++) {
      topics.set(ADMIN, "loop", TopicType.INT64, (long) u);
      if (u % 32 == 0) {
        for (ReliableConnection r : connections) {
          r.ack(r.nextSeq() - 1);
        }
      }
    }
    long cpu = threads.getCurrentThreadCpuTime() - cpu0;
    long bytes = threads.getThreadAllocatedBytes(thread) - bytes0;
    double deliveries = (double) n * updates;
    int kept =
        subscriptions.tree().get("loop").history() == null
            ? 0
            : subscriptions.tree().get("loop").history().allocated();
    System.out.printf(
        "%s %d sessions x %d updates: %.0f ns CPU and %.1f bytes allocated per delivery"
            + " (publish, frame, acknowledge); backlog ring %d slots%n",
        name, n, updates, cpu / deliveries, bytes / deliveries, kept);
  }
}
