package dev.osmosis.it.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test-only TCP load balancer in front of some nodes (ClusterIT's fail-over tests): each new
 * connection goes to the first node in its list that accepts it, so after a {@code kill -9} of the
 * first node its clients reconnect to the next one through the same address. Two small-stack
 * threads per connection.
 */
final class FailoverProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int[] ports;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final boolean halfOpen;
  private volatile boolean held;
  private volatile boolean closed;

  FailoverProxy(int... ports) throws IOException {
    this(false, ports);
  }

  /**
   * {@code halfOpen}: when a node goes, its clients' connections through the proxy stay open and
   * silent (a half-open connection: the client notices only by its liveness check) instead of
   * closing with it.
   */
  FailoverProxy(boolean halfOpen, int... ports) throws IOException {
    this.halfOpen = halfOpen;
    this.ports = ports.clone();
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress("127.0.0.1", 0), 1000);
    thread(this::accept, "failover-proxy").start();
  }

  /**
   * From now on a new connection is closed at once (its client stays away) until {@link #release}.
   */
  void hold() {
    held = true;
  }

  void release() {
    held = false;
  }

  String ws() {
    return "ws://127.0.0.1:" + server.getLocalPort();
  }

  private static Thread thread(Runnable task, String name) {
    Thread t = new Thread(null, task, name, 128 * 1024);
    t.setDaemon(true);
    return t;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        if (held) {
          client.close();
          continue;
        }
        Socket upstream = upstream();
        if (upstream == null) {
          client.close();
          continue;
        }
        client.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        thread(() -> relay(client, upstream, client), "failover-proxy-up").start();
        thread(() -> relay(upstream, client, client), "failover-proxy-down").start();
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  /** The first node that accepts a connection, or null. */
  private Socket upstream() {
    for (int port : ports) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.setTcpNoDelay(true);
        return s;
      } catch (IOException refused) {
        try {
          s.close();
        } catch (IOException ignored) {
          // nothing to do
        }
      }
    }
    return null;
  }

  private void relay(Socket from, Socket to, Socket client) {
    byte[] buffer = new byte[16384];
    boolean clientGone = false;
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      while (true) {
        int n;
        try {
          n = in.read(buffer);
        } catch (IOException e) {
          clientGone = from == client;
          throw e;
        }
        if (n < 0) {
          clientGone = from == client;
          break;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the other side went: close both (half-open: the client's only if it went)
    } finally {
      close(from == client ? to : from);
      if (!halfOpen || clientGone) {
        close(client);
      }
    }
  }

  private void close(Socket s) {
    sockets.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // already closed
    }
    for (Socket s : sockets) {
      close(s);
    }
  }
}
