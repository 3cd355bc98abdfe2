package dev.osmosis.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare WebSocket for protocol tests: sends exactly the frames a test writes, records what comes
 * back.
 */
final class RawSocket implements WebSocket.Listener, AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
  private volatile boolean paused;
  private final WebSocket socket;

  RawSocket(URI uri) {
    this(uri, java.util.Map.of());
  }

  /** Opens with extra handshake request headers. */
  RawSocket(URI uri, java.util.Map<String, String> headers) {
    try {
      WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
      headers.forEach(builder::header);
      this.socket = builder.buildAsync(uri, this).join();
    } catch (RuntimeException e) {
      throw new AssertionError("cannot open a WebSocket to " + uri, e);
    }
  }

  static URI endpoint(java.net.URL base) {
    return URI.create(base.toString().replaceFirst("^http", "ws")).resolve("osmosis");
  }

  RawSocket send(String text) {
    socket.sendText(text, true).join();
    return this;
  }

  /**
   * Sends a frame the server may refuse while it is still being written (the send may then fail).
   */
  void sendRefused(String text) {
    socket.sendText(text, true).exceptionally(e -> null).join();
  }

  void sendBinary(byte[] data) {
    socket.sendBinary(ByteBuffer.wrap(data), true).join();
  }

  /**
   * Stops reading: the server's writes back up into TCP buffers and then its outbox (a slow
   * consumer).
   */
  void pause() {
    paused = true;
  }

  void resume() {
    paused = false;
    socket.request(1);
  }

  /** The next message, or fails the test after 10 s. */
  String next() throws InterruptedException {
    String m = messages.poll(10, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("no message from the server within 10 s");
    }
    return m;
  }

  int awaitClose() throws Exception {
    return closeCode.get(15, TimeUnit.SECONDS);
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      add("", text);
    }
    if (!paused) {
      ws.request(1);
    }
    return null;
  }

  /**
   * Each message of a text frame, marked with {@code mark} (a deflated frame's: {@link #DEFLATED}).
   */
  private void add(String mark, String text) {
    if (text.startsWith("[{")) {
      // A batch (docs/PROTOCOL.md §1): one message each, as if they had come one per frame.
      for (jakarta.json.JsonValue m :
          jakarta.json.Json.createReader(new java.io.StringReader(text)).readArray()) {
        messages.add(mark + m.toString());
      }
    } else {
      messages.add(mark + text);
    }
  }

  /** What {@link #next()} puts before each message that came in a deflated (binary) frame. */
  static final String DEFLATED = "deflated:";

  /**
   * A binary frame from the server: a deflated frame (docs/PROTOCOL.md "Deflated frames"), inflated
   * here; its messages are queued marked {@link #DEFLATED}, in order with the text ones.
   */
  @Override
  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
    byte[] part = new byte[data.remaining()];
    data.get(part);
    binary.writeBytes(part);
    if (last) {
      byte[] frame = binary.toByteArray();
      binary = new java.io.ByteArrayOutputStream();
      try {
        add(DEFLATED, dev.osmosis.protocol.DeflatedMessagesTest.inflate(frame));
      } catch (java.util.zip.DataFormatException | AssertionError e) {
        messages.add("malformed binary frame: " + e);
      }
    }
    if (!paused) {
      ws.request(1);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    closeCode.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    closeCode.complete(1006);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
    }
    socket.abort();
  }

  /**
   * A WebSocket spoken by hand over a plain TCP socket, for what {@link java.net.http.WebSocket}
   * cannot do: a chosen local address (per-address limits), one frame of any size, an unanswered
   * upgrade.
   */
  static final class Tcp implements AutoCloseable {
    final java.net.Socket socket;
    final int status;
    private final java.io.InputStream in;

    private Tcp(java.net.Socket socket, int status) throws java.io.IOException {
      this.socket = socket;
      this.status = status;
      this.in = socket.getInputStream();
    }

    /**
     * Connects from {@code localAddress} (any 127.x.y.z works on Linux) and asks to upgrade {@code
     * path}.
     */
    static Tcp upgrade(java.net.URL base, String localAddress, String path)
        throws java.io.IOException {
      java.net.Socket socket = new java.net.Socket();
      socket.bind(new java.net.InetSocketAddress(localAddress, 0));
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", base.getPort()), 10_000);
      socket.setSoTimeout(15_000);
      String request =
          "GET "
              + path
              + " HTTP/1.1\r\nHost: localhost:"
              + base.getPort()
              + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              + "Sec-WebSocket-Version: 13\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String head = readHead(socket.getInputStream());
      return new Tcp(socket, Integer.parseInt(head.split(" ", 3)[1]));
    }

    /** The status line and headers of an HTTP answer, read byte by byte up to the blank line. */
    static String readHead(java.io.InputStream in) throws java.io.IOException {
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new java.io.EOFException("connection closed in the HTTP answer: " + head);
        }
        head.append((char) b);
      }
      return head.toString();
    }

    /** One masked text frame with FIN set, {@code payload} as is. */
    Tcp sendText(byte[] payload) throws java.io.IOException {
      java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream(payload.length + 14);
      frame.write(0x81);
      if (payload.length < 126) {
        frame.write(0x80 | payload.length);
      } else if (payload.length < 65_536) {
        frame.write(0x80 | 126);
        frame.write(payload.length >>> 8);
        frame.write(payload.length & 0xff);
      } else {
        frame.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
          frame.write((int) ((long) payload.length >>> shift) & 0xff);
        }
      }
      frame.write(new byte[4]); // mask 0: the payload goes as is
      frame.write(payload);
      socket.getOutputStream().write(frame.toByteArray());
      return this;
    }

    Tcp sendText(String text) throws java.io.IOException {
      return sendText(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The next text message's payload, skipping pings; fails if the server closes first. */
    String nextText() throws java.io.IOException {
      while (true) {
        int[] opcode = new int[1];
        byte[] payload = readFrame(opcode);
        if (opcode[0] == 1) {
          return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
        if (opcode[0] == 8) {
          throw new AssertionError("closed by the server: " + closeCode(payload));
        }
      }
    }

    /**
     * Reads frames until the server's close frame: its code (1006 if the connection just ended).
     */
    int awaitClose() throws java.io.IOException {
      try {
        while (true) {
          int[] opcode = new int[1];
          byte[] payload = readFrame(opcode);
          if (opcode[0] == 8) {
            return closeCode(payload);
          }
        }
      } catch (java.io.EOFException | java.net.SocketException e) {
        return 1006;
      }
    }

    private static int closeCode(byte[] payload) {
      return payload.length < 2 ? 1005 : (payload[0] & 0xff) << 8 | payload[1] & 0xff;
    }

    private byte[] readFrame(int[] opcode) throws java.io.IOException {
      java.io.DataInputStream data = new java.io.DataInputStream(in);
      int first = data.readUnsignedByte();
      int second = data.readUnsignedByte();
      opcode[0] = first & 0x0f;
      long length = second & 0x7f;
      if (length == 126) {
        length = data.readUnsignedShort();
      } else if (length == 127) {
        length = data.readLong();
      }
      byte[] payload = new byte[(int) length];
      data.readFully(payload);
      return payload;
    }

    @Override
    public void close() throws java.io.IOException {
      socket.close();
    }
  }
}
