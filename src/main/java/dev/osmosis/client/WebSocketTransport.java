package dev.osmosis.client;

import dev.osmosis.wire.DeflatedFrames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.DataFormatException;

/**
 * A {@link Channel} over {@code java.net.http.WebSocket}: serializes sends (the JDK WebSocket
 * allows one outstanding send), reassembles text frames delivered in parts and requests incoming
 * messages one at a time. It opens the WebSocket with {@code ?compression=deflate-raw}, so the
 * server may send a large update of a compressed topic as a deflated frame (docs/PROTOCOL.md
 * "Deflated frames"): it is inflated here, on the same thread and in the same order as text frames,
 * and handed on as the text frame it stands for.
 */
final class WebSocketTransport implements Channel, WebSocket.Listener {

  /** One HTTP client (one selector thread) for every session of this JVM. */
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A frame larger than this is a broken or hostile server, not a message. */
  static final int MAX_INCOMING_CHARS = 16 * 1024 * 1024;

  private final HttpClient http;
  private final Channel.Receiver receiver;
  private final StringBuilder partial = new StringBuilder();
  private ByteBuffer binary = ByteBuffer.allocate(0);
  private volatile WebSocket webSocket;
  private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

  private WebSocketTransport(HttpClient http, Channel.Receiver receiver) {
    this.http = http;
    this.receiver = receiver;
  }

  /** Opens a WebSocket to {@code uri}; the future fails if the connection cannot be made. */
  static CompletableFuture<Channel> open(URI uri, Duration timeout, Channel.Receiver receiver) {
    return open(null, uri, timeout, receiver);
  }

  /**
   * As {@link #open(URI, Duration, Channel.Receiver)} with {@code http} (its TLS context); null:
   * the shared one.
   */
  static CompletableFuture<Channel> open(
      HttpClient http, URI uri, Duration timeout, Channel.Receiver receiver) {
    WebSocketTransport transport = new WebSocketTransport(http == null ? HTTP : http, receiver);
    return transport
        .http
        .newWebSocketBuilder()
        .connectTimeout(timeout)
        .buildAsync(withCompression(uri), transport)
        .thenApply(
            ws -> {
              transport.webSocket = ws;
              return transport;
            });
  }

  /** {@code uri} with the query parameter that asks for deflated frames. */
  static URI withCompression(URI uri) {
    String s = uri.toString();
    int fragment = s.indexOf('#');
    String head = fragment < 0 ? s : s.substring(0, fragment);
    String tail = fragment < 0 ? "" : s.substring(fragment);
    return URI.create(head + (uri.getRawQuery() == null ? "?" : "&") + DeflatedFrames.QUERY + tail);
  }

  @Override
  public synchronized CompletableFuture<Void> send(String text) {
    CompletableFuture<Void> sent =
        lastSend
            .handle((ignored, error) -> null) // a failed send must not block the ones after it
            .thenCompose(ignored -> webSocket.sendText(text, true))
            .thenApply(ws -> null);
    lastSend = sent;
    return sent;
  }

  @Override
  public synchronized void close(int code, String reason) {
    lastSend =
        lastSend
            .handle((ignored, error) -> null)
            .thenCompose(ignored -> webSocket.sendClose(code, reason));
  }

  @Override
  public void abort() {
    WebSocket current = webSocket;
    if (current != null) {
      current.abort();
    }
  }

  // ------------------------------------------------------------ WebSocket.Listener

  @Override
  public void onOpen(WebSocket ws) {
    webSocket = ws;
    ws.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    if (partial.length() + data.length() > MAX_INCOMING_CHARS) {
      partial.setLength(0);
      ws.abort();
      receiver.onError(new IllegalStateException("Incoming frame exceeds " + MAX_INCOMING_CHARS));
      return null;
    }
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      receiver.onText(text);
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
    receiver.onPing();
    return WebSocket.Listener.super.onPing(ws, message);
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
    if (binary.position() + data.remaining() > MAX_INCOMING_CHARS) {
      binary = ByteBuffer.allocate(0);
      ws.abort();
      receiver.onError(new IllegalStateException("Incoming frame exceeds " + MAX_INCOMING_CHARS));
      return null;
    }
    if (binary.remaining() < data.remaining()) {
      int size = Math.max(binary.capacity() * 2, binary.position() + data.remaining());
      binary = ByteBuffer.allocate(size).put(binary.flip());
    }
    binary.put(data);
    if (last) {
      byte[] frame = binary.array();
      int length = binary.position();
      binary = ByteBuffer.allocate(0);
      String text;
      try {
        text = Inflation.text(frame, length, MAX_INCOMING_CHARS);
      } catch (DataFormatException e) {
        ws.abort();
        receiver.onError(new IllegalStateException("Malformed deflated frame: " + e.getMessage()));
        return null;
      }
      receiver.onText(text);
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    receiver.onClosed(statusCode, reason);
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    receiver.onError(error);
  }
}
