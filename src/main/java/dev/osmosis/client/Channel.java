package dev.osmosis.client;

import java.util.concurrent.CompletableFuture;

/**
 * The connection a session's messages travel on, whichever {@link Transport} carries it: a
 * WebSocket or HTTP long polling in production, a fake in tests.
 *
 * <p>Implementations are thread-safe and serialize their sends. Incoming traffic goes to a {@link
 * Receiver}, one call at a time in arrival order.
 */
interface Channel {

  /** Sends one complete text frame; the future completes when it is handed to the network. */
  CompletableFuture<Void> send(String text);

  /** Starts an orderly close with the given WebSocket close code (polling: {@code DELETE}). */
  void close(int code, String reason);

  /** Drops the connection at once, without a close handshake. */
  void abort();

  /** What a transport delivers to the session core. */
  interface Receiver {

    /** A complete text frame arrived. */
    void onText(String text);

    /** A WebSocket ping or an empty poll answer arrived: the server is alive. */
    default void onPing() {}

    /** The connection closed with the given WebSocket close code (1006 when abnormal). */
    void onClosed(int code, String reason);

    /** The connection failed. */
    void onError(Throwable error);
  }
}
