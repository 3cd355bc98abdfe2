package dev.osmosis.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Channel} over HTTP long polling (docs/PROTOCOL.md §13) with {@code java.net.http}: the
 * first frame sent (the {@code connect}) opens the connection ({@code POST /osmosis/poll}, answered
 * with the connection id); from then on one poll ({@code GET /osmosis/poll/{cid}}) is always
 * outstanding, and frames are sent one request at a time ({@code POST /osmosis/poll/{cid}}), what
 * queued meanwhile joined into one JSON array.
 *
 * <p>A network error, an unexpected status or a poll unanswered for {@link #POLL_TIMEOUT} is a lost
 * connection, reported once ({@code 404}/{@code 410}: closed 1006; {@code 413}: closed 1009; else
 * an error). Opening completes at once: nothing goes on the network before the {@code connect}.
 */
final class HttpPollingTransport implements Channel {

  /**
   * The server's default hold time (25 s) plus the 10 s the contract allows before a server counts
   * as dead.
   */
  static final Duration POLL_TIMEOUT = Duration.ofSeconds(35);

  /**
   * A batch stops growing past this many characters (the server's default limit is 64 KiB of
   * UTF-8).
   */
  static final int MAX_BATCH_CHARS = 16 * 1024;

  static final int MAX_BATCH_MESSAGES = 64;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /**
   * The server answered the opening {@code POST} with a status other than 200 (e.g. 403: Origin
   * refused).
   */
  static final class RefusedException extends IOException {
    private final int status;

    RefusedException(int status, String body) {
      super("HTTP " + status + (body == null || body.isEmpty() ? "" : " " + body));
      this.status = status;
    }

    int statusCode() {
      return status;
    }
  }

  private record Pending(String text, CompletableFuture<Void> sent) {}

  private final HttpClient http;
  private final URI endpoint;
  private final Duration timeout;
  private final Channel.Receiver receiver;
  private final ArrayDeque<Pending> queued = new ArrayDeque<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private boolean posting;
  private volatile String cid;
  private volatile CompletableFuture<?> held;

  private HttpPollingTransport(
      HttpClient http, URI endpoint, Duration timeout, Channel.Receiver receiver) {
    this.http = http;
    this.endpoint = endpoint;
    this.timeout = timeout;
    this.receiver = receiver;
  }

  /**
   * A transport to the polling endpoint of the WebSocket URI {@code uri}; nothing is sent before
   * the first frame.
   */
  static CompletableFuture<Channel> open(URI uri, Duration timeout, Channel.Receiver receiver) {
    return open(null, uri, timeout, receiver);
  }

  /**
   * As {@link #open(URI, Duration, Channel.Receiver)} with {@code http} (its TLS context); null:
   * the shared one.
   */
  static CompletableFuture<Channel> open(
      HttpClient http, URI uri, Duration timeout, Channel.Receiver receiver) {
    return CompletableFuture.completedFuture(
        new HttpPollingTransport(http == null ? HTTP : http, endpoint(uri), timeout, receiver));
  }

  /**
   * {@code ws://host:port/osmosis} becomes {@code http://host:port/osmosis/poll} ({@code wss}:
   * {@code https}).
   */
  static URI endpoint(URI ws) {
    String scheme = "wss".equalsIgnoreCase(ws.getScheme()) ? "https" : "http";
    String path = ws.getPath() == null || ws.getPath().isEmpty() ? "/osmosis" : ws.getPath();
    try {
      return new URI(
          scheme,
          null,
          ws.getHost(),
          ws.getPort(),
          path.replaceFirst("/$", "") + "/poll",
          null,
          null);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("Not a server URI: " + ws, e);
    }
  }

  @Override
  public CompletableFuture<Void> send(String text) {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    boolean start;
    synchronized (queued) {
      if (ended.get()) {
        sent.completeExceptionally(new IOException("The polling connection has ended"));
        return sent;
      }
      queued.add(new Pending(text, sent));
      start = !posting;
      posting = true;
    }
    if (start) {
      postNext();
    }
    return sent;
  }

  /**
   * Sends what is queued as one request; the next starts when it is answered (one send at a time).
   */
  private void postNext() {
    List<Pending> batch = new ArrayList<>();
    boolean opening = cid == null;
    synchronized (queued) {
      if (ended.get() || queued.isEmpty()) {
        posting = false;
        return;
      }
      batch.add(queued.poll());
      int chars = batch.get(0).text().length();
      // the opening connect goes alone; a frame that is already an array is never nested
      while (!opening
          && !batch.get(0).text().startsWith("[")
          && !queued.isEmpty()
          && batch.size() < MAX_BATCH_MESSAGES
          && !queued.peek().text().startsWith("[")
          && chars + queued.peek().text().length() <= MAX_BATCH_CHARS) {
        Pending next = queued.poll();
        batch.add(next);
        chars += next.text().length();
      }
    }
    String body;
    if (batch.size() == 1) {
      body = batch.get(0).text();
    } else {
      StringBuilder joined = new StringBuilder("[");
      for (Pending p : batch) {
        joined.append(joined.length() > 1 ? "," : "").append(p.text());
      }
      body = joined.append(']').toString();
    }
    HttpRequest request =
        HttpRequest.newBuilder(opening ? endpoint : connection())
            .timeout(opening ? timeout : POLL_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, error) -> {
              Throwable failure = error;
              if (failure == null && opening) {
                failure = opened(response);
              } else if (failure == null && response.statusCode() != 204) {
                failure = statusFailure("send", response);
              }
              if (failure != null) {
                batch.forEach(p -> p.sent().completeExceptionally(failure(error, response)));
                lost(failure, response);
                return;
              }
              batch.forEach(p -> p.sent().complete(null));
              if (opening) {
                poll();
              }
              postNext();
            });
  }

  private Throwable opened(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      return new RefusedException(response.statusCode(), response.body());
    }
    try {
      Object answer = Json.parse(response.body());
      Object id = answer instanceof Map ? ((Map<?, ?>) answer).get("cid") : null;
      if (!(id instanceof String) || ((String) id).isEmpty()) {
        return new IOException(
            "The server answered the opening without a connection id: " + response.body());
      }
      cid = (String) id;
      return null;
    } catch (IllegalArgumentException e) {
      return new IOException("The server answered the opening with something else than JSON", e);
    }
  }

  private URI connection() {
    return URI.create(endpoint + "/" + cid);
  }

  /** Keeps one poll outstanding until the connection ends. */
  private void poll() {
    if (ended.get()) {
      return;
    }
    HttpRequest request = HttpRequest.newBuilder(connection()).timeout(POLL_TIMEOUT).GET().build();
    CompletableFuture<HttpResponse<String>> exchange =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    held = exchange; // cancelling the exchange itself (not a stage after it) aborts the request
    exchange.whenComplete(
        (response, error) -> {
          if (ended.get()) {
            return;
          }
          if (error != null) {
            lost(error, null);
          } else if (response.statusCode() == 200) {
            receiver.onText(response.body());
            poll();
          } else if (response.statusCode() == 204) {
            receiver.onPing(); // an empty answer after the hold time: the server is alive
            poll();
          } else {
            lost(statusFailure("poll", response), response);
          }
        });
  }

  private static IOException statusFailure(String what, HttpResponse<String> response) {
    return new IOException(
        "Polling " + what + " answered HTTP " + response.statusCode() + " " + response.body());
  }

  private static Throwable failure(Throwable error, HttpResponse<String> response) {
    return error != null ? error : new IOException("HTTP " + response.statusCode());
  }

  /** The connection is lost: reported once; what is still queued fails. */
  private void lost(Throwable failure, HttpResponse<String> response) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    failQueued();
    int status = response == null ? 0 : response.statusCode();
    if (cid != null && (status == 404 || status == 410)) {
      receiver.onClosed(1006, "the polling connection ended (HTTP " + status + ")");
    } else if (status == 413) {
      receiver.onClosed(1009, "message too large (HTTP 413)");
    } else {
      receiver.onError(failure);
    }
  }

  private void failQueued() {
    List<Pending> left;
    synchronized (queued) {
      left = new ArrayList<>(queued);
      queued.clear();
      posting = false;
    }
    left.forEach(
        p -> p.sent().completeExceptionally(new IOException("The polling connection has ended")));
  }

  @Override
  public void close(int code, String reason) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    failQueued();
    stopPolling();
    if (cid != null) {
      http.sendAsync(
              HttpRequest.newBuilder(connection()).timeout(timeout).DELETE().build(),
              HttpResponse.BodyHandlers.discarding())
          .whenComplete((response, error) -> receiver.onClosed(code, reason));
    }
  }

  /**
   * Stops at once: no more requests; the server notices by the missing polls (or a reconnect
   * replaces it).
   */
  @Override
  public void abort() {
    if (ended.compareAndSet(false, true)) {
      failQueued();
    }
    stopPolling();
  }

  private void stopPolling() {
    CompletableFuture<?> poll = held;
    if (poll != null) {
      poll.cancel(true);
    }
  }
}
