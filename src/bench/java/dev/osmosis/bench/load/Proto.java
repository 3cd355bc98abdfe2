package dev.osmosis.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The least correct code for each server's protocol over WebSocket: what a connection sends once
 * the WebSocket is open, how it knows it is subscribed (ready), how the publisher publishes one
 * value, and which keep-alives it must answer. Deliveries are not parsed per protocol: the
 * generator scans every frame for the latency marker carried in the value (see {@link Conn#scan}).
 */
abstract class Proto {
  /** The topic / subject / room every subscriber listens to. */
  static final String TOPIC = "bench/fan";

  abstract String name();

  abstract String path(Conn c);

  String subprotocol() {
    return null;
  }

  /** Called once the HTTP upgrade succeeded. */
  abstract void onOpen(Conn c, LoadGen g) throws IOException;

  /**
   * Every data frame (text or binary); must mark the connection ready via {@link LoadGen#ready}.
   */
  abstract void onFrame(Conn c, byte[] a, int off, int len, LoadGen g) throws IOException;

  /** Publishes {@code value} (a ~100-byte JSON object) through the publisher connection. */
  abstract void publish(Conn pub, String value) throws IOException;

  /** Publishes update {@code seq}; by default every update goes to the one topic. */
  void publish(Conn pub, long seq, String value) throws IOException {
    publish(pub, value);
  }

  /**
   * The protocol of server {@code name}; {@code conflation} is the CONFLATION of Osmosis's topics,
   * {@code persistent} their PERSISTENT (null: not given, the server's default).
   */
  static Proto of(String name, String conflation, String persistent) {
    switch (name) {
      case "osmosis":
        return new Osmosis(false, conflation, persistent);
      case "osmosis-tree":
        return new Osmosis(true, conflation, persistent);
      case "chat":
        return new Chat();
      case "null":
        return new Null();
      case "mqtt":
      case "mosquitto":
        return new Mqtt();
      case "nats":
        return new Nats();
      case "socketio":
        return new SocketIo();
      default:
        throw new IllegalArgumentException("unknown protocol " + name);
    }
  }

  static boolean contains(byte[] a, int off, int len, String s) {
    byte[] n = s.getBytes(StandardCharsets.ISO_8859_1);
    outer:
    for (int i = off, end = off + len - n.length; i <= end; i++) {
      for (int j = 0; j < n.length; j++) {
        if (a[i + j] != n[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  static int count(byte[] a, int off, int len, String s) {
    byte[] n = s.getBytes(StandardCharsets.ISO_8859_1);
    int found = 0;
    outer:
    for (int i = off, end = off + len - n.length; i <= end; i++) {
      for (int j = 0; j < n.length; j++) {
        if (a[i + j] != n[j]) {
          continue outer;
        }
      }
      found++;
    }
    return found;
  }

  static boolean startsWith(byte[] a, int off, int len, String s) {
    if (len < s.length()) {
      return false;
    }
    for (int j = 0; j < s.length(); j++) {
      if (a[off + j] != s.charAt(j)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Osmosis protocol (docs/PROTOCOL.md): connect, then select (subscribers) or addTopic (the
   * control publisher).
   */
  static final class Osmosis extends Proto {
    /**
     * Workload (b): a tree of 100 groups x 100 topics; subscriber i selects group i % 100 with a
     * split-path selector.
     */
    static final int GROUPS = 100, PER_GROUP = 100, TREE = GROUPS * PER_GROUP;

    private final boolean tree;

    /**
     * The topics' CONFLATION ({@code --conflation}, default {@code off}): the peers deliver every
     * message, so the fan-out is compared with conflation off; with {@code conflate} (Osmosis's
     * default) a subscriber that falls behind gets the latest value instead of every value, which
     * this generator counts as lost.
     */
    private final String conflation;

    private long nextId = 2;
    private int oks;

    /** The topics' PERSISTENT ({@code --persistent}), or null: not given (the default, true). */
    private final String persistent;

    Osmosis(boolean tree, String conflation, String persistent) {
      this.tree = tree;
      this.conflation = conflation;
      this.persistent = persistent;
    }

    static String treePath(long seq) {
      int i = (int) (seq % TREE);
      return "bench/tree/g" + (i / PER_GROUP) + "/t" + (i % PER_GROUP);
    }

    static int treeGroup(long seq) {
      return (int) (seq % TREE) / PER_GROUP;
    }

    String name() {
      return tree ? "osmosis-tree" : "osmosis";
    }

    private String properties() {
      return ",\"properties\":{\"CONFLATION\":\""
          + conflation
          + (persistent == null ? "" : "\",\"PERSISTENT\":\"" + persistent)
          + "\"}";
    }

    String path(Conn c) {
      return "/osmosis";
    }

    void onOpen(Conn c, LoadGen g) throws IOException {
      c.sendText(
          c.publisher
              ? "{\"t\":\"connect\",\"v\":1,\"clientType\":\"JAVA\",\"principal\":\"control\",\"credentials\":\"password\"}"
              : "{\"t\":\"connect\",\"v\":1,\"clientType\":\"JAVA\"}");
    }

    void onFrame(Conn c, byte[] a, int off, int len, LoadGen g) throws IOException {
      if (c.state == Conn.READY) {
        if (c.publisher && contains(a, off, len, "\"t\":\"error\"")) {
          g.protocolError(c, new String(a, off, Math.min(len, 300), StandardCharsets.UTF_8));
        }
        return;
      }
      if (contains(a, off, len, "\"t\":\"close\"") || contains(a, off, len, "\"t\":\"error\"")) {
        g.protocolError(c, new String(a, off, Math.min(len, 300), StandardCharsets.UTF_8));
        return;
      }
      if (c.protoState == 0 && contains(a, off, len, "\"t\":\"connected\"")) {
        c.protoState = 1;
        if (c.publisher && tree) {
          StringBuilder batch = new StringBuilder("[");
          for (int i = 0; i < TREE; i++) {
            if (batch.length() > 1) {
              batch.append(',');
            }
            batch
                .append("{\"t\":\"addTopic\",\"id\":")
                .append(1_000_000 + i)
                .append(",\"path\":\"")
                .append(treePath(i))
                .append("\",\"type\":\"JSON\"")
                .append(properties())
                .append('}');
            if (i % 500 == 499) {
              c.sendText(batch.append(']').toString());
              batch = new StringBuilder("[");
            }
          }
          return;
        }
        c.sendText(
            c.publisher
                ? "{\"t\":\"addTopic\",\"id\":1,\"path\":\""
                    + TOPIC
                    + "\",\"type\":\"JSON\""
                    + properties()
                    + "}"
                : tree
                    ? "{\"t\":\"select\",\"id\":1,\"selector\":\"?bench/tree/g"
                        + (c.id % GROUPS)
                        + "/.*\"}"
                    : "{\"t\":\"select\",\"id\":1,\"selector\":\">" + TOPIC + "\"}");
      } else if (c.protoState == 1 && c.publisher && tree) {
        oks += count(a, off, len, "\"t\":\"ok\"");
        if (oks >= TREE) {
          c.protoState = 2;
          g.ready(c);
        }
      } else if (c.protoState == 1 && contains(a, off, len, "\"t\":\"ok\"")) {
        c.protoState = 2;
        g.ready(c);
      }
    }

    void publish(Conn pub, String value) throws IOException {
      pub.sendText(
          "{\"t\":\"set\",\"id\":"
              + (nextId++)
              + ",\"path\":\""
              + TOPIC
              + "\",\"type\":\"JSON\",\"v\":"
              + value
              + "}");
    }

    @Override
    void publish(Conn pub, long seq, String value) throws IOException {
      if (!tree) {
        publish(pub, value);
        return;
      }
      pub.sendText(
          "{\"t\":\"set\",\"id\":"
              + (nextId++)
              + ",\"path\":\""
              + treePath(seq)
              + "\",\"type\":\"JSON\",\"v\":"
              + value
              + "}");
    }
  }

  /**
   * The chat ingress example (docs/ROOMS.md): a member's text is broadcast to the rest of the room.
   */
  static final class Chat extends Proto {
    String name() {
      return "chat";
    }

    String path(Conn c) {
      return "/ws/chat?room=bench&user=u" + c.id;
    }

    void onOpen(Conn c, LoadGen g) {}

    void onFrame(Conn c, byte[] a, int off, int len, LoadGen g) {
      if (c.state != Conn.READY && contains(a, off, len, "\"type\":\"welcome\"")) {
        g.ready(c);
      } else if (c.state != Conn.READY && contains(a, off, len, "\"type\":\"error\"")) {
        g.protocolError(c, new String(a, off, Math.min(len, 300), StandardCharsets.UTF_8));
      }
    }

    void publish(Conn pub, String value) throws IOException {
      // the message text is the marker and padding (no quotes: it is embedded unchanged in the
      // broadcast JSON)
      pub.sendText(value.substring(6, value.length() - 2));
    }
  }

  /** The null fan-out server: any text from a client is broadcast to every other connection. */
  static final class Null extends Proto {
    String name() {
      return "null";
    }

    String path(Conn c) {
      return "/";
    }

    void onOpen(Conn c, LoadGen g) {
      g.ready(c);
    }

    void onFrame(Conn c, byte[] a, int off, int len, LoadGen g) {}

    void publish(Conn pub, String value) throws IOException {
      pub.sendText(value);
    }
  }

  /** MQTT 3.1.1 over WebSocket (binary frames, subprotocol "mqtt"), QoS 0. */
  static final class Mqtt extends Proto {
    String name() {
      return "mosquitto";
    }

    String path(Conn c) {
      return "/";
    }

    @Override
    String subprotocol() {
      return "mqtt";
    }

    void onOpen(Conn c, LoadGen g) throws IOException {
      byte[] cid = ("b" + c.id).getBytes(StandardCharsets.US_ASCII);
      java.io.ByteArrayOutputStream v = new java.io.ByteArrayOutputStream();
      v.write(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 0});
      v.write(cid.length >> 8);
      v.write(cid.length);
      v.write(cid);
      c.sendFrame(2, packet(0x10, v.toByteArray()));
    }

    void onFrame(Conn c, byte[] a, int off, int len, LoadGen g) throws IOException {
      if (c.state == Conn.READY || len == 0) {
        return;
      }
      int type = a[off] & 0xF0;
      if (type == 0x20) { // CONNACK
        if (len >= 4 && a[off + 3] != 0) {
          g.protocolError(c, "CONNACK return code " + a[off + 3]);
        } else if (c.publisher) {
          g.ready(c);
        } else {
          byte[] t = TOPIC.getBytes(StandardCharsets.US_ASCII);
          java.io.ByteArrayOutputStream v = new java.io.ByteArrayOutputStream();
          v.write(0);
          v.write(1); // packet id 1
          v.write(t.length >> 8);
          v.write(t.length);
          v.write(t, 0, t.length);
          v.write(0); // QoS 0
          c.sendFrame(2, packet(0x82, v.toByteArray()));
        }
      } else if (type == 0x90) { // SUBACK
        g.ready(c);
      }
    }

    void publish(Conn pub, String value) throws IOException {
      byte[] t = TOPIC.getBytes(StandardCharsets.US_ASCII);
      byte[] p = value.getBytes(StandardCharsets.UTF_8);
      byte[] body = new byte[2 + t.length + p.length];
      body[0] = (byte) (t.length >> 8);
      body[1] = (byte) t.length;
      System.arraycopy(t, 0, body, 2, t.length);
      System.arraycopy(p, 0, body, 2 + t.length, p.length);
      pub.sendFrame(2, packet(0x30, body));
    }

    static byte[] packet(int fixed, byte[] body) {
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(body.length + 5);
      b.write(fixed);
      int rem = body.length;
      do {
        int d = rem % 128;
        rem /= 128;
        b.write(rem > 0 ? d | 0x80 : d);
      } while (rem > 0);
      b.write(body, 0, body.length);
      return b.toByteArray();
    }
  }

  /** NATS text protocol over WebSocket: CONNECT, SUB, PING/PONG, PUB. */
  static final class Nats extends Proto {
    static final String SUBJECT = "bench.fan";

    String name() {
      return "nats";
    }

    String path(Conn c) {
      return "/";
    }

    void onOpen(Conn c, LoadGen g) {}

    void onFrame(Conn c, byte[] a, int off, int len, LoadGen g) throws IOException {
      if (startsWith(a, off, len, "PING")) {
        c.sendFrame(2, "PONG\r\n".getBytes(StandardCharsets.US_ASCII));
        return;
      }
      if (c.state == Conn.READY) {
        return;
      }
      if (startsWith(a, off, len, "-ERR")) {
        g.protocolError(c, new String(a, off, len, StandardCharsets.UTF_8));
      } else if (c.protoState == 0 && startsWith(a, off, len, "INFO")) {
        c.protoState = 1;
        c.sendFrame(
            2,
            ("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1}\r\n"
                    + (c.publisher ? "" : "SUB " + SUBJECT + " 1\r\n")
                    + "PING\r\n")
                .getBytes(StandardCharsets.US_ASCII));
      } else if (c.protoState == 1 && contains(a, off, len, "PONG")) {
        c.protoState = 2;
        g.ready(c);
      }
    }

    void publish(Conn pub, String value) throws IOException {
      byte[] p = value.getBytes(StandardCharsets.UTF_8);
      pub.sendFrame(
          2,
          ("PUB " + SUBJECT + " " + p.length + "\r\n" + value + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Socket.IO v4 over a direct WebSocket (Engine.IO 4 framing: "0" open, "40" connect, "2"/"3"
   * ping, "42" event).
   */
  static final class SocketIo extends Proto {
    String name() {
      return "socketio";
    }

    String path(Conn c) {
      return "/socket.io/?EIO=4&transport=websocket";
    }

    void onOpen(Conn c, LoadGen g) {}

    void onFrame(Conn c, byte[] a, int off, int len, LoadGen g) throws IOException {
      if (len == 1 && a[off] == '2') {
        c.sendText("3");
        return;
      }
      if (c.state == Conn.READY) {
        return;
      }
      if (c.protoState == 0 && len > 0 && a[off] == '0') {
        c.protoState = 1;
        c.sendText("40");
      } else if (c.protoState == 1 && startsWith(a, off, len, "40")) {
        c.protoState = 2;
        g.ready(c);
      } else if (startsWith(a, off, len, "44")) {
        g.protocolError(c, new String(a, off, len, StandardCharsets.UTF_8));
      }
    }

    void publish(Conn pub, String value) throws IOException {
      pub.sendText("42[\"pub\"," + value + "]");
    }
  }
}
