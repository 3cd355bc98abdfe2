package dev.osmosis.bench.load;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Issue 6's benchmark: N sequenced sessions (docs/PROTOCOL.md §12) subscribed to one topic lose
 * their connections all at once (every socket reset), the topic is updated while they are away,
 * then all N reconnect at the same moment with their session id, token and ack. Measured from the
 * moment the storm starts: time until each session has its {@code connected} with {@code
 * reconnected:true}, and until it has received, by replay, the last value published while it was
 * away — with every replayed number checked to follow the one before (no gap, no duplicate). A
 * session that is refused, closed, or not recovered within the deadline counts as a failure.
 *
 * <p>{@code java -cp target/benchmarks.jar dev.osmosis.bench.load.ReconnectStorm [--host 127.0.0.1]
 * [--port 8090] [--sessions 10000] [--missed 5] [--deadline 30] [--pid SERVER_PID]}; with {@code
 * --pid} it also reports the server's CPU time spent from the storm's start until every session
 * recovered (or the deadline).
 */
public final class ReconnectStorm implements Conn.Frames {
  private static final String TOPIC = "bench/storm";

  private final String host;
  private final int port;
  private final int n;
  private final int missed;

  /** The server's process id, for its CPU time from /proc (0: not measured). */
  private long pid;

  private final Selector selector = Selector.open();
  private final List<Sub> subs = new ArrayList<>();
  private final Histogram toConnected = new Histogram(60_000_000_000L, 3);
  private final Histogram toRecovered = new Histogram(60_000_000_000L, 3);
  private Conn publisher;
  private boolean publisherReady;
  private int ready;
  private int connected;
  private int recovered;
  private int failed;
  private int gaps;
  private int nextConnId;
  private long stormStart;
  private final Map<String, Integer> failures = new HashMap<>();

  /** One subscriber session across its two connections. */
  private static final class Sub {
    Conn conn;
    String sessionId;
    String token;

    /** The highest server message number processed (no gap). */
    long received;

    /** The value the session must end with after the replay. */
    long lastValue = -1;

    boolean reconnecting;
    boolean isReady;
    boolean isConnected;
    boolean isRecovered;
    boolean isFailed;
    int retries;

    /** When the current connection attempt started (System.nanoTime). */
    long attemptStart;
  }

  private ReconnectStorm(String host, int port, int n, int missed) throws IOException {
    this.host = host;
    this.port = port;
    this.n = n;
    this.missed = missed;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    ReconnectStorm storm =
        new ReconnectStorm(
            opt.getOrDefault("host", "127.0.0.1"),
            Integer.parseInt(opt.getOrDefault("port", "8090")),
            Integer.parseInt(opt.getOrDefault("sessions", "10000")),
            Integer.parseInt(opt.getOrDefault("missed", "5")));
    storm.pid = Long.parseLong(opt.getOrDefault("pid", "0"));
    storm.run(Integer.parseInt(opt.getOrDefault("deadline", "30")));
  }

  private void run(int deadlineSeconds) throws Exception {
    publisher = open(null);
    pump(30_000, () -> publisherReady);
    if (!publisherReady) {
      throw new IllegalStateException("publisher not ready");
    }
    long t0 = System.nanoTime();
    int opened = 0;
    while (ready + failed < n) {
      // at most 500 handshakes in flight while setting up: the set-up is not what is measured
      while (opened < n && opened - ready - failed < 500) {
        subs.add(new Sub());
        open(subs.get(opened++));
      }
      pump(50, () -> false);
      if (System.nanoTime() - t0 > 120_000_000_000L) {
        throw new IllegalStateException(
            "set-up incomplete: " + ready + " ready, " + failed + " failed");
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%d sessions subscribed in %.1f s (failed %d)%n",
        ready,
        (System.nanoTime() - t0) / 1e9,
        failed);

    // every connection reset at once: the server sees them all drop
    for (Sub s : subs) {
      if (!s.isFailed) {
        s.conn.ch.setOption(StandardSocketOptions.SO_LINGER, 0);
        s.conn.key.cancel();
        s.conn.ch.close();
        s.reconnecting = true;
      }
    }
    pump(2000, () -> false);
    for (int i = 1; i <= missed; i++) {
      publisher.sendText(
          "{\"t\":\"set\",\"id\":"
              + (100 + i)
              + ",\"path\":\""
              + TOPIC
              + "\",\"type\":\"INT64\",\"v\":"
              + i
              + "}");
    }
    pump(1000, () -> false);

    // the storm: every session reconnects at the same moment
    ProcStats before = pid > 0 ? ProcStats.of(pid) : null;
    stormStart = System.nanoTime();
    for (Sub s : subs) {
      if (!s.isFailed) {
        open(s);
      }
    }
    long deadline = deadlineSeconds * 1000L;
    pump(deadline, () -> recovered + failed >= n);
    for (Sub s : subs) {
      if (!s.isRecovered && !s.isFailed) {
        failures.merge("not recovered in " + deadlineSeconds + " s", 1, Integer::sum);
      }
    }
    long within10 = toRecovered.getCountBetweenValues(0, 10_000_000_000L);
    System.out.printf(
        Locale.ROOT,
        "storm: %d sessions, %d connected again, %d recovered (last value by replay), "
            + "%d within 10 s, %d failed, %d gaps%n",
        n,
        connected,
        recovered,
        within10,
        failed,
        gaps);
    System.out.printf(
        Locale.ROOT,
        "time to connected: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
        toConnected.getValueAtPercentile(50) / 1e6,
        toConnected.getValueAtPercentile(99) / 1e6,
        toConnected.getMaxValue() / 1e6);
    System.out.printf(
        Locale.ROOT,
        "time to recovered: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
        toRecovered.getValueAtPercentile(50) / 1e6,
        toRecovered.getValueAtPercentile(99) / 1e6,
        toRecovered.getMaxValue() / 1e6);
    if (before != null) {
      ProcStats after = ProcStats.of(pid);
      System.out.printf(
          Locale.ROOT,
          "server CPU during the storm: %.2f s, %.0f µs per session recovered%n",
          (after.cpuMicros() - before.cpuMicros()) / 1e6,
          (after.cpuMicros() - before.cpuMicros()) / (double) Math.max(1, recovered));
    }
    if (!failures.isEmpty()) {
      System.out.println("failures: " + failures);
    }
  }

  private Conn open(Sub sub) throws IOException {
    SocketChannel ch = SocketChannel.open();
    ch.configureBlocking(false);
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    Conn c = new Conn(nextConnId++, ch);
    c.publisher = sub == null;
    c.key = ch.register(selector, SelectionKey.OP_CONNECT, sub == null ? c : new Object[] {c, sub});
    ch.connect(new InetSocketAddress(host, port));
    if (sub != null) {
      sub.conn = c;
      sub.attemptStart = System.nanoTime();
    }
    return c;
  }

  private interface Done {
    boolean get();
  }

  private void pump(long millis, Done done) throws IOException {
    long end = System.nanoTime() + millis * 1_000_000;
    long nextCheck = System.nanoTime();
    while (!done.get() && System.nanoTime() < end) {
      if (System.nanoTime() >= nextCheck) {
        nextCheck = System.nanoTime() + 1_000_000_000L;
        abandonSlowAttempts();
      }
      if (selector.select(10) == 0) {
        continue;
      }
      var it = selector.selectedKeys().iterator();
      while (it.hasNext()) {
        SelectionKey k = it.next();
        it.remove();
        Conn c = k.attachment() instanceof Object[] pair ? (Conn) pair[0] : (Conn) k.attachment();
        Sub sub = k.attachment() instanceof Object[] pair ? (Sub) pair[1] : null;
        try {
          if (!k.isValid()) {
            continue;
          }
          if (k.isConnectable()) {
            c.ch.finishConnect();
            c.state = Conn.UPGRADING;
            k.interestOps(SelectionKey.OP_READ);
            c.sendRaw(ByteBuffer.wrap(Conn.upgradeRequest(host, port, "/osmosis", null)));
            continue;
          }
          if (k.isWritable()) {
            c.flush();
          }
          if (k.isReadable()) {
            readable(c, sub);
          }
        } catch (IOException | RuntimeException e) {
          lost(c, sub, "I/O: " + e.getClass().getSimpleName());
        }
      }
    }
  }

  /**
   * A reconnect attempt with no {@code connected} after {@link #ATTEMPT_TIMEOUT_NANOS} is dropped
   * and retried, as the clients' connection timeout does (an upgrade stuck in an overloaded accept
   * queue must not count as a hang).
   */
  private void abandonSlowAttempts() throws IOException {
    long now = System.nanoTime();
    for (Sub sub : subs) {
      if (stormStart != 0
          && sub.attemptStart >= stormStart
          && sub.reconnecting
          && !sub.isConnected
          && !sub.isFailed
          && now - sub.attemptStart > ATTEMPT_TIMEOUT_NANOS) {
        lost(sub.conn, sub, "no connected within 10 s");
      }
    }
  }

  private static final long ATTEMPT_TIMEOUT_NANOS = 10_000_000_000L;

  /**
   * A connection failed: a reconnecting session retries (as a client would) after a short pause.
   */
  private void lost(Conn c, Sub sub, String why) throws IOException {
    c.key.cancel();
    c.ch.close();
    if (sub == null || sub.isFailed || sub.isRecovered) {
      return;
    }
    if (sub.reconnecting && sub.retries++ < 20) {
      open(sub);
      return;
    }
    fail(sub, why);
  }

  private void fail(Sub sub, String why) {
    if (!sub.isFailed) {
      sub.isFailed = true;
      failed++;
      failures.merge(why, 1, Integer::sum);
    }
  }

  private void readable(Conn c, Sub sub) throws IOException {
    if (!c.in.hasRemaining()) {
      c.ensureCapacity(c.in.capacity() * 2);
    }
    int r = c.ch.read(c.in);
    if (r < 0) {
      lost(c, sub, "closed by server");
      return;
    }
    if (c.state == Conn.UPGRADING) {
      int end = Conn.headerEnd(c.in.array(), c.in.position());
      if (end < 0) {
        return;
      }
      String head = new String(c.in.array(), 0, end, StandardCharsets.ISO_8859_1);
      if (!head.startsWith("HTTP/1.1 101")) {
        lost(c, sub, "upgrade refused: " + head.lines().findFirst().orElse(""));
        return;
      }
      c.in.flip();
      c.in.position(end);
      c.in.compact();
      c.state = Conn.OPEN;
      if (sub == null) {
        c.sendText(
            "{\"t\":\"connect\",\"v\":1,\"clientType\":\"JAVA\",\"principal\":\"control\",\"credentials\":\"password\"}");
      } else if (sub.sessionId == null) {
        c.sendText("{\"t\":\"connect\",\"v\":1,\"clientType\":\"JAVA\",\"seq\":true}");
      } else {
        c.sendText(
            "{\"t\":\"connect\",\"v\":1,\"clientType\":\"JAVA\",\"seq\":true,\"sessionId\":\""
                + sub.sessionId
                + "\",\"token\":\""
                + sub.token
                + "\",\"ack\":"
                + sub.received
                + "}");
      }
    }
    c.frames(this);
  }

  @Override
  public void onClose(Conn c) {
    // the close message (if any) came first and was counted; a bare close is a lost connection
  }

  @Override
  public void onData(Conn c, byte[] a, int off, int len) throws IOException {
    JsonValue frame;
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(a, off, len))) {
      frame = reader.readValue();
    }
    if (c.publisher) {
      onPublisher(c, frame);
      return;
    }
    Sub sub = (Sub) ((Object[]) c.key.attachment())[1];
    if (frame instanceof JsonObject o && o.containsKey("m")) {
      onEnvelope(sub, o);
    } else if (frame instanceof JsonObject o) {
      String t = o.getString("t", "");
      if (t.equals("connected")) {
        onConnected(sub, o);
      } else if (t.equals("close")) {
        String reason = o.getString("reason", "");
        if (reason.equals("IDLE_CONNECTION") || reason.equals("CLIENT_UNRESPONSIVE")) {
          lost(c, sub, "close " + reason); // connection-level: a client tries again
        } else {
          fail(sub, "close " + reason + ": " + o.getString("message", ""));
        }
      }
    }
  }

  private void onPublisher(Conn c, JsonValue frame) throws IOException {
    for (JsonValue v : frame instanceof JsonArray arr ? arr : List.of(frame)) {
      JsonObject o = v.asJsonObject();
      String t = o.getString("t", "");
      if (t.equals("connected")) {
        c.sendText(
            "{\"t\":\"addAndSet\",\"id\":1,\"path\":\""
                + TOPIC
                + "\",\"type\":\"INT64\",\"properties\":{\"CONFLATION\":\"off\"},\"v\":0}");
      } else if (t.equals("ok") && o.getInt("id", 0) == 1) {
        publisherReady = true;
      } else if (t.equals("error") || t.equals("close")) {
        System.err.println("publisher: " + o);
      }
    }
  }

  private void onConnected(Sub sub, JsonObject o) throws IOException {
    if (!o.getBoolean("reconnected", false)) {
      sub.sessionId = o.getString("sessionId");
      sub.token = o.getString("token");
      sub.conn.sendText("{\"t\":\"select\",\"id\":1,\"selector\":\">" + TOPIC + "\",\"seq\":1}");
      return;
    }
    if (!sub.isConnected) {
      sub.isConnected = true;
      connected++;
      toConnected.recordValue(System.nanoTime() - stormStart);
    }
  }

  private void onEnvelope(Sub sub, JsonObject o) throws IOException {
    long s = o.getJsonNumber("s").longValue();
    JsonArray m = o.getJsonArray("m");
    for (int i = 0; i < m.size(); i++) {
      long number = s + i;
      if (number <= sub.received) {
        continue; // a duplicate after a replay: skipped, as the protocol says
      }
      if (number != sub.received + 1) {
        gaps++;
        fail(sub, "gap");
        return;
      }
      sub.received = number;
      JsonObject msg = m.getJsonObject(i);
      if (msg.getString("t", "").equals("value")
          && msg.get("v") instanceof jakarta.json.JsonNumber v) {
        sub.lastValue = v.longValue();
      }
    }
    if (!sub.reconnecting && sub.lastValue == 0 && !sub.isReady) {
      sub.isReady = true;
      ready++;
    } else if (sub.reconnecting && sub.isConnected && sub.lastValue == missed && !sub.isRecovered) {
      sub.isRecovered = true;
      recovered++;
      toRecovered.recordValue(System.nanoTime() - stormStart);
      sub.conn.sendText("{\"t\":\"ack\",\"ack\":" + sub.received + "}");
    }
  }
}
