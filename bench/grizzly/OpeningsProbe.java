import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts WebSocket openings whose HTTP upgrade is never answered (the GRIZZLY0013 symptom,
 * docs/TESTING.md). Opens N WebSockets, C at a time, each one on a new TCP connection, and waits
 * up to T ms for the upgrade's answer. Prints one line: answered (101), refused (other status),
 * unanswered (no status line within T), failed (connection error or closed without a status line;
 * the examples say which), serverCloses and noClose (the wait modes: the server's close frame came,
 * or not within T).
 *
 * <pre>
 *   java OpeningsProbe.java ws://127.0.0.1:8090/osmosis N C T [raw|rawwait|jdk|jdkwait] [hold] [first]
 * </pre>
 *
 * raw: a plain socket writes the upgrade request and reads the status line; jdk: the
 * java.net.http WebSocket client (what the Java client and the ITs use). Both then close with a
 * 1000 close frame at once; rawwait and jdkwait instead wait for the server to close the
 * WebSocket and answer its close frame (the server-initiated close). hold: how many openings stay
 * open until the end. first: a text message sent right after the upgrade, e.g. a
 * {@code connect} the server refuses, so that the server closes the WebSocket.
 */
public final class OpeningsProbe {
  static final AtomicInteger answered = new AtomicInteger();
  static final AtomicInteger refused = new AtomicInteger();
  static final AtomicInteger unanswered = new AtomicInteger();
  static final AtomicInteger failed = new AtomicInteger();
  static final ConcurrentLinkedQueue<AutoCloseable> held = new ConcurrentLinkedQueue<>();
  static final ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
  static final AtomicInteger serverClosed = new AtomicInteger();
  static final AtomicInteger noClose = new AtomicInteger();
  static boolean awaitServerClose;
  static byte[] first;

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    int n = Integer.parseInt(args[1]);
    int c = Integer.parseInt(args[2]);
    int timeout = Integer.parseInt(args[3]);
    String mode = args.length > 4 ? args[4] : "raw";
    boolean jdk = mode.startsWith("jdk");
    awaitServerClose = mode.endsWith("wait");
    int hold = args.length > 5 ? Integer.parseInt(args[5]) : 0;
    first = args.length > 6 ? args[6].getBytes(StandardCharsets.UTF_8) : null;
    AtomicInteger next = new AtomicInteger();
    HttpClient client = jdk ? HttpClient.newHttpClient() : null;
    CountDownLatch done = new CountDownLatch(c);
    long start = System.nanoTime();
    for (int t = 0; t < c; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  int i;
                  while ((i = next.getAndIncrement()) < n) {
                    boolean keep = i < hold;
                    if (jdk) {
                      jdk(client, uri, timeout, keep);
                    } else {
                      raw(uri, timeout, keep);
                    }
                  }
                } finally {
                  done.countDown();
                }
              });
      thread.start();
    }
    done.await();
    long ms = (System.nanoTime() - start) / 1_000_000;
    for (AutoCloseable c2 : held) {
      try {
        c2.close();
      } catch (Exception e) {
        // ignore
      }
    }
    System.out.printf(
        "openings=%d answered=%d refused=%d unanswered=%d failed=%d serverCloses=%d noClose=%d"
            + " ms=%d mode=%s"
            + " concurrency=%d%n",
        n,
        answered.get(),
        refused.get(),
        unanswered.get(),
        failed.get(),
        serverClosed.get(),
        noClose.get(),
        ms,
        mode,
        c);
    examples.stream().limit(5).forEach(e -> System.out.println("  e.g. " + e));
    System.exit(0);
  }

  static void raw(URI uri, int timeout, boolean keep) {
    Socket s = new Socket();
    long t0 = System.currentTimeMillis();
    try {
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), timeout);
      s.setSoTimeout(timeout);
      byte[] key = new byte[16];
      ThreadLocalRandom.current().nextBytes(key);
      String req =
          "GET " + uri.getRawPath() + " HTTP/1.1\r\n"
              + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
              + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
              + "Sec-WebSocket-Version: 13\r\n\r\n";
      OutputStream out = s.getOutputStream();
      out.write(req.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = statusLine(s.getInputStream());
      if (status == null) {
        failed.incrementAndGet();
        examples.add("closed without an answer after " + (System.currentTimeMillis() - t0) + " ms, local port " + s.getLocalPort());
      } else if (status.startsWith("HTTP/1.1 101")) {
        answered.incrementAndGet();
        if (keep) {
          held.add(s);
          return;
        }
        if (first != null) {
          out.write(masked(first));
          out.flush();
        }
        if (awaitServerClose) {
          try {
            if (awaitClose(s.getInputStream())) {
              serverClosed.incrementAndGet();
            }
          } catch (SocketTimeoutException e) {
            noClose.incrementAndGet(); // upgraded, but the server's close never came
            examples.add("no close frame within " + timeout + " ms, local port " + s.getLocalPort());
          }
        }
        // a masked close frame 1000, as a client closes or answers the server's close
        out.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8});
        out.flush();
      } else {
        refused.incrementAndGet();
        examples.add(status);
      }
    } catch (SocketTimeoutException e) {
      unanswered.incrementAndGet();
      examples.add("no answer within " + timeout + " ms, local port " + s.getLocalPort() + " at " + java.time.Instant.ofEpochMilli(t0));
    } catch (IOException e) {
      failed.incrementAndGet();
      examples.add(e.toString());
    }
    try {
      s.close();
    } catch (IOException e) {
      // ignore
    }
  }

  /** A masked text frame (mask 0: the payload is sent as is). */
  static byte[] masked(byte[] text) {
    int header = text.length < 126 ? 6 : 8;
    byte[] frame = new byte[header + text.length];
    frame[0] = (byte) 0x81;
    if (text.length < 126) {
      frame[1] = (byte) (0x80 | text.length);
    } else {
      frame[1] = (byte) (0x80 | 126);
      frame[2] = (byte) (text.length >> 8);
      frame[3] = (byte) text.length;
    }
    System.arraycopy(text, 0, frame, header, text.length);
    return frame;
  }

  /** Reads frames until the server's close frame; false on end of stream. */
  static boolean awaitClose(InputStream in) throws IOException {
    while (true) {
      int b0 = in.read();
      int b1 = in.read();
      if (b0 < 0 || b1 < 0) {
        return false;
      }
      long len = b1 & 0x7f;
      if (len == 126) {
        len = (in.read() << 8) | in.read();
      } else if (len == 127) {
        len = 0;
        for (int i = 0; i < 8; i++) {
          len = (len << 8) | in.read();
        }
      }
      in.skipNBytes(len);
      if ((b0 & 0x0f) == 0x8) {
        return true;
      }
    }
  }

  /** The status line, once the whole header block has arrived; null on end of stream. */
  static String statusLine(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      head.append((char) b);
      int len = head.length();
      if (len >= 4 && head.substring(len - 4).equals("\r\n\r\n")) {
        return head.substring(0, head.indexOf("\r\n"));
      }
    }
    return null;
  }

  static void jdk(HttpClient client, URI uri, int timeout, boolean keep) {
    long t0 = System.currentTimeMillis();
    java.util.concurrent.CompletableFuture<Integer> closedByServer =
        new java.util.concurrent.CompletableFuture<>();
    var future =
        client
            .newWebSocketBuilder()
            .buildAsync(
                uri,
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    ws.request(1);
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                    closedByServer.complete(code);
                    return null; // the client then answers with its own close frame
                  }
                });
    try {
      WebSocket ws = future.get(timeout, TimeUnit.MILLISECONDS);
      answered.incrementAndGet();
      if (keep) {
        held.add(() -> ws.sendClose(1000, ""));
      } else if (awaitServerClose) {
        if (first != null) {
          ws.sendText(new String(first, StandardCharsets.UTF_8), true);
        }
        closedByServer.get(timeout, TimeUnit.MILLISECONDS);
        serverClosed.incrementAndGet();
      } else {
        ws.sendClose(1000, "").get(timeout, TimeUnit.MILLISECONDS);
      }
    } catch (TimeoutException e) {
      future.cancel(true);
      unanswered.incrementAndGet();
      examples.add("no answer within " + timeout + " ms at " + java.time.Instant.ofEpochMilli(t0));
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof java.net.http.WebSocketHandshakeException) {
        refused.incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
      examples.add(cause.toString());
    }
  }
}
