package dev.osmosis.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A transport that records what the session sends; optionally answers a close like a server. */
final class FakeTransport implements Channel {

  final List<String> sent = new CopyOnWriteArrayList<>();
  volatile boolean aborted;
  volatile int closeCode = -1;
  private final Channel.Receiver server;

  /**
   * @param server if not null, a {@code {"t":"close"}} is answered with a WebSocket close 1000
   */
  FakeTransport(Channel.Receiver server) {
    this.server = server;
  }

  @Override
  public CompletableFuture<Void> send(String text) {
    sent.add(text);
    if (server != null && text.equals("{\"t\":\"close\"}")) {
      server.onClosed(1000, "");
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close(int code, String reason) {
    closeCode = code;
  }

  @Override
  public void abort() {
    aborted = true;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> sentMessage(int index) {
    return (Map<String, Object>) Json.parse(sent.get(index));
  }

  Map<String, Object> lastSent() {
    return sentMessage(sent.size() - 1);
  }
}
