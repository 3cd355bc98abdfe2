package dev.osmosis.grid;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.osmosis.cluster.SessionReplication;
import dev.osmosis.connection.ClientConnection;
import dev.osmosis.connection.ReliableConnection;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.session.Transport;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.wire.CloseReason;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A hand-run measurement, not a test: what keeping a replicated session's server messages in flight
 * in its grid record (fail-over, docs/RECONNECTION.md) adds to a response's latency. Two embedded
 * Hazelcast members in this JVM; 16 sequenced sessions on member A with its {@link
 * GridSessionStore} (their records spread over both members' partitions); one ping at a time, round
 * robin over the sessions, each carrying the client's acknowledgement; the time from handing the
 * ping to the connection until its answer is written to the fake transport, with the messages kept
 * ({@code osmosis.failoverServerMessages} 1000: the answer waits for a record write) and without
 * ({@code 0}), alternating, three rounds each. {@code java -cp
 * target/classes:target/test-classes:$(cat cp.txt) dev.osmosis.grid.FailoverInFlightLoop [PINGS]}.
 */
public final class FailoverInFlightLoop {
  private FailoverInFlightLoop() {}

  private static final int SESSIONS = 16;

  /** A transport that completes the waiting ping's future when a numbered frame arrives. */
  static final class Link implements Connection, ReliableConnection.Link {
    volatile CompletableFuture<Long> answer = new CompletableFuture<>();

    @Override
    public void write(String frame, Runnable done) {
      if (frame.startsWith("{\"s\":")) {
        int comma = frame.indexOf(',');
        answer.complete(Long.parseLong(frame.substring(5, comma)));
      }
      done.run();
    }

    @Override
    public void closeTransport(CloseReason reason) {}

    @Override
    public void send(String message) {}

    @Override
    public void close(CloseReason reason, String message) {}

    @Override
    public String remoteAddress() {
      return "127.0.0.1";
    }
  }

  public static void main(String[] args) throws Exception {
    int pings = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    String cluster = "osmosis-inflight-loop-" + UUID.randomUUID();
    HazelcastInstance a = Hazelcast.newHazelcastInstance(EmbeddedGrid.config(cluster, 6141));
    HazelcastInstance b = Hazelcast.newHazelcastInstance(EmbeddedGrid.config(cluster, 6141));
    EmbeddedGrid.eventually("two members", () -> b.getCluster().getMembers().size() == 2);
    GridSessionStore store = new GridSessionStore(new GridCluster(a), s -> List.of());
    Sessions sessions = TestSessions.sessions();
    Subscriptions subscriptions = TestSessions.subscriptions();
    TopicControl topics = new TopicControl(subscriptions, TestSessions::store);
    try {
      for (int round = 1; round <= 3; round++) {
        for (boolean kept : new boolean[] {true, false}) {
          store.inFlight(kept ? GridSessionStore.DEFAULT_IN_FLIGHT : null);
          long[] micros = round(store, sessions, subscriptions, topics, pings);
          Arrays.sort(micros);
          System.out.printf(
              "round %d, %-22s %d pings: p50 %d us, p90 %d us, p99 %d us, mean %d us%n",
              round,
              kept ? "messages kept:" : "not kept (0):",
              pings,
              micros[pings / 2],
              micros[pings * 9 / 10],
              micros[pings * 99 / 100],
              Arrays.stream(micros).sum() / pings);
        }
      }
    } finally {
      b.getLifecycleService().terminate();
      a.getLifecycleService().terminate();
    }
  }

  private static long[] round(
      SessionReplication store,
      Sessions sessions,
      Subscriptions subscriptions,
      TopicControl topics,
      int pings)
      throws Exception {
    Link[] links = new Link[SESSIONS];
    ClientConnection[] clients = new ClientConnection[SESSIONS];
    long[] acked = new long[SESSIONS];
    for (int i = 0; i < SESSIONS; i++) {
      links[i] = new Link();
      clients[i] =
          new ClientConnection(
                  sessions,
                  TestSessions.control(sessions),
                  subscriptions,
                  topics,
                  links[i],
                  Transport.WEBSOCKET,
                  TestSessions.CLOCK)
              .reconnectable(Runnable::run)
              .replication(store);
      clients[i].onText("{\"t\":\"connect\",\"v\":1,\"seq\":true,\"reconnectTimeout\":5000}");
    }
    Thread.sleep(500); // the first records land
    long[] micros = new long[pings];
    for (int p = 0; p < pings; p++) {
      int i = p % SESSIONS;
      long seq = p / SESSIONS + 1;
      Link link = links[i];
      CompletableFuture<Long> answer = new CompletableFuture<>();
      link.answer = answer;
      long start = System.nanoTime();
      clients[i].onText(
          "{\"t\":\"ping\",\"id\":" + seq + ",\"seq\":" + seq + ",\"ack\":" + acked[i] + "}");
      acked[i] = answer.get(10, TimeUnit.SECONDS);
      micros[p] = (System.nanoTime() - start) / 1000;
    }
    return micros;
  }
}
