package dev.osmosis.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The physical limit: a single-threaded Java NIO fan-out server that does nothing but the
 * unavoidable. It accepts WebSockets (a minimal RFC 6455 handshake), and every text frame a client
 * sends is re-framed once (unmasked, pre-encoded) and written to every other connection.
 *
 * <pre>
 * java -cp target/benchmarks.jar dev.osmosis.bench.load.NullFanoutServer PORT [coalesce|single]
 * </pre>
 *
 * {@code single}: one write syscall per delivery (the frame is written to each socket as soon as it
 * is decoded). {@code coalesce} (default): frames decoded from one read of the publisher are
 * appended to each socket's buffer and each socket is written once (several frames per write), like
 * a server that batches per connection. A socket that cannot take more keeps its backlog (up to 4
 * MB, then frames are dropped and counted).
 */
public final class NullFanoutServer {
  private static final int MAX_BACKLOG = 4 << 20;

  private static final class Peer {
    final SocketChannel ch;
    SelectionKey key;
    boolean open;
    ByteBuffer in = ByteBuffer.allocate(4096);
    ByteBuffer out = ByteBuffer.allocate(1024);

    Peer(SocketChannel ch) {
      this.ch = ch;
    }
  }

  private final List<Peer> peers = new ArrayList<>();
  private final boolean coalesce;
  private long dropped;

  private NullFanoutServer(boolean coalesce) {
    this.coalesce = coalesce;
  }

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8091;
    boolean coalesce = args.length < 2 || !args[1].equals("single");
    new NullFanoutServer(coalesce).run(port);
  }

  private void run(int port) throws IOException {
    Selector sel = Selector.open();
    ServerSocketChannel server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
    server.configureBlocking(false);
    server.register(sel, SelectionKey.OP_ACCEPT);
    System.out.println(
        "null fan-out server on 127.0.0.1:"
            + port
            + (coalesce ? " (coalesced writes)" : " (one write per delivery)"));
    while (true) {
      sel.select();
      var it = sel.selectedKeys().iterator();
      while (it.hasNext()) {
        SelectionKey k = it.next();
        it.remove();
        if (!k.isValid()) {
          continue;
        }
        if (k.isAcceptable()) {
          SocketChannel ch;
          while ((ch = server.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Peer p = new Peer(ch);
            p.key = ch.register(sel, SelectionKey.OP_READ, p);
          }
          continue;
        }
        Peer p = (Peer) k.attachment();
        try {
          if (k.isWritable()) {
            flush(p);
          }
          if (k.isReadable()) {
            read(p);
          }
        } catch (IOException e) {
          close(p);
        }
      }
    }
  }

  private void close(Peer p) {
    p.key.cancel();
    if (p.open) {
      p.open = false;
      peers.remove(p);
    }
    try {
      p.ch.close();
    } catch (IOException e) {
      // ignore
    }
  }

  private void read(Peer p) throws IOException {
    if (!p.in.hasRemaining()) {
      ByteBuffer b = ByteBuffer.allocate(p.in.capacity() * 2);
      p.in.flip();
      b.put(p.in);
      p.in = b;
    }
    if (p.ch.read(p.in) < 0) {
      close(p);
      return;
    }
    if (!p.open) {
      handshake(p);
      return;
    }
    ByteBuffer in = p.in;
    in.flip();
    byte[] a = in.array();
    boolean any = false;
    while (in.remaining() >= 6) {
      int pos = in.position();
      int op = a[pos] & 0x0F;
      int len = a[pos + 1] & 0x7F;
      int h = 2;
      if (len == 126) {
        if (in.remaining() < 8) {
          break;
        }
        len = ((a[pos + 2] & 0xFF) << 8) | (a[pos + 3] & 0xFF);
        h = 4;
      } else if (len == 127) {
        if (in.remaining() < 14) {
          break;
        }
        len = (int) in.getLong(pos + 2);
        h = 10;
      }
      if (in.remaining() < h + 4 + len) {
        break;
      }
      int m = pos + h;
      int off = m + 4;
      for (int i = 0; i < len; i++) {
        a[off + i] ^= a[m + (i & 3)];
      }
      in.position(off + len);
      if (op == 8) {
        close(p);
        return;
      }
      if (op != 1 && op != 2) {
        continue;
      }
      // encode once
      ByteBuffer frame = ByteBuffer.allocate(len + (len < 126 ? 2 : 4));
      frame.put((byte) (0x80 | op));
      if (len < 126) {
        frame.put((byte) len);
      } else {
        frame.put((byte) 126).putShort((short) len);
      }
      frame.put(a, off, len).flip();
      for (int i = 0, n = peers.size(); i < n; i++) {
        Peer q = peers.get(i);
        if (q != p) {
          enqueue(q, frame.duplicate());
          if (!coalesce) {
            flush(q);
          }
        }
      }
      any = true;
    }
    in.compact();
    if (coalesce && any) {
      for (int i = 0, n = peers.size(); i < n; i++) {
        Peer q = peers.get(i);
        if (q != p && q.out.position() > 0) {
          flush(q);
        }
      }
    }
  }

  private void enqueue(Peer q, ByteBuffer frame) {
    if (q.out.remaining() < frame.remaining()) {
      int need = q.out.position() + frame.remaining();
      if (need > MAX_BACKLOG) {
        dropped++;
        return;
      }
      ByteBuffer b = ByteBuffer.allocate(Math.max(need, q.out.capacity() * 2));
      q.out.flip();
      b.put(q.out);
      q.out = b;
    }
    q.out.put(frame);
  }

  private void flush(Peer q) throws IOException {
    q.out.flip();
    try {
      q.ch.write(q.out);
    } catch (IOException e) {
      q.out.clear();
      close(q);
      return;
    } finally {
      if (q.out.hasRemaining() || q.out.position() > 0) {
        q.out.compact();
      }
    }
    if (q.key.isValid()) {
      q.key.interestOps(
          q.out.position() > 0
              ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
              : SelectionKey.OP_READ);
    }
  }

  private void handshake(Peer p) throws IOException {
    String req = new String(p.in.array(), 0, p.in.position(), StandardCharsets.ISO_8859_1);
    int end = req.indexOf("\r\n\r\n");
    if (end < 0) {
      return;
    }
    String key = null;
    for (String line : req.substring(0, end).split("\r\n")) {
      int c = line.indexOf(':');
      if (c > 0 && line.substring(0, c).trim().equalsIgnoreCase("Sec-WebSocket-Key")) {
        key = line.substring(c + 1).trim();
      }
    }
    if (key == null) {
      close(p);
      return;
    }
    String accept;
    try {
      accept =
          Base64.getEncoder()
              .encodeToString(
                  MessageDigest.getInstance("SHA-1")
                      .digest(
                          (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                              .getBytes(StandardCharsets.ISO_8859_1)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    p.out.put(
        ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: "
                + accept
                + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    p.in.flip();
    p.in.position(end + 4);
    p.in.compact();
    p.open = true;
    peers.add(p);
    flush(p);
  }
}
