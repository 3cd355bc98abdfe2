package dev.osmosis.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One client WebSocket connection of the load generator: RFC 6455 client framing written by hand
 * (masked frames out, unmasked frames in, ping answered), a heap read buffer that grows to the
 * largest frame seen, and a streaming scanner for the latency marker {@code @Q<seq>@N<nanos>@} that
 * survives frames split anywhere. Everything runs on the generator's single event-loop thread:
 * nothing here is thread-safe.
 */
final class Conn {
  static final int CONNECTING = 0, UPGRADING = 1, OPEN = 2, READY = 3, CLOSED = 4;

  final int id;
  final SocketChannel ch;
  SelectionKey key;
  int state = CONNECTING;

  /** Subscriber deliveries are recorded (false for the publisher and for "slow" connections). */
  boolean recording;

  boolean publisher;

  /** The server node and port it connects to (several with LoadGen's {@code --nodes}). */
  int node, port;

  /** The highest sequence delivered on this connection (the cluster workload's order check). */
  long lastSeq;

  long startNanos;
  int protoState;
  ByteBuffer in = ByteBuffer.allocate(4096);
  ByteBuffer out;

  /** Marker scanner state. */
  private int scan;

  private long num1, num2;

  Conn(int id, SocketChannel ch) {
    this.id = id;
    this.ch = ch;
  }

  static byte[] upgradeRequest(String host, int port, String pathAndQuery, String subprotocol) {
    byte[] nonce = new byte[16];
    java.util.concurrent.ThreadLocalRandom.current().nextBytes(nonce);
    String req =
        "GET "
            + pathAndQuery
            + " HTTP/1.1\r\nHost: "
            + host
            + ":"
            + port
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(nonce)
            + "\r\nSec-WebSocket-Version: 13\r\n"
            + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n")
            + "\r\n";
    return req.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Writes a masked client frame (opcode 1 text, 2 binary, 8 close, 10 pong). */
  void sendFrame(int opcode, byte[] payload) throws IOException {
    int len = payload.length;
    int header = 2 + (len < 126 ? 0 : len < 65536 ? 2 : 8) + 4;
    ByteBuffer b = ByteBuffer.allocate(header + len);
    b.put((byte) (0x80 | opcode));
    if (len < 126) {
      b.put((byte) (0x80 | len));
    } else if (len < 65536) {
      b.put((byte) (0x80 | 126)).putShort((short) len);
    } else {
      b.put((byte) (0x80 | 127)).putLong(len);
    }
    int mask = (int) System.nanoTime() * 0x9E3779B1;
    b.putInt(mask);
    byte m0 = (byte) (mask >>> 24),
        m1 = (byte) (mask >>> 16),
        m2 = (byte) (mask >>> 8),
        m3 = (byte) mask;
    for (int i = 0; i < len; i++) {
      int k = i & 3;
      b.put((byte) (payload[i] ^ (k == 0 ? m0 : k == 1 ? m1 : k == 2 ? m2 : m3)));
    }
    b.flip();
    sendRaw(b);
  }

  void sendText(String text) throws IOException {
    sendFrame(1, text.getBytes(StandardCharsets.UTF_8));
  }

  void sendRaw(ByteBuffer b) throws IOException {
    if (out != null && out.position() > 0) {
      appendOut(b);
      return;
    }
    ch.write(b);
    if (b.hasRemaining()) {
      appendOut(b);
      key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
    }
  }

  private void appendOut(ByteBuffer b) {
    if (out == null) {
      out = ByteBuffer.allocate(Math.max(4096, b.remaining() * 2));
    }
    if (out.remaining() < b.remaining()) {
      ByteBuffer bigger = ByteBuffer.allocate((out.position() + b.remaining()) * 2);
      out.flip();
      bigger.put(out);
      out = bigger;
    }
    out.put(b);
  }

  /** On OP_WRITE: flushes what was left. */
  void flush() throws IOException {
    if (out == null) {
      key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
      return;
    }
    out.flip();
    ch.write(out);
    out.compact();
    if (out.position() == 0) {
      key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
    }
  }

  /** Ensures room for a frame of {@code need} bytes in the read buffer. */
  void ensureCapacity(int need) {
    if (in.capacity() < need) {
      ByteBuffer bigger = ByteBuffer.allocate(Integer.highestOneBit(need) << 1);
      in.flip();
      bigger.put(in);
      in = bigger;
    }
  }

  /**
   * Scans payload bytes for {@code @Q<seq>@N<nanos>@}, calling {@code sink} for each complete
   * marker; the state is kept across calls, so a marker split over frames is still found.
   */
  void scan(byte[] a, int off, int len, Sink sink) {
    int s = scan;
    long n1 = num1, n2 = num2;
    for (int i = off, end = off + len; i < end; i++) {
      byte c = a[i];
      switch (s) {
        case 0:
          if (c == '@') {
            s = 1;
          }
          break;
        case 1:
          s = c == 'Q' ? 2 : c == '@' ? 1 : 0;
          n1 = 0;
          break;
        case 2:
          if (c >= '0' && c <= '9') {
            n1 = n1 * 10 + (c - '0');
          } else {
            s = c == '@' ? 3 : 0;
          }
          break;
        case 3:
          s = c == 'N' ? 4 : c == '@' ? 1 : 0;
          n2 = 0;
          break;
        default:
          if (c >= '0' && c <= '9') {
            n2 = n2 * 10 + (c - '0');
          } else {
            if (c == '@') {
              sink.delivered(this, n1, n2);
            }
            s = 0;
          }
      }
    }
    scan = s;
    num1 = n1;
    num2 = n2;
  }

  /** What {@link #frames} finds in the read buffer. */
  interface Frames {
    /** A complete text or binary frame's payload, {@code a[off .. off + len)}. */
    void onData(Conn c, byte[] a, int off, int len) throws IOException;

    /** The server sent a close frame. */
    void onClose(Conn c);
  }

  /**
   * The end of the HTTP response head in {@code a[0 .. len)} (just after CRLF CRLF), or -1 if not
   * all there.
   */
  static int headerEnd(byte[] a, int len) {
    for (int i = 3; i < len; i++) {
      if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  /**
   * Parses the complete frames in the read buffer (after {@code ch.read(in)}), answering pings; an
   * incomplete frame stays for the next read, the buffer growing to hold a large one.
   */
  void frames(Frames sink) throws IOException {
    in.flip();
    byte[] a = in.array();
    while (in.remaining() >= 2) {
      int p = in.position();
      int b0 = a[p] & 0xFF, b1 = a[p + 1] & 0x7F;
      int header = 2;
      long len = b1;
      if (b1 == 126) {
        if (in.remaining() < 4) {
          break;
        }
        len = ((a[p + 2] & 0xFF) << 8) | (a[p + 3] & 0xFF);
        header = 4;
      } else if (b1 == 127) {
        if (in.remaining() < 10) {
          break;
        }
        len = in.getLong(p + 2);
        header = 10;
      }
      if (in.remaining() < header + len) {
        if (header + len > in.capacity()) {
          in.compact();
          ensureCapacity((int) (header + len));
          in.flip();
          a = in.array();
          continue;
        }
        break;
      }
      int off = p + header;
      int opcode = b0 & 0x0F;
      in.position(off + (int) len);
      if (opcode == 8) {
        sink.onClose(this);
        return;
      } else if (opcode == 9) {
        byte[] payload = new byte[(int) len];
        System.arraycopy(a, off, payload, 0, (int) len);
        sendFrame(10, payload);
      } else if (opcode <= 2) {
        sink.onData(this, a, off, (int) len);
      }
    }
    in.compact();
  }

  interface Sink {
    void delivered(Conn c, long seq, long sentNanos);
  }
}
