package dev.osmosis.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test-only TCP relay to the server (ReconnectIT, BrowserIT) that can cut every connection at
 * once, refuse new ones, freeze them (half-open both ways), sever only the server side (the server
 * sees a reset, the client sees a silent but open connection), or answer WebSocket upgrade requests
 * with 403 as a proxy that cannot carry WebSockets would.
 */
final class CutProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String host;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Set<Socket> upstreams = ConcurrentHashMap.newKeySet();
  private final Set<Socket> frozen = ConcurrentHashMap.newKeySet();

  /** Client sockets left open (and silent) when their server side goes. */
  private final Set<Socket> halfOpen = ConcurrentHashMap.newKeySet();

  private volatile boolean blocked;
  private volatile boolean refuseUpgrades;
  private volatile int refusedUpgrades;
  private volatile boolean closed;

  CutProxy(String host, int port) throws IOException {
    this.host = host;
    this.port = port;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    Thread acceptor = new Thread(this::accept, "cut-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Refuses (resets) every new connection while true. */
  void block(boolean block) {
    this.blocked = block;
  }

  /**
   * Answers a connection whose first request asks for {@code Upgrade: websocket} with 403 while
   * true.
   */
  void refuseUpgrades(boolean refuse) {
    this.refuseUpgrades = refuse;
  }

  int refusedUpgrades() {
    return refusedUpgrades;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        if (blocked) {
          abort(client);
          continue;
        }
        client.setTcpNoDelay(true);
        if (refuseUpgrades) {
          Thread t = new Thread(() -> screen(client), "cut-proxy-screen");
          t.setDaemon(true);
          t.start();
        } else {
          connect(client, new byte[0]);
        }
      } catch (IOException e) {
        // closed, or the server refused: the client will see its connection fail
      }
    }
  }

  /** Reads the first request's head; an upgrade to WebSocket gets 403, anything else is relayed. */
  private void screen(Socket client) {
    try {
      InputStream in = client.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4 && head.size() < 65536) {
        int b = in.read();
        if (b < 0) {
          abort(client);
          return;
        }
        head.write(b);
        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String text = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      if (text.matches("(?s).*\r\nupgrade:\\s*websocket\\s*\r\n.*")) {
        refusedUpgrades++;
        OutputStream out = client.getOutputStream();
        out.write(
            ("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 28\r\n"
                    + "Connection: close\r\n\r\nWebSockets are not relayed.\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        client.close();
        return;
      }
      connect(client, head.toByteArray());
    } catch (IOException e) {
      abort(client);
    }
  }

  private void connect(Socket client, byte[] alreadyRead) throws IOException {
    Socket upstream;
    try {
      upstream = new Socket(host, port);
    } catch (IOException e) {
      abort(client);
      throw e;
    }
    upstream.setTcpNoDelay(true);
    sockets.add(client);
    sockets.add(upstream);
    upstreams.add(upstream);
    if (alreadyRead.length > 0) {
      upstream.getOutputStream().write(alreadyRead);
    }
    relay(client, upstream);
    relay(upstream, client);
  }

  private void relay(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try {
                // not try-with-resources: closing a socket's stream closes the socket, and a
                // half-open one must stay
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  if (!frozen.contains(from)) {
                    out.write(buffer, 0, n);
                  }
                }
              } catch (IOException e) {
                // cut
              } finally {
                if (!halfOpen.contains(from)) {
                  abort(from);
                }
                if (!halfOpen.contains(to)) {
                  abort(to);
                }
              }
            },
            "cut-proxy-relay");
    t.setDaemon(true);
    t.start();
  }

  /** Stops relaying on every open connection without closing it (bytes are dropped). */
  void freezeAll() {
    frozen.addAll(sockets);
  }

  /**
   * Resets the server side of every connection and leaves the client side open but silent (what the
   * client sends is dropped): the server notices the loss at once, the client only by its liveness
   * check.
   */
  int severServerSide() {
    int n = 0;
    for (Socket s : sockets) {
      if (!upstreams.contains(s)) {
        frozen.add(s);
        halfOpen.add(s);
      }
    }
    for (Socket s : upstreams) {
      abort(s);
      n++;
    }
    return n;
  }

  /** Cuts every relayed connection (a TCP reset both ways); returns how many were open. */
  int cutAll() {
    int n = 0;
    for (Socket s : sockets) {
      if (sockets.remove(s)) {
        abort(s);
        n++;
      }
    }
    return n / 2;
  }

  private void abort(Socket s) {
    sockets.remove(s);
    upstreams.remove(s);
    try {
      s.setSoLinger(true, 0);
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // ignore
    }
    cutAll();
    halfOpen.forEach(this::abort);
    halfOpen.clear();
  }
}
