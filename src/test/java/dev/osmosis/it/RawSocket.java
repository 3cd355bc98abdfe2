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

/** A bare WebSocket for protocol tests: sends exactly the frames a test writes, records what comes back. */
final class RawSocket implements WebSocket.Listener, AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
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

  /** Sends a frame the server may refuse while it is still being written (the send may then fail). */
  void sendRefused(String text) {
    socket.sendText(text, true).exceptionally(e -> null).join();
  }

  void sendBinary(byte[] data) {
    socket.sendBinary(ByteBuffer.wrap(data), true).join();
  }

  /** Stops reading: the server's writes back up into TCP buffers and then its outbox (a slow consumer). */
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
      if (text.startsWith("[{")) {
        // A batch (docs/PROTOCOL.md §1): one message each, as if they had come one per frame.
        for (jakarta.json.JsonValue m : jakarta.json.Json.createReader(new java.io.StringReader(text)).readArray()) {
          messages.add(m.toString());
        }
      } else {
        messages.add(text);
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
}
